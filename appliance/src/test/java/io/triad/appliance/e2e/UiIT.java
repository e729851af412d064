package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

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
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final AtomicInteger SHOT = new AtomicInteger();

    @TempDir
    static Path dir;

    static RunningAppliance triad;
    static AlarmFlowScenario scenario;
    static ChromiumPage page;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled("UiIT");
        triad = RunningAppliance.start(dir.resolve("triad"));
        scenario = new AlarmFlowScenario(20261201L, 20, 8);
        scenario.send(triad);
        triad.awaitHits("*:*", scenario.sent().size(), Duration.ofSeconds(30));
        base = "http://127.0.0.1:" + triad.port("web");

        // its own numbered shots only: DashboardsUiIT leaves dash-*.png beside them
        HeadlessChromium.deleteShots(name -> name.matches("\\d+-.*\\.png"));
        // a wait that looks every 50 ms, so measured times are not rounded up to the default half second
        page = ChromiumPage.start(dir.resolve("chromium-profile"), WAIT, Duration.ofMillis(50));
    }

    @AfterAll
    static void stop() {
        if (page != null) {
            page.close();
        }
        if (triad != null) {
            triad.close();
        }
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedOnTheFormAndTheRightOneOpensTheSearch() throws IOException {
        page.driver.get(base + "/");
        page.waitVisible("#login-form");
        shot("login-form");
        page.login("admin", "not-the-password");
        WebElement error = page.waitVisible("#login-error");
        assertThat(error.getText()).startsWith("Login failed");
        shot("login-refused");

        page.login("admin", RunningAppliance.ADMIN_PASSWORD);
        page.waitVisible("#query");
        waitTotal(scenario.sent().size());
        assertThat(rows()).hasSize(100);
        assertThat(page.$("#user").getText()).contains("admin");
        System.out.println("UiIT: first search " + page.$("#results-timing").getText());
        shot("search-after-login");

        int total = scenario.sent().size();
        page.$("#load-more").click();
        page.await().until(d -> rows().size() == 200);
        page.$("#load-more").click();
        page.await().until(d -> rows().size() == total);
        assertThat(page.$("#load-more").isDisplayed()).isFalse();
        assertThat(page.$("#more-note").getText()).isEqualTo("end of results");
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
        page.js("performance.clearMarks();");
        WebElement query = page.$("#query");
        query.clear();
        query.sendKeys(alarm + Keys.ENTER);
        page.await()
                .until(d -> ((Number) page.js("return performance.getEntriesByName('triad:hits-rendered').length;"))
                                .intValue()
                        > 0);
        Number took = (Number) page.js("return performance.getEntriesByName('triad:hits-rendered')[0].startTime"
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

        WebElement exclude = page.$("#fields .field[data-field='host'] li:first-child .fx-out");
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
        WebElement include = page.$("#fields .field[data-field='host'] li:first-child .fx-in");
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
        assertThat(page.urlParams().get("q")).isEqualTo("-host:\"" + excluded + "\" AND host:\"" + host + "\"");
        shot("field-included");
    }

    @Test
    @Order(4)
    void theTimePickerSetsRelativeAndAbsoluteRanges() throws IOException {
        open(Map.of("from", "now-1h"));
        waitTotal(scenario.sent().size());
        page.$("#time-toggle").click();
        page.waitVisible("#time-panel");
        shot("time-picker");
        page.$("#preset-5m").click();
        page.await().until(d -> "now-5m".equals(page.urlParams().get("from")));
        waitTotal(scenario.sent().size());
        assertThat(page.$("#time-label").getText()).isEqualTo("Last 5 minutes");

        String from = Instant.now().minus(Duration.ofDays(2)).toString();
        String to = Instant.now().minus(Duration.ofDays(1)).toString();
        page.$("#time-toggle").click();
        WebElement fromInput = page.waitVisible("#time-from");
        fromInput.clear();
        fromInput.sendKeys(from);
        WebElement toInput = page.$("#time-to");
        toInput.clear();
        toInput.sendKeys(to);
        page.$("#time-apply").click();
        page.await().until(d -> from.equals(page.urlParams().get("from")));
        assertThat(page.urlParams()).containsEntry("to", to);
        waitTotal(0);
        assertThat(page.$("#hits tbody").getText()).contains("No events match");
        shot("time-absolute-empty");
    }

    @Test
    @Order(5)
    void aQueryThatDoesNotParseIsExplainedUnderTheBar() throws IOException {
        open(Map.of("from", "now-1h"));
        waitTotal(scenario.sent().size());
        page.$("#query-help-toggle").click();
        page.waitVisible("#query-help");
        shot("query-help");
        page.$("#query-help-toggle").click();

        WebElement query = page.$("#query");
        query.clear();
        query.sendKeys("door AND (forced" + Keys.ENTER);
        WebElement error = page.waitVisible("#query-error");
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
        WebElement chart = page.$("#histogram-chart");
        @SuppressWarnings("unchecked")
        List<Number> px = (List<Number>) page.js("""
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
        new Actions(page.driver)
                .moveToElement(chart, left - width / 2, y)
                .clickAndHold()
                .moveByOffset((right - left) / 2, 0)
                .moveByOffset(right - left - (right - left) / 2, 0)
                .release()
                .perform();
        page.await().until(d -> page.urlParams().getOrDefault("from", "").contains("T"));
        Map<String, String> p = page.urlParams();
        Instant from = Instant.parse(p.get("from"));
        Instant to = Instant.parse(p.get("to"));
        assertThat(Duration.between(from, to)).isPositive().isLessThan(Duration.ofMinutes(10));
        waitTotal(scenario.sent().size());
        waitState("#histogram", "ready");
        assertThat(page.$("#time-label").getText()).contains("→");
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
        WebElement detail = page.waitVisible("tr.detail .event-detail");
        assertThat(detail.findElement(By.cssSelector(".full-message")).getText())
                .isEqualTo(eep.message());
        assertThat(detail.findElement(By.cssSelector(".chips")).getText()).contains(alarm);
        assertThat(page.urlParams().get("event")).isEqualTo(id);
        detail.findElement(By.cssSelector(".surrounding-toggle")).click();
        shot("event-detail");
        WebElement anchor = page.waitVisible("tr.detail .surrounding table.mini tr.anchor");
        page.driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", anchor);
        shot("event-surrounding");
        page.driver.executeScript("window.scrollTo(0, 0);");

        detail.findElement(By.cssSelector("a.correlate")).click();
        waitState("#timeline", "ready");
        assertThat(page.urlParams()).containsEntry("view", "correlate").containsEntry("event", id);
        List<String> messages = new ArrayList<>();
        for (WebElement r : page.driver.findElements(By.cssSelector("#corr-list tbody tr"))) {
            messages.add(r.findElement(By.cssSelector("td.msg")).getText());
        }
        List<String> linked = steps.stream()
                .filter(s -> s.keys().stream().anyMatch(eep.keys()::contains))
                .map(AlarmFlowScenario.Sent::message)
                .toList();
        assertThat(messages).containsAll(linked);
        List<WebElement> neighbours = page.driver.findElements(By.cssSelector("#corr-list tbody tr.is-neighbour"));
        assertThat(neighbours).as("other layers of the same host, shown apart").isNotEmpty();
        for (WebElement n : neighbours) {
            assertThat(linked)
                    .doesNotContain(n.findElement(By.cssSelector("td.msg")).getText());
        }
        Number hollow = (Number)
                page.js(
                        "return echarts.getInstanceByDom(document.getElementById('timeline')).getOption().series[1].data.length;");
        assertThat(hollow.intValue()).isEqualTo(neighbours.size());
        Number lanes = (Number)
                page.js(
                        "return echarts.getInstanceByDom(document.getElementById('timeline')).getOption().yAxis[0].data.length;");
        assertThat(lanes.intValue()).as("swimlanes").isGreaterThanOrEqualTo(3);
        assertThat(page.$("#corr-keys").getText()).contains("alarm_id").contains(alarm);
        shot("correlation-timeline");

        page.driver.findElements(By.cssSelector("#corr-keys a.chip")).stream()
                .filter(a -> a.getText().contains(alarm))
                .findFirst()
                .orElseThrow()
                .click();
        waitState("#tx-summary", "ready");
        assertThat(page.$("#tx-title").getText()).isEqualTo("alarm_id = " + alarm);
        assertThat(page.driver.findElements(By.cssSelector("#tx-events tbody tr")))
                .hasSize(withAlarm.size());
        assertThat(page.driver.findElements(By.cssSelector("#tx-components .step")))
                .isNotEmpty();
        assertThat(page.$("#tx-duration").getText()).isNotEmpty();
        shot("transaction");
    }

    @Test
    @Order(8)
    void transactionsAreListedAndSortByDurationAndCount() throws IOException {
        open(Map.of("view", "transactions", "key", "alarm_id", "from", "now-1h"));
        waitState("#tx-table", "ready");
        assertThat(page.driver.findElements(By.cssSelector("#tx-table tbody tr.tx-row")))
                .hasSize(scenario.flows().size());
        page.$("#tx-table th[data-sort='count']").click();
        assertThat(counts()).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        page.$("#tx-table th[data-sort='count']").click();
        assertThat(counts()).isSorted();
        assertThat(page.$("#tx-table th[data-sort='count']").getDomAttribute("data-dir"))
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
        page.await(Duration.ofSeconds(2))
                .until(d -> page.$("#tail-rows").getText().contains(marker));
        long ms = (System.nanoTime() - sent) / 1_000_000;
        assertThat(ms).as("ms from sending to the row in the browser").isLessThan(2000);
        System.out.println("UiIT: live tail row " + ms + " ms after the syslog line was sent");
        shot("tail-event");

        page.$("#tail-pause").click();
        waitState(".view-tail", "paused");
        // one connection, so the order of arrival is the order sent
        sendSyslog("first while paused " + marker, "second while paused " + marker);
        Thread.sleep(1000);
        assertThat(page.$("#tail-rows").getText()).doesNotContain("while paused");
        shot("tail-paused");
        page.$("#tail-pause").click();
        page.await(Duration.ofSeconds(2))
                .until(d -> page.$("#tail-rows").getText().contains("first while paused"));
        String text = page.$("#tail-rows").getText();
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
        assertThat(page.waitVisible("tr.detail .full-message").getText()).isEqualTo(message);
        assertThat(page.js("return window.__xss === undefined;")).isEqualTo(true);
        shot("markup-as-text");
    }

    @Test
    @Order(11)
    void fieldFiltersAreAddedAsClausesOfTheQuery() {
        @SuppressWarnings("unchecked")
        List<String> out = (List<String>) page.driver.executeAsyncScript("""
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
        page.waitVisible("tr.detail");
        String link = page.driver.getCurrentUrl();
        assertThat(page.urlParams()).containsEntry("event", id).containsEntry("q", "host:\"" + host + "\"");

        page.driver.get("about:blank");
        page.driver.get(link);
        page.waitVisible("tr.hit.open[data-id='" + id + "'] + tr.detail");
        assertThat(page.$("#query").getDomProperty("value")).isEqualTo("host:\"" + host + "\"");
        shot("link-reproduced");

        page.$("#saved-toggle").click();
        WebElement name = page.waitVisible("#saved-name");
        name.sendKeys("door hosts" + Keys.ENTER);
        page.await().until(d -> page.$("#saved-list").getText().contains("door hosts"));
        shot("saved-search");
        page.$("#saved-list .delete-saved").click();
        page.await().until(d -> !page.$("#saved-list").getText().contains("door hosts"));
    }

    @Test
    @Order(13)
    void logoutShowsTheLoginFormAgain() throws IOException {
        open(Map.of("from", "now-1h"));
        page.waitVisible("#logout").click();
        page.waitVisible("#login-form");
        shot("logged-out");
        page.driver.get(base + "/?view=search");
        page.waitVisible("#login-form");
    }

    @Test
    @Order(14)
    void theBrowserReportedNoScriptError() {
        // expected: the refused login (401), the query that does not parse (400), the checks of a logged-out session
        assertThat(page.consoleProblems(
                        Level.SEVERE,
                        m -> m.contains("Failed to load resource") && (m.contains("401") || m.contains("400"))))
                .isEmpty();
    }

    // ---- helpers

    private static void open(Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("view", "search");
        all.put("q", "");
        all.put("from", "now-15m");
        all.put("to", "now");
        all.putAll(params);
        page.open(base + "/", all);
    }

    private static void waitState(String css, String state) {
        page.await()
                .withMessage(() -> css + " never reached data-state=" + state)
                .until(d -> state.equals(d.findElement(By.cssSelector(css)).getDomAttribute("data-state")));
    }

    /** Waits until the rows shown are of a finished search with exactly {@code total} hits. */
    private static void waitTotal(long total) {
        page.await()
                .withMessage(() -> "results never showed a total of " + total + "; last: "
                        + page.driver.findElement(By.id("results")).getDomAttribute("data-total"))
                .until(d -> {
                    WebElement r = d.findElement(By.id("results"));
                    return "ready".equals(r.getDomAttribute("data-state"))
                            && String.valueOf(total).equals(r.getDomAttribute("data-total"));
                });
    }

    private static void waitQuery(String q) {
        page.await()
                .withMessage(() -> "the query never became " + q)
                .until(d -> q.equals(d.findElement(By.id("query")).getDomProperty("value")));
    }

    private static List<WebElement> rows() {
        return page.driver.findElements(By.cssSelector("#hits tbody tr.hit"));
    }

    private static List<Long> counts() {
        List<Long> out = new ArrayList<>();
        for (WebElement td : page.driver.findElements(By.cssSelector("#tx-table tbody td.count"))) {
            out.add(Long.parseLong(td.getText().replace(",", "")));
        }
        return out;
    }

    private static void shot(String name) throws IOException {
        page.shot(String.format(java.util.Locale.ROOT, "%02d-%s", SHOT.incrementAndGet(), name));
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
