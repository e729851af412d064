package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser UI in headless Chromium against a running appliance that holds alarm flows and noise
 * ({@link AlarmFlowScenario}): an operator logs in, searches, narrows by clicking field values, zooms the histogram by
 * dragging, opens an event, correlates it into a timeline, opens its transaction, sorts transactions and watches the
 * live tail. Every step leaves a screenshot in {@code target/ui-screenshots}.
 *
 * <p>Skipped when {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is missing ({@code .ci/run} installs
 * both).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiIT {
    private static final Path SHOTS = HeadlessChromium.SHOTS;
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final AtomicInteger SHOT = new AtomicInteger();

    @TempDir
    static Path dir;

    static RunningAppliance triad;
    static AlarmFlowScenario scenario;
    static ChromeDriver driver;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled("UiIT");
        triad = RunningAppliance.start(dir.resolve("triad"));
        scenario = new AlarmFlowScenario(20261201L, 20, 8);
        scenario.send(triad);
        triad.awaitHits("*:*", scenario.sent().size(), Duration.ofSeconds(30));
        base = "http://127.0.0.1:" + triad.port("web");

        Files.createDirectories(SHOTS);
        try (Stream<Path> old = Files.list(SHOTS)) {
            // its own numbered shots only: DashboardsUiIT leaves dash-*.png beside them
            for (Path p : old.filter(p -> p.getFileName().toString().matches("\\d+-.*\\.png"))
                    .toList()) {
                Files.delete(p);
            }
        }
        driver = HeadlessChromium.start(dir.resolve("chromium-profile"));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (triad != null) {
            triad.close();
        }
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedOnTheFormAndTheRightOneOpensTheSearch() throws IOException {
        driver.get(base + "/");
        waitVisible("#login-form");
        shot("login-form");
        login("admin", "not-the-password");
        WebElement error = waitVisible("#login-error");
        assertThat(error.getText()).startsWith("Login failed");
        shot("login-refused");

        login("admin", RunningAppliance.ADMIN_PASSWORD);
        waitVisible("#query");
        waitTotal(scenario.sent().size());
        assertThat(rows()).hasSize(100);
        assertThat($("#user").getText()).contains("admin");
        System.out.println("UiIT: first search " + $("#results-timing").getText());
        shot("search-after-login");

        int total = scenario.sent().size();
        $("#load-more").click();
        await(WAIT).until(d -> rows().size() == 200);
        $("#load-more").click();
        await(WAIT).until(d -> rows().size() == total);
        assertThat($("#load-more").isDisplayed()).isFalse();
        assertThat($("#more-note").getText()).isEqualTo("end of results");
        List<String> ids =
                rows().stream().map(r -> r.getDomAttribute("data-id")).toList();
        assertThat(ids).as("pages do not overlap").doesNotHaveDuplicates();
    }

    @Test
    @Order(2)
    void aSearchShowsItsHitsWithTheMatchedTermsHighlighted() throws IOException {
        String alarm = scenario.flows().keySet().iterator().next();
        long expected = scenario.sent().stream()
                .filter(s -> s.message().contains(alarm))
                .count();
        open(Map.of("q", alarm, "from", "now-1h"));
        waitTotal(expected);
        assertThat(rows()).hasSize((int) expected);
        for (WebElement row : rows()) {
            List<WebElement> marks = row.findElements(By.cssSelector("td.msg mark"));
            assertThat(marks).isNotEmpty();
            assertThat(marks.get(0).getText()).isEqualTo(alarm);
        }
        shot("search-highlights");

        // Enter searches again (relative times move on) and leaves the Performance API marks bench/ui.sh reads
        js("performance.clearMarks();");
        WebElement query = $("#query");
        query.clear();
        query.sendKeys(alarm + Keys.ENTER);
        await(WAIT)
                .until(d ->
                        ((Number) js("return performance.getEntriesByName('triad:hits-rendered').length;")).intValue()
                                > 0);
        Number took = (Number) js("return performance.getEntriesByName('triad:hits-rendered')[0].startTime"
                + " - performance.getEntriesByName('triad:search-start')[0].startTime;");
        System.out.println("UiIT: Enter to rows " + took + " ms");
        assertThat(took.doubleValue()).isPositive();
    }

    @Test
    @Order(3)
    void clickingFieldValuesExcludesAndNarrowsTheQuery() throws IOException {
        open(Map.of("from", "now-1h"));
        waitTotal(scenario.sent().size());
        waitState("#fields", "ready");
        shot("fields-sidebar");

        WebElement exclude = $("#fields .field[data-field='host'] li:first-child .fx-out");
        String excluded = exclude.getDomAttribute("data-value");
        exclude.click();
        long withoutHost =
                scenario.sent().stream().filter(s -> !s.host().equals(excluded)).count();
        waitQuery("-host:\"" + excluded + "\"");
        waitTotal(withoutHost);
        for (WebElement row : rows()) {
            assertThat(row.findElement(By.cssSelector("td.host")).getText()).isNotEqualTo(excluded);
        }
        shot("field-excluded");

        waitState("#fields", "ready");
        WebElement include = $("#fields .field[data-field='host'] li:first-child .fx-in");
        String host = include.getDomAttribute("data-value");
        assertThat(host).isNotEqualTo(excluded);
        include.click();
        long onHost =
                scenario.sent().stream().filter(s -> s.host().equals(host)).count();
        waitQuery("-host:\"" + excluded + "\" AND host:\"" + host + "\"");
        waitTotal(onHost);
        for (WebElement row : rows()) {
            assertThat(row.findElement(By.cssSelector("td.host")).getText()).isEqualTo(host);
        }
        assertThat(urlParams().get("q")).isEqualTo("-host:\"" + excluded + "\" AND host:\"" + host + "\"");
        shot("field-included");
    }

    @Test
    @Order(4)
    void theTimePickerSetsRelativeAndAbsoluteRanges() throws IOException {
        open(Map.of("from", "now-1h"));
        waitTotal(scenario.sent().size());
        $("#time-toggle").click();
        waitVisible("#time-panel");
        shot("time-picker");
        $("#preset-5m").click();
        await(WAIT).until(d -> "now-5m".equals(urlParams().get("from")));
        waitTotal(scenario.sent().size());
        assertThat($("#time-label").getText()).isEqualTo("Last 5 minutes");

        String from = Instant.now().minus(Duration.ofDays(2)).toString();
        String to = Instant.now().minus(Duration.ofDays(1)).toString();
        $("#time-toggle").click();
        WebElement fromInput = waitVisible("#time-from");
        fromInput.clear();
        fromInput.sendKeys(from);
        WebElement toInput = $("#time-to");
        toInput.clear();
        toInput.sendKeys(to);
        $("#time-apply").click();
        await(WAIT).until(d -> from.equals(urlParams().get("from")));
        assertThat(urlParams()).containsEntry("to", to);
        waitTotal(0);
        assertThat($("#hits tbody").getText()).contains("No events match");
        shot("time-absolute-empty");
    }

    @Test
    @Order(5)
    void aQueryThatDoesNotParseIsExplainedUnderTheBar() throws IOException {
        open(Map.of("from", "now-1h"));
        waitTotal(scenario.sent().size());
        $("#query-help-toggle").click();
        waitVisible("#query-help");
        shot("query-help");
        $("#query-help-toggle").click();

        WebElement query = $("#query");
        query.clear();
        query.sendKeys("door AND (forced" + Keys.ENTER);
        WebElement error = waitVisible("#query-error");
        assertThat(error.getText()).contains("Query error at column").contains("^");
        assertThat(query.getDomAttribute("class")).contains("invalid");
        waitState("#histogram", "error"); // the bars of the last good search are gone
        shot("query-error");
    }

    @Test
    @Order(6)
    void draggingAcrossTheHistogramZoomsTheSearchToThatRange() throws IOException {
        open(Map.of("from", "now-10m"));
        waitTotal(scenario.sent().size());
        waitState("#histogram", "ready");
        shot("histogram-before-zoom");
        WebElement chart = $("#histogram-chart");
        @SuppressWarnings("unchecked")
        List<Number> px = (List<Number>) js("""
                const el = document.getElementById('histogram-chart');
                const c = echarts.getInstanceByDom(el);
                const data = c.getOption().series[0].data;
                const step = data[1][0] - data[0][0];
                const full = data.filter((d) => d[1] > 0);
                const x = (t) => c.convertToPixel({ xAxisIndex: 0 }, t);
                return [x(full[0][0] - step / 2), x(full[full.length - 1][0] + step / 2), el.clientWidth, el.clientHeight];
                """);
        int left = (int) Math.floor(px.get(0).doubleValue()) - 3;
        int right = (int) Math.ceil(px.get(1).doubleValue()) + 3;
        int width = px.get(2).intValue();
        assertThat(right - left)
                .as("pixels from the first to the last bar with events")
                .isGreaterThan(6);
        int y = -10; // a little above the middle: inside the plot, above the x axis
        new Actions(driver)
                .moveToElement(chart, left - width / 2, y)
                .clickAndHold()
                .moveByOffset((right - left) / 2, 0)
                .moveByOffset(right - left - (right - left) / 2, 0)
                .release()
                .perform();
        await(WAIT).until(d -> urlParams().getOrDefault("from", "").contains("T"));
        Map<String, String> p = urlParams();
        Instant from = Instant.parse(p.get("from"));
        Instant to = Instant.parse(p.get("to"));
        assertThat(Duration.between(from, to)).isPositive().isLessThan(Duration.ofMinutes(10));
        waitTotal(scenario.sent().size());
        waitState("#histogram", "ready");
        assertThat($("#time-label").getText()).contains("→");
        shot("histogram-zoomed");
    }

    @Test
    @Order(7)
    void anEventOpensWithItsDetailAndCorrelatesIntoATimelineOfItsFlow() throws IOException {
        Map.Entry<String, List<AlarmFlowScenario.Sent>> flow =
                scenario.flows().entrySet().iterator().next();
        String alarm = flow.getKey();
        List<AlarmFlowScenario.Sent> steps = flow.getValue();
        List<AlarmFlowScenario.Sent> withAlarm = steps.stream()
                .filter(s -> s.keys().contains("alarm_id=" + alarm))
                .toList();
        // EEP classifies the event: it carries the alarm and the trace ids, and its host logs OS and network noise
        AlarmFlowScenario.Sent eep = steps.get(2);
        open(Map.of("q", "correlation.alarm_id:\"" + alarm + "\"", "from", "now-1h"));
        waitTotal(withAlarm.size());

        WebElement row = rows().stream()
                .filter(r -> r.findElement(By.cssSelector("td.msg")).getText().equals(eep.message()))
                .findFirst()
                .orElseThrow();
        String id = row.getDomAttribute("data-id");
        row.click();
        WebElement detail = waitVisible("tr.detail .event-detail");
        assertThat(detail.findElement(By.cssSelector(".full-message")).getText())
                .isEqualTo(eep.message());
        assertThat(detail.findElement(By.cssSelector(".chips")).getText()).contains(alarm);
        assertThat(urlParams().get("event")).isEqualTo(id);
        detail.findElement(By.cssSelector(".surrounding-toggle")).click();
        shot("event-detail");
        WebElement anchor = waitVisible("tr.detail .surrounding table.mini tr.anchor");
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", anchor);
        shot("event-surrounding");
        driver.executeScript("window.scrollTo(0, 0);");

        detail.findElement(By.cssSelector("a.correlate")).click();
        waitState("#timeline", "ready");
        assertThat(urlParams()).containsEntry("view", "correlate").containsEntry("event", id);
        List<String> messages = new ArrayList<>();
        for (WebElement r : driver.findElements(By.cssSelector("#corr-list tbody tr"))) {
            messages.add(r.findElement(By.cssSelector("td.msg")).getText());
        }
        List<String> linked = steps.stream()
                .filter(s -> s.keys().stream().anyMatch(eep.keys()::contains))
                .map(AlarmFlowScenario.Sent::message)
                .toList();
        assertThat(messages).containsAll(linked);
        List<WebElement> neighbours = driver.findElements(By.cssSelector("#corr-list tbody tr.is-neighbour"));
        assertThat(neighbours).as("other layers of the same host, shown apart").isNotEmpty();
        for (WebElement n : neighbours) {
            assertThat(linked)
                    .doesNotContain(n.findElement(By.cssSelector("td.msg")).getText());
        }
        Number hollow = (Number)
                js(
                        "return echarts.getInstanceByDom(document.getElementById('timeline')).getOption().series[1].data.length;");
        assertThat(hollow.intValue()).isEqualTo(neighbours.size());
        Number lanes = (Number)
                js(
                        "return echarts.getInstanceByDom(document.getElementById('timeline')).getOption().yAxis[0].data.length;");
        assertThat(lanes.intValue()).as("swimlanes").isGreaterThanOrEqualTo(3);
        assertThat($("#corr-keys").getText()).contains("alarm_id").contains(alarm);
        shot("correlation-timeline");

        driver.findElements(By.cssSelector("#corr-keys a.chip")).stream()
                .filter(a -> a.getText().contains(alarm))
                .findFirst()
                .orElseThrow()
                .click();
        waitState("#tx-summary", "ready");
        assertThat($("#tx-title").getText()).isEqualTo("alarm_id = " + alarm);
        assertThat(driver.findElements(By.cssSelector("#tx-events tbody tr"))).hasSize(withAlarm.size());
        assertThat(driver.findElements(By.cssSelector("#tx-components .step"))).isNotEmpty();
        assertThat($("#tx-duration").getText()).isNotEmpty();
        shot("transaction");
    }

    @Test
    @Order(8)
    void transactionsAreListedAndSortByDurationAndCount() throws IOException {
        open(Map.of("view", "transactions", "key", "alarm_id", "from", "now-1h"));
        waitState("#tx-table", "ready");
        assertThat(driver.findElements(By.cssSelector("#tx-table tbody tr.tx-row")))
                .hasSize(scenario.flows().size());
        $("#tx-table th[data-sort='count']").click();
        assertThat(counts()).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        $("#tx-table th[data-sort='count']").click();
        assertThat(counts()).isSorted();
        assertThat($("#tx-table th[data-sort='count']").getDomAttribute("data-dir"))
                .isEqualTo("asc");
        shot("transactions");
    }

    @Test
    @Order(9)
    void liveTailShowsANewEventWithinTwoSecondsNewestOnTopAndHoldsEventsWhilePaused() throws Exception {
        open(Map.of("view", "tail"));
        waitState(".view-tail", "live");
        shot("tail-waiting");

        String marker = "tail" + UUID.randomUUID().toString().replace("-", "");
        long sent = System.nanoTime();
        sendSyslog("live tail check " + marker);
        await(Duration.ofSeconds(2)).until(d -> $("#tail-rows").getText().contains(marker));
        long ms = (System.nanoTime() - sent) / 1_000_000;
        assertThat(ms).as("ms from sending to the row in the browser").isLessThan(2000);
        System.out.println("UiIT: live tail row " + ms + " ms after the syslog line was sent");
        shot("tail-event");

        $("#tail-pause").click();
        waitState(".view-tail", "paused");
        // one connection, so the order of arrival is the order sent
        sendSyslog("first while paused " + marker, "second while paused " + marker);
        Thread.sleep(1000);
        assertThat($("#tail-rows").getText()).doesNotContain("while paused");
        shot("tail-paused");
        $("#tail-pause").click();
        await(Duration.ofSeconds(2)).until(d -> $("#tail-rows").getText().contains("first while paused"));
        String text = $("#tail-rows").getText();
        assertThat(text.indexOf("second while paused"))
                .as("newest on top")
                .isLessThan(text.indexOf("first while paused"));
        assertThat(text.indexOf("first while paused")).isLessThan(text.indexOf("live tail check"));
        shot("tail-resumed");
    }

    @Test
    @Order(10)
    void markupInAMessageIsShownAsTextNeverRun() throws Exception {
        String marker = "xss" + UUID.randomUUID().toString().replace("-", "");
        String message = "<img src=x onerror=\"window.__xss=1\"> <b>bold</b> " + marker;
        sendSyslog(message);
        triad.awaitHits(marker, 1, Duration.ofSeconds(15));
        open(Map.of("q", marker, "from", "now-1h"));
        waitTotal(1);
        WebElement cell = rows().get(0).findElement(By.cssSelector("td.msg"));
        assertThat(cell.getText()).isEqualTo(message);
        assertThat(cell.findElements(By.cssSelector("img, b"))).isEmpty();
        rows().get(0).click();
        assertThat(waitVisible("tr.detail .full-message").getText()).isEqualTo(message);
        assertThat(js("return window.__xss === undefined;")).isEqualTo(true);
        shot("markup-as-text");
    }

    @Test
    @Order(11)
    void fieldFiltersAreAddedAsClausesOfTheQuery() {
        @SuppressWarnings("unchecked")
        List<String> out = (List<String>) ((JavascriptExecutor) driver).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        import('/ui/format.js').then((f) => done([
                          f.addClause('', f.clause('host', 'eep-1')),
                          f.addClause('door forced', f.clause('host', 'eep-1')),
                          f.addClause('host:"a" AND -app:"b"', f.clause('host', 'c')),
                          f.addClause('host:"a"', f.clause('host', 'a', true)),
                          f.addClause('-host:"a"', f.clause('host', 'a', true)),
                          f.clause('fields.sd@1.x', 'say "hi" \\\\ bye'),
                          f.clause('fields.a:b', 'v'),
                          f.highlight('alarm ALM-1 <b> raised', [[6, 11], [0, 5], [8, 30]]),
                        ]));
                        """);
        assertThat(out)
                .containsExactly(
                        "host:\"eep-1\"",
                        "(door forced) AND host:\"eep-1\"",
                        "host:\"a\" AND -app:\"b\" AND host:\"c\"",
                        "-host:\"a\"",
                        "-host:\"a\"",
                        "fields.sd@1.x:\"say \\\"hi\\\" \\\\ bye\"",
                        "fields.a\\:b:\"v\"",
                        "<mark>alarm</mark> <mark>ALM-1</mark><mark> &lt;b&gt; raised</mark>");
    }

    @Test
    @Order(12)
    void aLinkReproducesTheSearchWithItsSelectedEventAndSearchesCanBeSaved() throws IOException {
        String host = scenario.sent().stream()
                .collect(Collectors.groupingBy(AlarmFlowScenario.Sent::host, Collectors.counting()))
                .entrySet()
                .stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey(); // the busiest host, so it has several rows
        open(Map.of("q", "host:\"" + host + "\"", "from", "now-1h"));
        waitTotal(scenario.sent().stream().filter(s -> s.host().equals(host)).count());
        WebElement second = rows().get(1);
        String id = second.getDomAttribute("data-id");
        second.click();
        waitVisible("tr.detail");
        String link = driver.getCurrentUrl();
        assertThat(urlParams()).containsEntry("event", id).containsEntry("q", "host:\"" + host + "\"");

        driver.get("about:blank");
        driver.get(link);
        waitVisible("tr.hit.open[data-id='" + id + "'] + tr.detail");
        assertThat($("#query").getDomProperty("value")).isEqualTo("host:\"" + host + "\"");
        shot("link-reproduced");

        $("#saved-toggle").click();
        WebElement name = waitVisible("#saved-name");
        name.sendKeys("door hosts" + Keys.ENTER);
        await(WAIT).until(d -> $("#saved-list").getText().contains("door hosts"));
        shot("saved-search");
        $("#saved-list .delete-saved").click();
        await(WAIT).until(d -> !$("#saved-list").getText().contains("door hosts"));
    }

    @Test
    @Order(13)
    void logoutShowsTheLoginFormAgain() throws IOException {
        open(Map.of("from", "now-1h"));
        waitVisible("#logout").click();
        waitVisible("#login-form");
        shot("logged-out");
        driver.get(base + "/?view=search");
        waitVisible("#login-form");
    }

    @Test
    @Order(14)
    void theBrowserReportedNoScriptError() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            String m = e.getMessage();
            // expected: the refused login (401), the query that does not parse (400), the checks of a logged-out
            // session
            boolean expectedHttpError =
                    m.contains("Failed to load resource") && (m.contains("401") || m.contains("400"));
            if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue() && !expectedHttpError) {
                errors.add(m);
            }
        }
        assertThat(errors).isEmpty();
    }

    // ---- helpers

    private static void login(String user, String password) {
        WebElement u = $("#login-username");
        WebElement p = $("#login-password");
        u.clear();
        u.sendKeys(user);
        p.clear();
        p.sendKeys(password);
        $("#login-submit").click();
    }

    private static void open(Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("view", "search");
        all.put("q", "");
        all.put("from", "now-15m");
        all.put("to", "now");
        all.putAll(params);
        StringBuilder url = new StringBuilder(base).append("/?");
        all.forEach((k, v) -> url.append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                .append('&'));
        driver.get(url.substring(0, url.length() - 1));
    }

    /** A wait that looks every 50 ms, so measured times are not rounded up to the default half second. */
    private static WebDriverWait await(Duration timeout) {
        WebDriverWait w = new WebDriverWait(driver, timeout);
        w.pollingEvery(Duration.ofMillis(50));
        return w;
    }

    private static WebElement $(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    private static WebElement waitVisible(String css) {
        return await(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private static void waitState(String css, String state) {
        await(WAIT)
                .withMessage(() -> css + " never reached data-state=" + state)
                .until(d -> state.equals(d.findElement(By.cssSelector(css)).getDomAttribute("data-state")));
    }

    /** Waits until the rows shown are of a finished search with exactly {@code total} hits. */
    private static void waitTotal(long total) {
        await(WAIT)
                .withMessage(() -> "results never showed a total of " + total + "; last: "
                        + driver.findElement(By.id("results")).getDomAttribute("data-total"))
                .until(d -> {
                    WebElement r = d.findElement(By.id("results"));
                    return "ready".equals(r.getDomAttribute("data-state"))
                            && String.valueOf(total).equals(r.getDomAttribute("data-total"));
                });
    }

    private static void waitQuery(String q) {
        await(WAIT)
                .withMessage(() -> "the query never became " + q)
                .until(d -> q.equals(d.findElement(By.id("query")).getDomProperty("value")));
    }

    private static List<WebElement> rows() {
        return driver.findElements(By.cssSelector("#hits tbody tr.hit"));
    }

    private static List<Long> counts() {
        List<Long> out = new ArrayList<>();
        for (WebElement td : driver.findElements(By.cssSelector("#tx-table tbody td.count"))) {
            out.add(Long.parseLong(td.getText().replace(",", "")));
        }
        return out;
    }

    private static Map<String, String> urlParams() {
        return HeadlessChromium.urlParams(driver);
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static void shot(String name) throws IOException {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        String file = String.format(java.util.Locale.ROOT, "%02d-%s.png", SHOT.incrementAndGet(), name);
        Files.write(SHOTS.resolve(file), png);
    }

    /** RFC 5424 lines over one TCP connection (LF framing), in this order. */
    private static void sendSyslog(String... messages) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String m : messages) {
            lines.append("<134>1 ")
                    .append(Instant.now())
                    .append(" tail-host uitest 4242 - - ")
                    .append(m)
                    .append('\n');
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), triad.port("syslog-tcp"))) {
            OutputStream out = s.getOutputStream();
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
