package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.appliance.config.TriadConfig;
import io.triad.appliance.failover.ClusterCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Cluster page's rolling updates in headless Chromium, against three appliances started in this JVM as one
 * cluster on loopback (site-a and site-b data sites, the witness; Raft over mutual TLS with a CA this test makes), so
 * that a step has another site to move its component to. Two components, EAP (active-standby, preferred on site-a)
 * and EEP (active-active), with ClusterUiIT's hooks: shell commands appending to {@code hooks.log}; the {@code update}
 * hook fails (exit 7, "disk full") on a site and component while a marker file {@code fail-update-<site>-<component>}
 * exists and waits while {@code hold-update} exists.
 *
 * <p>A rollout started over the API pauses at its failed step: the page on site-a shows it paused with the step's
 * detail, the progress and the current step as it moved, and a link that finds the hook's output in the log; the
 * marker goes, Resume finishes it and it folds into the finished list. A second rollout planned and started with the
 * page's form is paused and cancelled with its buttons, and the component it left drained is undrained from the
 * finished list. A viewer sees all of it without the buttons and the form. Screenshots go to {@code
 * target/ui-screenshots/rollout-*.png} at 1280 x 900.
 *
 * <p>Skipped when {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is missing ({@code .ci/run} installs
 * both).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterRolloutUiIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration ROLLOUT_WAIT = Duration.ofSeconds(90);
    private static final Path SHOTS = HeadlessChromium.SHOTS;
    private static final List<String> SITES = List.of("site-a", "site-b", "witness");
    private static final String VIEWER_PASSWORD = "viewer-password-1";

    @TempDir
    static Path dir;

    static final Map<String, RunningAppliance> TRIADS = new LinkedHashMap<>();
    static RunningAppliance triad; // site-a: the page's appliance
    static ChromeDriver driver;
    static String base;
    static Path hooksLog;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled("ClusterRolloutUiIT");
        hooksLog = dir.resolve("hooks.log");
        Path tls = dir.resolve("cluster-tls");
        ClusterCertificates.init(tls, "triad-it", SITES, Duration.ofDays(2), Clock.systemUTC());
        Map<String, Integer> raft = new LinkedHashMap<>();
        List<ServerSocket> probes = new ArrayList<>();
        for (String s : SITES) {
            ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            probes.add(probe);
            raft.put(s, probe.getLocalPort());
        }
        for (ServerSocket p : probes) {
            p.close();
        }
        // the sites wait for each other's Raft servers: start them at once
        ExecutorService pool = Executors.newFixedThreadPool(SITES.size());
        try {
            Map<String, Future<RunningAppliance>> started = new LinkedHashMap<>();
            for (String s : SITES) {
                TriadConfig c = siteConfig(s, tls, raft);
                started.put(s, pool.submit(() -> RunningAppliance.start(c)));
            }
            for (Map.Entry<String, Future<RunningAppliance>> e : started.entrySet()) {
                TRIADS.put(e.getKey(), e.getValue().get());
            }
        } finally {
            pool.shutdown();
        }
        triad = TRIADS.get("site-a");
        base = "http://127.0.0.1:" + triad.port("web");

        Files.createDirectories(SHOTS);
        try (Stream<Path> old = Files.list(SHOTS)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("rollout-"))
                    .toList()) {
                Files.delete(p);
            }
        }
        driver = HeadlessChromium.start(dir.resolve("chromium-profile"));
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    /** One site of the three: ClusterUiIT's loopback appliance, with the peers and the components. */
    private static TriadConfig siteConfig(String site, Path tls, Map<String, Integer> raft) {
        boolean witness = site.equals("witness");
        TriadConfig c = RunningAppliance.loopbackConfig(dir.resolve(site));
        c.site.id = site;
        c.site.role = witness ? "witness" : "data";
        c.site.cluster = "triad-it";
        c.licensing.emulatedDir = dir.resolve(site).resolve("dongle").toString();
        c.licensing.attestationsDir = dir.resolve("attestations").toString();
        c.cluster.bind = "127.0.0.1";
        c.cluster.tlsDir = tls.toString();
        c.cluster.failover.stabilizationSeconds = 1;
        c.cluster.failover.roundMillis = 100;
        for (String s : SITES) {
            TriadConfig.PeerSection peer = new TriadConfig.PeerSection();
            peer.id = s;
            peer.role = s.equals("witness") ? "witness" : "data";
            peer.host = "127.0.0.1";
            peer.raftPort = raft.get(s);
            c.cluster.peers.add(peer);
        }
        c.cluster.components.add(component("EAP", "active-standby", "site-a"));
        c.cluster.components.add(component("EEP", "active-active", ""));
        return c;
    }

    private static TriadConfig.ComponentSection component(String name, String mode, String preferred) {
        TriadConfig.ComponentSection s = new TriadConfig.ComponentSection();
        s.name = name;
        s.mode = mode;
        s.preferredSite = preferred;
        s.health.type = "none";
        s.health.target = "";
        s.health.intervalMillis = 200;
        s.health.timeoutMillis = 150;
        s.health.rise = 1;
        s.health.fall = 1;
        String hook =
                "echo \"$TRIAD_HOOK $TRIAD_SITE $TRIAD_COMPONENT $TRIAD_ROLE $TRIAD_EPOCH\" >> '" + hooksLog + "'";
        s.hooks.start = hook;
        s.hooks.stop = hook;
        s.hooks.promote = hook;
        s.hooks.demote = hook;
        s.hooks.setWeight = hook;
        // fails while its marker exists, waits while the hold file exists
        s.hooks.update = "echo \"update $TRIAD_SITE $TRIAD_COMPONENT $TRIAD_ROLLOUT\" >> '" + hooksLog + "'; "
                + "if [ -e '" + dir + "/fail-update-'\"$TRIAD_SITE-$TRIAD_COMPONENT\" ]; then "
                + "echo \"disk full on $TRIAD_SITE\" >&2; exit 7; fi; "
                + "while [ -e '" + dir + "/hold-update' ]; do sleep 0.1; done";
        s.hooks.timeoutSeconds = 60;
        return s;
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        List<RunningAppliance> all = new ArrayList<>(TRIADS.values());
        java.util.Collections.reverse(all);
        for (RunningAppliance t : all) {
            t.close();
        }
    }

    @Test
    @Order(1)
    void thePageShowsNoRolloutRunningAndTheFormToPlanOne() throws Exception {
        awaitCluster(
                s -> role(s, "EAP", "site-a").equals("primary")
                        && role(s, "EAP", "site-b").equals("standby")
                        && role(s, "EEP", "site-a").equals("active")
                        && role(s, "EEP", "site-b").equals("active")
                        && applied(s, "EAP", "site-a").equals("primary")
                        && applied(s, "EAP", "site-b").equals("standby")
                        && applied(s, "EEP", "site-a").equals("active")
                        && applied(s, "EEP", "site-b").equals("active"),
                "EAP primary on site-a and standby on site-b, EEP active on both");

        driver.get(base + "/#/cluster");
        waitVisible("#login-form");
        $("#login-username").sendKeys("admin");
        $("#login-password").sendKeys(RunningAppliance.ADMIN_PASSWORD);
        $("#login-submit").click();
        await().until(d -> "live".equals($(".view-cluster").getAttribute("data-live")));
        waitText("#cluster-rollout-box", "No rolling update is running.");
        waitText("#cluster-rollouts-past", "No rolling update has finished yet.");
        assertThat($("#cluster-rollouts h3").getText()).isEqualTo("Rolling updates");
        assertThat($("#cluster-rollout-new summary").getText()).contains("Start a rolling update");
        // the form is folded until asked for
        assertThat($("#cluster-rollout-form").isDisplayed()).isFalse();
        shot("rollout-1-idle");
    }

    @Test
    @Order(2)
    void aFailedUpdatePausesTheRolloutAndThePageShowsTheStepsDetail() throws Exception {
        Files.writeString(dir.resolve("fail-update-site-a-EEP"), "remove me to let EEP update on site-a\n");
        // the steps run in a fraction of a second each: the page itself notes each current step it drew
        js("window.__current = []; const box = document.getElementById('cluster-rollout-box');"
                + " new MutationObserver(() => { const td = box.querySelector('td[data-current=\"true\"]');"
                + " const v = td ? td.dataset.step + ' ' + td.dataset.phase : '';"
                + " if (v && window.__current[window.__current.length - 1] !== v) window.__current.push(v); })"
                + ".observe(box, {childList: true, subtree: true});");
        HttpResponse<String> r = post(
                "/cluster/rollouts",
                "{\"id\":\"r1\",\"components\":[\"EAP\",\"EEP\"],\"sites\":[\"site-b\",\"site-a\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).contains("\"id\":\"r1\"");

        await().withTimeout(ROLLOUT_WAIT).until(d -> "paused".equals(attr("#cluster-rollout", "data-status")));
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) js("return window.__current;");
        System.out.println("ClusterRolloutUiIT: the current step as the page drew it: " + seen);
        // live: the marked step moved forward through the plan, seen in its phases, and ended at the failed one
        assertThat(seen)
                .as("the page marked a step while it was draining, updating or checking")
                .anyMatch(x -> x.matches("[1-4] (draining|updating|checking)"));
        assertThat(seen).last().isEqualTo("4 failed");
        List<Integer> order = seen.stream()
                .map(x -> Integer.parseInt(x.substring(0, x.indexOf(' '))))
                .toList();
        assertThat(order).isSorted().contains(1, 4);

        assertThat(attr("#cluster-rollout", "data-rollout")).isEqualTo("r1");
        assertThat(attr("#cluster-rollout", "data-done")).isEqualTo("3");
        assertThat(attr("#cluster-rollout", "data-total")).isEqualTo("4");
        assertThat(text("#cluster-rollout .cl-ro-status")).isEqualToIgnoringCase("paused");
        assertThat(text("#cluster-rollout-progress")).isEqualTo("3 / 4 steps done");
        assertThat(text("#cluster-rollout-now")).contains("step 4 of 4: EEP on site-a", "failed");
        // the grid: components by sites in the plan's order, the failed step marked as the current one
        assertThat(text("#cluster-rollout-grid thead")).contains("site-b (1st)", "site-a (2nd)");
        String failed = "#cluster-rollout-grid tr[data-component='EEP'] td[data-site='site-a']";
        assertThat(attr(failed, "data-phase")).isEqualTo("failed");
        assertThat(attr(failed, "data-current")).isEqualTo("true");
        assertThat(text(failed)).contains("4", "failed", "update exit 7");
        for (String[] done : new String[][] {{"EAP", "site-b"}, {"EEP", "site-b"}, {"EAP", "site-a"}}) {
            assertThat(attr(
                            "#cluster-rollout-grid tr[data-component='" + done[0] + "'] td[data-site='" + done[1]
                                    + "']",
                            "data-phase"))
                    .as(done[0] + "@" + done[1])
                    .isEqualTo("done");
        }
        // the failure in full, as the state has it
        JsonNode api = triad.get("/cluster/rollouts/r1");
        assertThat(api.path("status").asText()).isEqualTo("paused");
        String detail = api.path("steps").get(3).path("detail").asText();
        assertThat(detail)
                .startsWith("update exit 7")
                .as("the end of the hook's output")
                .contains("disk full");
        assertThat(text("#cluster-rollout-failure"))
                .contains("Step 4 of 4 failed: EEP on site-a", "EEP stays drained off site-a");
        assertThat(text("#cluster-rollout-failure-detail")).isEqualTo(detail);
        // operators may resume or cancel a paused rollout, not pause it again
        assertThat(buttons("#cluster-rollout")).containsExactly("rollout-resume", "rollout-cancel");
        // starting another one is refused while this one is open
        $("#cluster-rollout-new summary").click();
        waitText("#cluster-rollout-plan", "Rollout r1 is paused: finish or cancel it before starting another.");
        assertThat($("#cluster-rollout-start").isEnabled()).isFalse();
        $("#cluster-rollout-new summary").click();
        scrollTo("#cluster-rollouts");
        shot("rollout-2-failed-paused");

        // the link finds the hook's output in site-a's log
        String href = attr("#cluster-rollout-failure a.cl-ro-hooklog", "href");
        String q = URLDecoder.decode(URI.create(href).getRawQuery(), StandardCharsets.UTF_8);
        assertThat(q)
                .contains("app:triad-agent AND msgId:HOOK_UPDATE AND fields.cluster_component:EEP AND site:site-a");
        String query = q.substring(q.indexOf("q=") + 2, q.indexOf('&', q.indexOf("q=")));
        JsonNode hits = triad.awaitHits(query + " AND fields.ok:false", 1, WAIT);
        assertThat(hits.path("hits").get(0).path("fields").path("output").asText())
                .contains("disk full on site-a");
        // and the page opens that search
        click("#cluster-rollout-failure a.cl-ro-hooklog");
        waitText("#hits tbody", "EEP update on site-a: update exit 7");
        shot("rollout-2b-hook-search");
        driver.navigate().back();
        await().until(d -> "paused".equals(attr("#cluster-rollout", "data-status")));
    }

    @Test
    @Order(3)
    void resumeRunsTheFailedStepAgainAndTheRolloutFinishes() throws Exception {
        js("window.__rolloutNoReload = 'the same page';");
        Files.delete(dir.resolve("fail-update-site-a-EEP"));
        click("#cluster-rollout button[data-action='rollout-resume']");
        waitText("#cluster-message", "Resume rollout r1: accepted");
        await().withTimeout(ROLLOUT_WAIT)
                .until(d -> d.findElements(By.cssSelector("#cluster-rollout")).isEmpty());
        waitText("#cluster-rollout-box", "No rolling update is running.");
        // the finished rollout this page watched stays unfolded in the list
        await().until(d -> "done".equals(attr("#cluster-rollouts-past details[data-rollout='r1']", "data-status")));
        String r1 = "#cluster-rollouts-past details[data-rollout='r1']";
        assertThat(attr(r1, "open")).isNotEmpty();
        assertThat(attr(r1, "data-done")).isEqualTo("4");
        assertThat(text(r1 + " > summary"))
                .contains("DONE", "r1", "4 / 4 steps done", "EAP, EEP on site-b → site-a", "by admin");
        assertThat(driver.findElements(By.cssSelector(r1 + " td[data-phase='done']")))
                .hasSize(4);
        assertThat(driver.findElements(By.cssSelector(r1 + " td[data-current='true']")))
                .isEmpty();
        assertThat(triad.get("/cluster/rollouts/r1").path("status").asText()).isEqualTo("done");
        // the update hook ran once a step, twice for the failed one, in the plan's order
        assertThat(hookLines().stream().filter(l -> l.startsWith("update ")).toList())
                .containsExactly(
                        "update site-b EAP r1",
                        "update site-b EEP r1",
                        "update site-a EAP r1",
                        "update site-a EEP r1",
                        "update site-a EEP r1");
        assertThat(js("return window.__rolloutNoReload;")).isEqualTo("the same page");
        scrollTo("#cluster-rollouts");
        shot("rollout-3-done");

        // folded by the user, it stays folded as the stream redraws (an undrain of what is not drained: a new version)
        click(r1 + " > summary");
        await().until(d -> attr(r1, "open").isEmpty());
        long version = Long.parseLong($("#cluster-version").getText());
        HttpResponse<String> r = post("/cluster/components/EEP/undrain", "{\"site\":\"site-b\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        await().until(d -> Long.parseLong($("#cluster-version").getText()) > version);
        assertThat(attr(r1, "open")).isEmpty();
    }

    @Test
    @Order(4)
    void anAdminPlansARolloutWithTheFormThenPausesAndCancelsIt() throws Exception {
        await().until(d -> role(get(), "EEP", "site-a").equals("active")
                && applied(get(), "EEP", "site-a").equals("active"));
        Files.writeString(dir.resolve("hold-update"), "the update hook waits while this exists\n");
        $("#cluster-rollout-new summary").click();
        waitVisible("#cluster-rollout-form");
        assertThat($("#cluster-rollout-start").isEnabled()).isFalse();
        assertThat($("#cluster-rollout-plan").getText()).isEqualTo("Choose at least one component.");
        $("#cluster-rollout-form input[name='component'][value='EEP']").click();
        waitText("#cluster-rollout-plan", "2 steps, one at a time: EEP@site-a → EEP@site-b");
        // the site order: site-a later, then earlier again
        $("#cluster-rollout-sites button[data-move='down'][data-site='site-a']").click();
        waitText("#cluster-rollout-plan", "EEP@site-b → EEP@site-a");
        assertThat($("#cluster-rollout-sites li").getAttribute("data-site")).isEqualTo("site-b");
        $("#cluster-rollout-sites button[data-move='up'][data-site='site-a']").click();
        waitText("#cluster-rollout-plan", "EEP@site-a → EEP@site-b");
        $("#cluster-rollout-id").sendKeys("R 2");
        waitText("#cluster-rollout-plan", "The id must match");
        assertThat($("#cluster-rollout-start").isEnabled()).isFalse();
        $("#cluster-rollout-id").clear();
        $("#cluster-rollout-id").sendKeys("r2");
        waitText("#cluster-rollout-plan", "2 steps");
        scrollTo("#cluster-rollouts");
        shot("rollout-4-form");
        $("#cluster-rollout-start").click();
        WebElement dialog = waitVisible("#cluster-confirm");
        assertThat(dialog.getText()).contains("Start a rolling update of EEP?", "EEP@site-a → EEP@site-b");
        $("#cluster-confirm-ok").click();
        waitText("#cluster-message", "Start rolling update r2: accepted");

        // the first step waits in its update hook: pause it there
        await().until(d -> "r2".equals(attr("#cluster-rollout", "data-rollout"))
                && "updating".equals(attr("#cluster-rollout-grid td[data-current='true']", "data-phase")));
        assertThat($("#cluster-rollout-form").isDisplayed())
                .as("the form folds once it started")
                .isFalse();
        assertThat(attr("#cluster-rollout-grid td[data-current='true']", "data-site"))
                .isEqualTo("site-a");
        assertThat(text("#cluster-rollout-progress")).isEqualTo("0 / 2 steps done");
        assertThat(buttons("#cluster-rollout")).containsExactly("rollout-pause", "rollout-cancel");
        scrollTo("#cluster-rollouts");
        shot("rollout-5-running");
        click("#cluster-rollout button[data-action='rollout-pause']");
        await().until(d -> "paused".equals(attr("#cluster-rollout", "data-status")));
        assertThat(text("#cluster-rollout-paused")).contains("Paused by admin.");
        assertThat(driver.findElements(By.cssSelector("#cluster-rollout-failure")))
                .isEmpty();
        assertThat(buttons("#cluster-rollout")).containsExactly("rollout-resume", "rollout-cancel");

        // cancel asks first; keeping it changes nothing
        click("#cluster-rollout button[data-action='rollout-cancel']");
        dialog = waitVisible("#cluster-confirm");
        assertThat(dialog.getText())
                .contains(
                        "Cancel rollout r2?",
                        "2 of 2 steps are not done",
                        "EEP stays drained off site-a, where its step had begun");
        assertThat($("#cluster-confirm-cancel").getText()).isEqualTo("Keep it");
        $("#cluster-confirm-cancel").click();
        await().until(ExpectedConditions.invisibilityOfElementLocated(By.id("cluster-confirm")));
        assertThat(triad.get("/cluster/rollouts/r2").path("status").asText()).isEqualTo("paused");
        click("#cluster-rollout button[data-action='rollout-cancel']");
        waitVisible("#cluster-confirm");
        shot("rollout-6-confirm-cancel");
        $("#cluster-confirm-ok").click();
        await().until(d -> d.findElements(By.cssSelector("#cluster-rollout")).isEmpty());
        Files.delete(dir.resolve("hold-update"));
        assertThat(triad.get("/cluster/rollouts/r2").path("status").asText()).isEqualTo("cancelled");

        // the cancelled rollout says what it left drained, and an operator undrains it there
        await().until(d ->
                "cancelled".equals(attr("#cluster-rollouts-past details[data-rollout='r2']", "data-status")));
        String r2 = "#cluster-rollouts-past details[data-rollout='r2']";
        assertThat(attr(r2, "open")).isNotEmpty();
        assertThat(text(r2 + " > summary")).contains("CANCELLED", "0 / 2 steps done", "EEP STILL DRAINED OFF SITE-A");
        assertThat(text(r2 + " .cl-ro-left")).contains("EEP is still drained off site-a: step 1 (updating) had begun");
        // the step it stopped in is not shown as still going on
        assertThat(attr(r2 + " td[data-step='1']", "data-halted")).isEqualTo("true");
        assertThat(text(r2 + " td[data-step='1']")).contains("updating", "CANCELLED HERE");
        // the newest first
        assertThat(driver.findElements(By.cssSelector("#cluster-rollouts-past details")).stream()
                        .map(e -> e.getAttribute("data-rollout"))
                        .toList())
                .containsExactly("r2", "r1");
        scrollTo("#cluster-rollouts");
        shot("rollout-7-cancelled");
        click(r2 + " button[data-action='undrain']");
        await().until(d -> "false"
                .equals(attr("#cluster-matrix-table tr[data-component='EEP'] td[data-site='site-a']", "data-drained")));
        await().until(d -> d.findElements(By.cssSelector("#cluster-rollouts-past .cl-ro-left"))
                .isEmpty());
        assertThat(hookLines().stream().filter(l -> l.endsWith(" r2")).toList())
                .containsExactly("update site-a EEP r2");
    }

    @Test
    @Order(5)
    void aViewerSeesTheRolloutsWithoutTheButtonsOrTheForm() throws Exception {
        HttpResponse<String> r = post(
                "/users", "{\"username\":\"watcher\",\"password\":\"" + VIEWER_PASSWORD + "\",\"role\":\"viewer\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        $("#logout").click();
        waitVisible("#login-form");
        $("#login-username").sendKeys("watcher");
        $("#login-password").sendKeys(VIEWER_PASSWORD);
        $("#login-submit").click();
        waitVisible("#nav-cluster").click();
        await().until(d -> !d.findElements(By.cssSelector("#cluster-rollouts-past details[data-rollout='r1']"))
                .isEmpty());
        assertThat($("#cluster-rollout-box").getText()).contains("No rolling update is running.", "triad rollout");
        assertThat(driver.findElements(By.cssSelector("#cluster-rollouts button")))
                .isEmpty();
        assertThat(driver.findElements(By.cssSelector("#cluster-rollout-new"))).isEmpty();
        // a fresh page: what it did not watch stays folded
        assertThat(attr("#cluster-rollouts-past details[data-rollout='r1']", "open"))
                .isEmpty();
        click("#cluster-rollouts-past details[data-rollout='r2'] > summary");
        await().until(d ->
                text("#cluster-rollouts-past details[data-rollout='r2']").contains("cancelled by admin"));
        scrollTo("#cluster-rollouts");
        shot("rollout-8-viewer");
    }

    @Test
    @Order(6)
    void theBrowserReportedNoScriptError() {
        // expected: the 401 of the session check before each login
        assertThat(consoleProblems(m ->
                        m.contains("Failed to load resource") && m.contains("/api/v1/auth/me") && m.contains("401")))
                .isEmpty();
    }

    // ---- helpers

    /** The browser's console warnings and errors since the last call, but those {@code expected} matches. */
    private static List<String> consoleProblems(Predicate<String> expected) {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()
                    && !expected.test(e.getMessage())) {
                out.add(e.getLevel() + " " + e.getMessage());
            }
        }
        return out;
    }

    private static JsonNode get() {
        try {
            return triad.get("/cluster");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode awaitCluster(Predicate<JsonNode> done, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = triad.get("/cluster");
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the cluster never had " + what + "; last: " + last);
    }

    private static JsonNode placement(JsonNode cluster, String name, String site) {
        for (JsonNode c : cluster.path("components")) {
            if (c.path("name").asText().equals(name)) {
                for (JsonNode p : c.path("placement")) {
                    if (p.path("site").asText().equals(site)) {
                        return p;
                    }
                }
            }
        }
        return RunningAppliance.JSON.missingNode();
    }

    private static String role(JsonNode cluster, String name, String site) {
        return placement(cluster, name, site).path("role").asText();
    }

    private static String applied(JsonNode cluster, String name, String site) {
        return placement(cluster, name, site).path("applied").path("role").asText();
    }

    private static List<String> hookLines() {
        try {
            return Files.exists(hooksLog) ? Files.readAllLines(hooksLog, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return triad.http.send(
                HttpRequest.newBuilder(URI.create(triad.api() + path))
                        .header("Authorization", RunningAppliance.basic("admin", RunningAppliance.ADMIN_PASSWORD))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** An attribute of the first element {@code css} matches, read again if the stream redrew it ("" when none). */
    private static String attr(String css, String attribute) {
        for (int i = 0; i < 3; i++) {
            try {
                var found = driver.findElements(By.cssSelector(css));
                if (found.isEmpty()) {
                    return "";
                }
                String v = found.get(0).getAttribute(attribute);
                return v == null ? "" : v;
            } catch (StaleElementReferenceException e) {
                // redrawn by the next event: read again
            }
        }
        return "";
    }

    /** The text of the first element {@code css} matches, read again if the stream redrew it ("" when none). */
    private static String text(String css) {
        for (int i = 0; i < 3; i++) {
            try {
                var found = driver.findElements(By.cssSelector(css));
                return found.isEmpty() ? "" : found.get(0).getText();
            } catch (StaleElementReferenceException e) {
                // redrawn by the next event: read again
            }
        }
        return "";
    }

    /** Clicks the element {@code css} matches, found afresh: the stream may redraw it at any time. */
    private static void click(String css) {
        await().until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    /** The actions of the buttons within {@code css}, in order. */
    private static List<String> buttons(String css) {
        return await().until(d -> d.findElements(By.cssSelector(css + " button[data-action]")).stream()
                .map(b -> b.getAttribute("data-action"))
                .toList());
    }

    private static WebDriverWait await() {
        WebDriverWait w = new WebDriverWait(driver, WAIT);
        w.ignoring(StaleElementReferenceException.class);
        return w;
    }

    private static WebElement $(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    private static WebElement waitVisible(String css) {
        return await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private static void waitText(String css, String text) {
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static void scrollTo(String css) {
        js("document.querySelector('" + css + "').scrollIntoView({block: 'start'}); window.scrollBy(0, -50);");
    }

    private static void shot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }
}
