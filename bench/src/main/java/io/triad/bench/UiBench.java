package io.triad.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code bench/ui.sh}: how long a person waits for search results in the browser, over the data directory
 * {@code bench/ingest.sh} loaded. Headless Chromium (the system's, through Selenium) logs in, then for each query of
 * the list types it into the query bar and presses Enter; the UI marks {@code triad:search-start} when it sends the
 * requests and {@code triad:hits-rendered} when the result rows are in the page (Performance API), and the figure is
 * the time between the two marks. The first results of a page load are measured as well: navigation start until
 * {@code triad:hits-rendered} of a freshly loaded search URL.
 *
 * <p>Baseline: the same {@code /api/v1/search} request timed from this JVM over HTTP (no browser, no rendering).
 */
final class UiBench {
    private static final String[] QUERIES = {
        "host:door-017", "tamper", "\"access denied\"", "conn*", "granted AND door", "severity:3", "*"
    };

    private UiBench() {}

    /** {@code UiBench DATA_DIR EVENT_FILE RUNS}. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: UiBench DATA_DIR EVENT_FILE RUNS");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        EventFileMeta meta = EventFileMeta.read(Path.of(args[1]));
        int runs = Integer.parseInt(args[2]);
        TriadClient triad = TriadClient.fromRunFile(data);
        String password = System.getenv("TRIAD_ADMIN_PASSWORD");
        if (password == null || password.isEmpty()) {
            throw new IllegalStateException(
                    "TRIAD_ADMIN_PASSWORD must hold the admin's password (bench/lib.sh sets it)");
        }
        String from = Instant.ofEpochMilli(meta.firstMillis() - 60_000).toString();
        String to = Instant.ofEpochMilli(meta.lastMillis() + 60_000).toString();
        String base = "http://127.0.0.1:" + triad.port("web");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium", "/usr/bin/chromium"));
        Path profile = Files.createTempDirectory("triad-ui-bench");
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1600,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"))
                        .toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        double[] typed = new double[runs * QUERIES.length];
        double[] api = new double[runs * QUERIES.length];
        double[] pageLoads = new double[runs];
        double[] baseline = new double[runs * QUERIES.length];
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            String first = base + "/?view=search&q=" + enc(QUERIES[0]) + "&from=" + enc(from) + "&to=" + enc(to);
            driver.get(first);
            wait.until(d -> !d.findElements(By.id("login-username")).isEmpty()
                    || !d.findElements(By.cssSelector("tr.hit")).isEmpty());
            if (!driver.findElements(By.id("login-username")).isEmpty()) {
                driver.findElement(By.id("login-username")).sendKeys("admin");
                driver.findElement(By.id("login-password")).sendKeys(password);
                driver.findElement(By.id("login-submit")).click();
            }
            wait.until(d -> !d.findElements(By.cssSelector("tr.hit")).isEmpty());
            JavascriptExecutor js = driver;
            // warm-up: each query once
            for (String q : QUERIES) {
                search(driver, js, wait, q);
            }
            int k = 0;
            for (int r = 0; r < runs; r++) {
                for (String q : QUERIES) {
                    double[] t = search(driver, js, wait, q);
                    typed[k] = t[0];
                    api[k] = t[1];
                    long t0 = System.nanoTime();
                    triad.get("/api/v1/search", Map.of("q", q, "from", from, "to", to, "limit", "100"));
                    baseline[k] = (System.nanoTime() - t0) / 1e6;
                    k++;
                }
                driver.get(base + "/?view=search&q=" + enc(QUERIES[r % QUERIES.length]) + "&from=" + enc(from) + "&to="
                        + enc(to));
                wait.until(d -> number(js, "return performance.getEntriesByName('triad:hits-rendered').length") > 0);
                pageLoads[r] = number(js, "return performance.getEntriesByName('triad:hits-rendered')[0].startTime");
            }
        } finally {
            driver.quit();
        }
        JsonNode health = triad.get("/api/v1/health", Map.of());
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.printf(
                Locale.ROOT,
                "%nTriad UI benchmark: %,d events indexed; headless Chromium; %d queries x %d runs (%s)%n%n",
                health.path("indexer").path("indexedPosition").asLong(),
                QUERIES.length,
                runs,
                String.join(", ", List.of(QUERIES)));
        String row = "%-58s %10s %10s %8s%n";
        out.printf(Locale.ROOT, row, "measure", "p50 ms", "p99 ms", "samples");
        out.printf(Locale.ROOT, row, "-".repeat(58), "-".repeat(10), "-".repeat(10), "-".repeat(8));
        print(out, row, "Enter pressed -> result rows in the page (browser)", typed);
        print(out, row, "  of which the /api/v1/search request (Resource Timing)", api);
        print(out, row, "page load (navigation start) -> result rows", pageLoads);
        print(out, row, "baseline: the same /api/v1/search from this JVM", baseline);
        double p99 = new Percentiles(typed).at(99);
        out.printf(
                Locale.ROOT,
                "%nbar: first results <= 300 ms after Enter: p99 %.1f ms %s%n",
                p99,
                p99 <= 300 ? "PASS" : "FAIL");
    }

    /** Types a query, presses Enter, waits for the rows: {Enter to rows, the search request's duration} in ms. */
    private static double[] search(ChromeDriver driver, JavascriptExecutor js, WebDriverWait wait, String q) {
        js.executeScript("performance.clearMarks(); performance.clearResourceTimings();");
        WebElement input = driver.findElement(By.id("query"));
        input.clear();
        input.sendKeys(q);
        input.sendKeys(Keys.ENTER);
        wait.until(d -> number(js, "return performance.getEntriesByName('triad:hits-rendered').length") > 0);
        double start = number(js, "return performance.getEntriesByName('triad:search-start')[0].startTime");
        double rendered = number(js, "return performance.getEntriesByName('triad:hits-rendered')[0].startTime");
        double request = number(
                js,
                "const e = performance.getEntriesByType('resource')"
                        + ".filter(r => r.name.includes('/api/v1/search?')); return e.length ? e[0].duration : -1;");
        return new double[] {rendered - start, request};
    }

    /** The number a script returns. */
    private static double number(JavascriptExecutor js, String script) {
        Object v = js.executeScript(script);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalStateException("script '" + script + "' returned " + v + ", not a number");
    }

    private static void print(PrintStream out, String row, String name, double[] sample) {
        Percentiles p = new Percentiles(sample);
        out.printf(
                Locale.ROOT, row, name, QueryBench.ms(p.at(50)), QueryBench.ms(p.at(99)), Integer.toString(p.size()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
