package io.triad.appliance.e2e;

import io.triad.testkit.Tools;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;

/**
 * The system's headless Chromium for the browser tests (driven through {@link ChromiumPage}): the flags it needs as
 * root in a container, a fresh profile, browser console logs kept, and where screenshots go.
 */
final class HeadlessChromium {
    static final Path SHOTS = Path.of("target", "ui-screenshots");

    private HeadlessChromium() {}

    /** Whether the browser and its driver are on {@code PATH}. */
    static boolean installed() {
        return Tools.find("chromium").isPresent() && Tools.find("chromedriver").isPresent();
    }

    /**
     * Skips the calling test class when the browser or its driver is missing (fails it with {@code
     * -Dtriad.requireTools=true}).
     */
    static void assumeInstalled(String test) {
        Tools.requireAll(
                test + " drives headless Chromium: apt-get install chromium chromium-driver",
                "chromium",
                "chromedriver");
    }

    /** A 1440 x 900 headless browser with a new profile under {@code profile}. */
    static ChromeDriver start(Path profile) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Tools.require("chromium", "apt-get install chromium").toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--window-size=1440,900",
                "--user-data-dir=" + Files.createDirectories(profile));
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Tools.require("chromedriver", "apt-get install chromium-driver")
                        .toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1440, 900));
        return driver;
    }

    /** Deletes the screenshots of an earlier run whose file names {@code ours} accepts (creating the folder). */
    static void deleteShots(Predicate<String> ours) throws IOException {
        Files.createDirectories(SHOTS);
        try (Stream<Path> old = Files.list(SHOTS)) {
            for (Path p : old.filter(p -> ours.test(p.getFileName().toString())).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The decoded query parameters of the page's URL, in order. */
    static Map<String, String> urlParams(WebDriver driver) {
        Map<String, String> out = new LinkedHashMap<>();
        String query = URI.create(driver.getCurrentUrl()).getRawQuery();
        if (query == null) {
            return out;
        }
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }
}
