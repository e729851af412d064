package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.appliance.config.RuleSection;
import io.triad.appliance.config.TriadConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The pre-defined monitoring dashboards in headless Chromium against a running appliance that probes its host and
 * scrapes its own meters every second: every dashboard opens with every panel filled (a panel may say "no data" only
 * where the host has nothing to show, which the test checks through the metrics API), thresholds turn panels amber
 * and red, the site filter and auto-refresh work, and the browser reports no script error. Screenshots go to {@code
 * target/ui-screenshots/dash-*.png}.
 *
 * <p>Skipped when {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is missing ({@code .ci/run} installs
 * both).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardsUiIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * Panels that may answer "no data", each with the query whose empty answer justifies it: the host has no such
     * resource (no pressure stall information in this kernel, no block device visible in a container), or this single
     * site replicates with no peer (the replication row; ReplicationDemoIT runs a cluster).
     */
    private static final Map<String, String> MAY_BE_EMPTY = Map.of(
            "hosts/cpu-psi", "node_pressure_cpu_waiting_seconds_total",
            "hosts/mem-psi", "node_pressure_memory_waiting_seconds_total",
            "hosts/io-psi", "node_pressure_io_waiting_seconds_total",
            "hosts/io-util", "node_disk_io_time_seconds_total",
            "hosts/io-bytes", "node_disk_read_bytes_total",
            "hosts/inodes", "node_filesystem_files > 0",
            "pipeline/replication-lag", "triad_replication_connected",
            "pipeline/replication-behind", "triad_replication_connected",
            "pipeline/replication-rate", "triad_replication_connected",
            "pipeline/replication-link", "triad_replication_connected");

    @TempDir
    static Path dir;

    static RunningAppliance triad;
    static ChromiumPage page;
    static String base;
    static ScheduledExecutorService traffic;
    static ComponentEndpoint eap;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled("DashboardsUiIT");
        TriadConfig c = RunningAppliance.loopbackConfig(dir.resolve("triad"));
        c.metrics.hostIntervalSeconds = 1;
        c.metrics.selfScrapeSeconds = 1;
        // a Micrometer-instrumented component (EAP) as a scrape target, for the Components dashboard
        eap = ComponentEndpoint.start();
        c.metrics.scrape.add(eap.scrapeSection("eap", "EAP", 1));
        // a rule that fires at once, for the Overview's active-alerts panel
        c.alerts.evaluationIntervalSeconds = 1;
        RuleSection scraped = new RuleSection();
        scraped.name = "SelfScraped";
        scraped.expr = "up{job=\"triad\"}";
        scraped.warning = 0.5;
        scraped.summary = "the appliance scrapes itself";
        c.alerts.rules.add(scraped);
        triad = RunningAppliance.start(c);
        base = "http://127.0.0.1:" + triad.port("web");
        sendSyslog(50);
        triad.awaitHits("dashboard", 50, Duration.ofSeconds(30));
        // a trickle of events for the whole test, so ingest and indexing rates are not zero
        traffic = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboards-it-traffic");
            t.setDaemon(true);
            return t;
        });
        var unused = traffic.scheduleWithFixedDelay(
                () -> {
                    try {
                        sendSyslog(5);
                    } catch (IOException e) {
                        System.out.println("DashboardsUiIT: a syslog send failed: " + e);
                    }
                },
                0,
                250,
                TimeUnit.MILLISECONDS);
        // rates need two samples of each counter; the self-scrape and the host probe run every second
        awaitSeries("rate(triad_input_events_total[1m]) > 0");
        awaitSeries("rate(node_cpu_seconds_total[1m])");
        awaitSeries("rate(http_server_requests_seconds_count{component=\"EAP\"}[1m]) > 0");

        HeadlessChromium.deleteShots(name -> name.startsWith("dash-"));
        page = ChromiumPage.start(dir.resolve("chromium-profile"), WAIT, Duration.ofMillis(100));
        page.driver.get(base + "/");
        page.waitVisible("#login-form");
        page.login("admin", RunningAppliance.ADMIN_PASSWORD);
        page.waitVisible("#query");
    }

    @AfterAll
    static void stop() {
        if (traffic != null) {
            traffic.shutdownNow();
        }
        if (page != null) {
            page.close();
        }
        if (triad != null) {
            triad.close();
        }
        if (eap != null) {
            eap.close();
        }
    }

    @Test
    @Order(1)
    void theHeaderLinksTheDashboardsAndTheOverviewOpensFirst() throws IOException {
        page.$("#nav-dashboards").click();
        waitPanelsSettled();
        assertThat(page.urlParams()).containsEntry("view", "dashboards").containsEntry("dash", "overview");
        assertThat(page.$("#nav-dashboards").getDomAttribute("class")).contains("active");
        assertThat(page.$("#dash-tab-overview").getDomAttribute("class")).contains("active");
        List<String> tabs = page.driver.findElements(By.cssSelector("#dash-tabs .dash-tab")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(tabs).containsExactly("Overview", "Hosts", "JVM", "Log pipeline", "Components", "Appliance cluster");
    }

    @Test
    @Order(2)
    void everyDashboardOpensWithEveryPanelFilled() throws Exception {
        List<String> problems = new ArrayList<>();
        for (JsonNode d : index()) {
            String id = d.path("id").asText();
            open(Map.of("dash", id, "from", "now-5m"));
            List<WebElement> panels = waitPanelsSettled();
            assertThat(panels).as("panels of %s", id).isNotEmpty();
            fullPageShot("dash-" + id);
            for (WebElement p : panels) {
                String panel = id + "/" + p.getDomAttribute("data-panel");
                String state = p.getDomAttribute("data-state");
                String text = p.findElement(By.cssSelector(".dp-body")).getText();
                if ("error".equals(state)) {
                    problems.add(panel + " failed: " + text);
                } else if ("empty".equals(state)) {
                    assertThat(text).as("an empty panel says so").startsWith("no data");
                    String justification = MAY_BE_EMPTY.get(panel);
                    if (justification == null || hasSeries(justification)) {
                        problems.add(panel + " shows no data"
                                + (justification == null ? "" : " although " + justification + " has series"));
                    } else {
                        System.out.println("DashboardsUiIT: " + panel + " has no data, as " + justification
                                + " has no series on this host");
                    }
                } else {
                    assertThat(state).as(panel).isEqualTo("ready");
                    assertThat(p.getDomAttribute("data-series")).as(panel).isNotEqualTo("0");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    @Order(3)
    void aLineChartHasALegendEntryPerSeriesAndPointsInTheRange() {
        open(Map.of("dash", "hosts", "from", "now-5m"));
        waitPanelsSettled();
        @SuppressWarnings("unchecked")
        Map<String, Object> chart = (Map<String, Object>) page.js("""
                const el = document.querySelector('#panel-cpu-busy .dp-chart');
                const o = echarts.getInstanceByDom(el).getOption();
                return {series: o.series.length, legend: o.legend[0].show !== false,
                  names: o.series.map((s) => s.name), points: o.series[0].data.filter((d) => d[1] !== null).length};
                """);
        assertThat(((Number) chart.get("series")).intValue()).isPositive();
        assertThat(chart.get("legend")).isEqualTo(true);
        assertThat(((Number) chart.get("points")).intValue())
                .as("points of CPU busy")
                .isGreaterThan(1);
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) chart.get("names");
        assertThat(names.get(0))
                .as("legend from {{site}} {{host}}")
                .startsWith("site-a ")
                .doesNotContain("{{");
    }

    @Test
    @Order(4)
    void aValueAcrossAThresholdTurnsThePanelAmberOrRed() throws IOException, InterruptedException {
        open(Map.of("dash", "overview", "from", "now-5m"));
        waitPanelsSettled();
        // panels of the real queries, with thresholds that this host's values must cross (or cannot)
        @SuppressWarnings("unchecked")
        Map<String, Object> levels = (Map<String, Object>) page.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                Promise.all([import('/ui/dashpanel.js')]).then(async ([dp]) => {
                  const row = document.createElement('section');
                  row.className = 'dash-row';
                  row.innerHTML = '<h3 class="dash-row-title">threshold test</h3><div class="dash-grid" id="threshold-test"></div>';
                  document.getElementById('dashboard').prepend(row);
                  const grid = row.querySelector('.dash-grid');
                  const ctx = dp.rangeContext({ from: 'now-5m', to: 'now' });
                  const cpus = 'node_cpu_count{site=~"$site"}';
                  const defs = [
                    { id: 't-crit-stat', title: 'critical stat', type: 'stat', unit: 'none', width: 3, query: cpus,
                      thresholds: { warning: 0.25, critical: 0.5 } },
                    { id: 't-warn-line', title: 'warning line', type: 'line', unit: 'none', width: 3, query: cpus,
                      thresholds: { warning: 0.5, critical: 1e9 } },
                    { id: 't-crit-below', title: 'critical below', type: 'bar', unit: 'percent', width: 3,
                      query: '100 * node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes',
                      thresholds: { warning: 100.5, critical: 100.1, below: true } },
                    { id: 't-ok', title: 'ok', type: 'stat', unit: 'none', width: 3, query: cpus,
                      thresholds: { warning: 1e9, critical: 1e10 } },
                  ];
                  const panels = defs.map((d) => dp.createPanel(grid, d));
                  await Promise.all(panels.map((p) => p.refresh(ctx)));
                  const out = {};
                  for (const p of panels) out[p.el.dataset.panel] = p.el.dataset.level + ' ' + p.el.className
                    + ' ' + getComputedStyle(p.el).borderTopColor;
                  done(out);
                }).catch((e) => done({ error: String(e) }));
                """);
        assertThat(levels).doesNotContainKey("error");
        assertThat((String) levels.get("t-crit-stat"))
                .startsWith("critical ")
                .contains("level-critical")
                .endsWith("rgb(217, 48, 37)");
        assertThat((String) levels.get("t-warn-line"))
                .startsWith("warning ")
                .contains("level-warning")
                .endsWith("rgb(242, 153, 0)");
        assertThat((String) levels.get("t-crit-below")).startsWith("critical ");
        assertThat((String) levels.get("t-ok")).startsWith("ok ").contains("level-ok");
        assertThat(page.$("#panel-t-crit-stat .dp-badge").getText()).isEqualToIgnoringCase("critical");
        page.js("window.scrollTo(0, 0);");
        page.shot("dash-thresholds");

        // the real Overview: the appliance's own scrape target is up, so that panel is not red
        assertThat(page.$("#panel-up").getDomAttribute("data-level")).isEqualTo("ok");
        assertThat(page.$("#panel-up .dp-body").getText()).contains("up");
        // the active alerts: the firing warning rule of this test, with its summary; the panel is amber
        open(Map.of("dash", "overview", "from", "now-5m"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (page.driver
                        .findElements(By.cssSelector("#panel-alerts .dp-alert[data-alertname='SelfScraped']"))
                        .isEmpty()
                && System.nanoTime() < deadline) {
            Thread.sleep(500);
            page.$("#dash-reload").click();
        }
        // read again when a reload still in flight redraws the panel under the element
        String alert = page.await()
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector("#panel-alerts .dp-alert[data-alertname='SelfScraped']"))
                        .getText());
        assertThat(alert).contains("WARNING").contains("site-a").contains("the appliance scrapes itself");
        assertThat(page.$("#panel-alerts").getDomAttribute("data-level")).isEqualTo("warning");
        page.shot("dash-alerts");
    }

    @Test
    @Order(5)
    void thePureHelpersResolveTimesExpandPlaceholdersAndFormatUnits() {
        @SuppressWarnings("unchecked")
        List<Object> out = (List<Object>) page.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/ui/dashquery.js').then((q) => {
                  const now = Date.parse('2026-12-01T07:30:45.500Z');
                  done([
                    q.resolveTime('now-15m', now) === now - 900000,
                    new Date(q.resolveTime('now/d', now)).toISOString(),
                    new Date(q.resolveTime('now-1d/d', now)).toISOString(),
                    new Date(q.resolveTime('2026-11-30T10:00:00', now)).toISOString(),
                    new Date(q.resolveTime('2026-11-30', now)).toISOString(),
                    q.expandQuery('rate(x{site=~"$site"}[$window])', { site: '', window: '2m' }),
                    q.expandQuery('x{site=~"$site"}', { site: 'a.b"c' }),
                    q.stepSeconds(15 * 60 * 1000),
                    q.stepSeconds(24 * 3600 * 1000),
                    q.fmtValue(1536, 'bytes'),
                    q.fmtValue(0.0123, 'seconds'),
                    q.fmtValue(45.67, 'percent'),
                    q.fmtValue(12345, 'ops/s'),
                    q.levelOf(9, { warning: 20, critical: 10, below: true }),
                    q.levelOf(15, { warning: 20, critical: 10, below: true }),
                    q.levelOf(NaN, { critical: 0 }),
                    (() => { try { q.resolveTime('now-5x', now); return 'parsed'; } catch (e) { return e.message; } })(),
                  ]);
                });
                """);
        assertThat(out)
                .containsExactly(
                        true,
                        "2026-12-01T00:00:00.000Z",
                        "2026-11-30T00:00:00.000Z",
                        "2026-11-30T10:00:00.000Z",
                        "2026-11-30T00:00:00.000Z",
                        "rate(x{site=~\".*\"}[2m])",
                        "x{site=~\"a\\\\.b\\\"c\"}",
                        5L,
                        300L,
                        "1.50 KiB",
                        "12.3 ms",
                        "46 %",
                        "12.3k/s",
                        "critical",
                        "warning",
                        "ok",
                        "time unit must be one of ms, s, m, h, d, w, M, y in 'now-5x'; got: 'x'");
    }

    @Test
    @Order(6)
    void theSiteFilterNarrowsEveryQueryAndAnUnknownSiteShowsNoData() throws IOException {
        open(Map.of("dash", "overview", "from", "now-5m"));
        waitPanelsSettled();
        page.await()
                .until(d -> d.findElements(By.cssSelector("#dash-site option")).size() > 1);
        new Select(page.$("#dash-site")).selectByValue("site-a");
        page.await().until(d -> "site-a".equals(page.urlParams().get("site")));
        List<WebElement> panels = waitPanelsSettled();
        assertThat(panels)
                .allSatisfy(p -> assertThat(p.getDomAttribute("data-state"))
                        .as(p.getDomAttribute("data-panel"))
                        .isEqualTo("ready"));

        open(Map.of("dash", "hosts", "from", "now-5m", "site", "no-such-site"));
        panels = waitPanelsSettled();
        assertThat(panels).allSatisfy(p -> {
            assertThat(p.getDomAttribute("data-state")).isEqualTo("empty");
            assertThat(p.findElement(By.cssSelector(".dp-body")).getText()).startsWith("no data");
        });
        assertThat(new Select(page.$("#dash-site")).getFirstSelectedOption().getText())
                .isEqualTo("no-such-site");
        page.shot("dash-unknown-site");
    }

    @Test
    @Order(7)
    void theUrlHoldsTheStateAndAutoRefreshRunsTheQueriesAgain() throws Exception {
        open(Map.of("dash", "jvm", "from", "now-15m"));
        waitPanelsSettled();
        new Select(page.$("#dash-refresh")).selectByValue("10s");
        page.await().until(d -> "10s".equals(page.urlParams().get("refresh")));
        String link = page.driver.getCurrentUrl();
        assertThat(page.urlParams())
                .containsEntry("view", "dashboards")
                .containsEntry("dash", "jvm")
                .containsEntry("from", "now-15m")
                .containsEntry("to", "now")
                .doesNotContainKey("q");

        page.driver.get("about:blank");
        page.driver.get(link);
        waitPanelsSettled();
        assertThat(page.$("#dash-tab-jvm").getDomAttribute("class")).contains("active");
        assertThat(new Select(page.$("#dash-refresh")).getFirstSelectedOption().getText())
                .isEqualTo("10s");
        assertThat(page.$("#time-label").getText()).isEqualTo("Last 15 minutes");
        long before = queryRequests();
        Thread.sleep(11_000);
        assertThat(queryRequests())
                .as("metrics queries after one refresh interval")
                .isGreaterThanOrEqualTo(before
                        + page.driver
                                .findElements(By.cssSelector(".dash-panel"))
                                .size());

        page.$("#time-toggle").click();
        page.waitVisible("#preset-1h").click();
        page.await().until(d -> "now-1h".equals(page.urlParams().get("from")));
        assertThat(page.urlParams()).containsEntry("dash", "jvm").containsEntry("refresh", "10s");
        waitPanelsSettled();
    }

    @Test
    @Order(8)
    void aQueryThatFailsShowsTheServersMessageInItsPanel() {
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) page.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/ui/dashpanel.js').then(async (dp) => {
                  const grid = document.querySelector('.dash-grid');
                  const p = dp.createPanel(grid, { id: 't-bad', title: 'bad query', type: 'line', unit: 'none', width: 4,
                    query: 'sum(rate(node_load1[1m]' });
                  await p.refresh(dp.rangeContext({ from: 'now-5m', to: 'now' }));
                  done({ state: p.el.dataset.state, text: p.el.querySelector('.dp-body').textContent });
                });
                """);
        assertThat(out.get("state")).isEqualTo("error");
        assertThat((String) out.get("text"))
                .startsWith("unexpected end of input")
                .contains("expected");
    }

    @Test
    @Order(9)
    void theBrowserReportedNoScriptError() {
        // expected: the 401 of the session check before the login, the 400 of the query that does not parse
        assertThat(page.consoleProblems(
                        Level.SEVERE,
                        m -> m.contains("Failed to load resource")
                                && ((m.contains("/api/v1/auth/me") && m.contains("401")) || m.contains("400"))))
                .isEmpty();
    }

    // ---- helpers

    @Test
    @Order(10)
    void theAlertsPageListsAlertsAndCreatesAndExpiresASilence() throws IOException {
        page.$("#nav-alerts").click();
        assertThat(page.urlParams()).containsEntry("view", "alerts");
        String row = "#alerts-list tr[data-alertname='SelfScraped']";
        WebElement alert = page.waitVisible(row);
        assertThat(alert.getText())
                .containsIgnoringCase("warning")
                .contains("SelfScraped")
                .contains("site-a");
        page.$(row + " button[data-silence]").click();
        assertThat(page.$("#silence-matchers").getDomProperty("value"))
                .startsWith("alertname=\"SelfScraped\", site=\"site-a\"");
        page.$("#silence-comment").sendKeys("browser test");
        page.$("#silence-create").click();
        WebElement silence = page.waitVisible("#silences-list tr.silence-active");
        assertThat(silence.getText())
                .contains("alertname=\"SelfScraped\"")
                .contains("admin")
                .contains("browser test");
        // the list is redrawn on every poll (15 s): read the row afresh each time
        page.await()
                .until(d -> String.valueOf(page.js("const r = document.querySelector(\"" + row + "\");"
                                + " return r ? r.textContent : '';"))
                        .contains("(silenced)"));
        page.shot("alerts-page");
        page.$("#silences-list tr.silence-active button[data-expire]").click();
        page.waitVisible("#silences-list tr.silence-expired");
        page.$("#silence-matchers").clear();
        page.$("#silence-matchers").sendKeys("alertname=SelfScraped");
        page.$("#silence-create").click();
        page.await()
                .until(d -> d.findElement(By.id("silence-message")).getText().contains("expected name=\"value\""));
    }

    private static JsonNode index() throws IOException, InterruptedException {
        var r = triad.http.send(
                java.net.http.HttpRequest.newBuilder(URI.create(base + "/ui/dashboards/index.json"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return RunningAppliance.JSON.readTree(r.body()).path("dashboards");
    }

    private static boolean hasSeries(String query) throws IOException, InterruptedException {
        JsonNode r = triad.get("/metrics/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        return !r.path("data").path("result").isEmpty();
    }

    private static void awaitSeries(String query) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!hasSeries(query)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no series for " + query + " within " + WAIT);
            }
            Thread.sleep(200);
        }
    }

    private static void open(Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("view", "dashboards");
        all.put("to", "now");
        all.putAll(params);
        page.open(base + "/", all);
    }

    /** Waits until the dashboard is built and no panel is loading or refreshing; returns its panels. */
    private static List<WebElement> waitPanelsSettled() {
        page.await()
                .withMessage(() -> "panels still loading: " + page.js("""
                        return [...document.querySelectorAll('.dash-panel')]
                          .filter((p) => !['ready', 'empty', 'error'].includes(p.dataset.state))
                          .map((p) => p.dataset.panel + '=' + p.dataset.state).join(', ');"""))
                .until(d -> Boolean.TRUE.equals(page.js("""
                        const b = document.getElementById('dashboard');
                        const ps = [...document.querySelectorAll('.dash-panel')];
                        return !!b && b.dataset.state === 'ready' && ps.length > 0
                          && ps.every((p) => ['ready', 'empty', 'error'].includes(p.dataset.state));""")));
        return page.driver.findElements(By.cssSelector(".dash-panel"));
    }

    private static long queryRequests() {
        return ((Number) page.js("return performance.getEntriesByType('resource')"
                        + ".filter((e) => e.name.includes('/api/v1/metrics/query')).length;"))
                .longValue();
    }

    /** A screenshot of the whole page: the window grows to the page's height for it. */
    private static void fullPageShot(String name) throws IOException {
        Number height = (Number) page.js("return document.documentElement.scrollHeight;");
        page.driver.manage().window().setSize(new Dimension(1440, Math.max(900, height.intValue() + 20)));
        try {
            waitPanelsSettled(); // a resize redraws the charts
            page.shot(name);
        } finally {
            page.driver.manage().window().setSize(new Dimension(1440, 900));
        }
    }

    /** RFC 5424 lines over one TCP connection, so ingest counters move. */
    private static void sendSyslog(int count) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append(String.format(
                    Locale.ROOT, "<134>1 %s dash-host uitest 4242 - - dashboard test line %d\n", Instant.now(), i));
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), triad.port("syslog-tcp"))) {
            OutputStream out = s.getOutputStream();
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
