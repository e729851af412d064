package io.triad.appliance.e2e;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser tests' view of the page in a {@link HeadlessChromium}: elements by CSS selector, waits with the test's
 * timeout and polling that look again when the page redrew what they read, attributes and texts read again after a
 * redraw, clicks on elements found afresh, the login form, screenshots under {@link HeadlessChromium#SHOTS} and the
 * problems the browser's console reported.
 *
 * <p>NOTE: not thread-safe: one test thread drives it. {@link #close} quits the browser.
 */
final class ChromiumPage implements AutoCloseable {
    /** The browser, for what this class does not wrap. */
    final ChromeDriver driver;

    private final Duration timeout;
    private final Duration polling;

    private ChromiumPage(ChromeDriver driver, Duration timeout, Duration polling) {
        this.driver = driver;
        this.timeout = timeout;
        this.polling = polling;
    }

    /**
     * Starts a browser with a new profile under {@code profile}; its waits give up after {@code timeout} and look every
     * {@code polling}.
     */
    static ChromiumPage start(Path profile, Duration timeout, Duration polling) throws IOException {
        return new ChromiumPage(HeadlessChromium.start(profile), timeout, polling);
    }

    /** A wait of the page's timeout. */
    WebDriverWait await() {
        return await(timeout);
    }

    /** A wait of {@code within} that looks every polling interval and again when an element it read went stale. */
    WebDriverWait await(Duration within) {
        WebDriverWait w = new WebDriverWait(driver, within);
        w.pollingEvery(polling);
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    /** The first element {@code css} matches (Selenium's NoSuchElementException when none does). */
    WebElement $(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    WebElement waitVisible(String css) {
        return await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void waitText(String css, String text) {
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    /** An attribute of the first element {@code css} matches, read again if the page redrew it ("" when none). */
    String attr(String css, String attribute) {
        for (int i = 0; i < 3; i++) {
            try {
                List<WebElement> found = driver.findElements(By.cssSelector(css));
                if (found.isEmpty()) {
                    return "";
                }
                String v = found.get(0).getAttribute(attribute);
                return v == null ? "" : v;
            } catch (StaleElementReferenceException e) {
                // redrawn meanwhile: read again
            }
        }
        return "";
    }

    /** The text of the first element {@code css} matches, read again if the page redrew it ("" when none). */
    String text(String css) {
        for (int i = 0; i < 3; i++) {
            try {
                List<WebElement> found = driver.findElements(By.cssSelector(css));
                return found.isEmpty() ? "" : found.get(0).getText();
            } catch (StaleElementReferenceException e) {
                // redrawn meanwhile: read again
            }
        }
        return "";
    }

    /** Clicks the element {@code css} matches, found afresh until the click lands: the page may redraw it any time. */
    void click(String css) {
        await().until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Scrolls the element {@code css} matches to the top of the window, 50 pixels below it. */
    void scrollTo(String css) {
        js("document.querySelector('" + css + "').scrollIntoView({block: 'start'}); window.scrollBy(0, -50);");
    }

    /** Opens {@code url} with the query parameters, URL-encoded, in their order. */
    void open(String url, Map<String, String> params) {
        StringBuilder u = new StringBuilder(url);
        params.forEach((k, v) -> u.append(u.indexOf("?") < 0 ? '?' : '&')
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        driver.get(u.toString());
    }

    /** The decoded query parameters of the page's URL, in order. */
    Map<String, String> urlParams() {
        return HeadlessChromium.urlParams(driver);
    }

    /** Fills in the login form, whatever its fields held, and submits it. */
    void login(String user, String password) {
        WebElement u = $("#login-username");
        WebElement p = $("#login-password");
        u.clear();
        u.sendKeys(user);
        p.clear();
        p.sendKeys(password);
        $("#login-submit").click();
    }

    /** A screenshot of the window as {@code SHOTS/<name>.png}. */
    void shot(String name) throws IOException {
        Files.createDirectories(HeadlessChromium.SHOTS);
        Files.write(HeadlessChromium.SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /**
     * The console's messages of {@code atLeast} and above since the last call ({@code "<level> <message>"}), but those
     * {@code expected} accepts.
     */
    List<String> consoleProblems(Level atLeast, Predicate<String> expected) {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= atLeast.intValue() && !expected.test(e.getMessage())) {
                out.add(e.getLevel() + " " + e.getMessage());
            }
        }
        return out;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
