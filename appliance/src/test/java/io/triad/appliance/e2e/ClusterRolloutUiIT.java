package io.triad.appliance.e2e;

import static io.triad.appliance.e2e.ClusterViews.applied;
import static io.triad.appliance.e2e.ClusterViews.role;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.appliance.config.ComponentSection;
import io.triad.appliance.config.TriadConfig;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

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
    private static final String VIEWER_PASSWORD = "viewer-password-1";

    @TempDir
    static Path dir;

    static ClusterSites sites;
    static RunningAppliance triad; // site-a: the page's appliance
    static ChromiumPage page;
    static String base;
    static HooksLog hooksLog;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled("ClusterRolloutUiIT");
        hooksLog = new HooksLog(dir.resolve("hooks.log"));
        sites = ClusterSites.start(dir, "triad-it", ClusterRolloutUiIT::customize);
        triad = sites.get("site-a");
        base = "http://127.0.0.1:" + triad.port("web");

        HeadlessChromium.deleteShots(name -> name.startsWith("rollout-"));
        page = ChromiumPage.start(dir.resolve("chromium-profile"), WAIT, Duration.ofMillis(500));
        page.driver.manage().window().setSize(new Dimension(1280, 900));
    }

    /** What a site of the three has beyond ClusterUiIT's loopback appliance: the components, quick rounds. */
    private static void customize(String site, TriadConfig c) {
        c.licensing.emulatedDir = dir.resolve(site).resolve("dongle").toString();
        c.licensing.attestationsDir = dir.resolve("attestations").toString();
        c.cluster.failover = c.cluster.failover.withStabilizationSeconds(1);
        c.cluster.failover = c.cluster.failover.withRoundMillis(100);
        c.cluster.components.add(component("EAP", "active-standby", "site-a"));
        c.cluster.components.add(component("EEP", "active-active", ""));
    }

    private static ComponentSection component(String name, String mode, String preferred) {
        ComponentSection s =
                hooksLog.component(name, mode, "$TRIAD_HOOK $TRIAD_SITE $TRIAD_COMPONENT $TRIAD_ROLE $TRIAD_EPOCH");
        s = s.withPreferredSite(preferred);
        // fails while its marker exists, waits while the hold file exists
        s = s.withHooks(s.hooks()
                .withUpdate(hooksLog.append("update $TRIAD_SITE $TRIAD_COMPONENT $TRIAD_ROLLOUT") + "; "
                        + "if [ -e '" + dir + "/fail-update-'\"$TRIAD_SITE-$TRIAD_COMPONENT\" ]; then "
                        + "echo \"disk full on $TRIAD_SITE\" >&2; exit 7; fi; "
                        + "while [ -e '" + dir + "/hold-update' ]; do sleep 0.1; done")
                .withTimeoutSeconds(60));
        return s;
    }

    @AfterAll
    static void stop() {
        if (page != null) {
            page.close();
        }
        if (sites != null) {
            sites.close();
        }
    }

    @Test
    @Order(1)
    void thePageShowsNoRolloutRunningAndTheFormToPlanOne() throws Exception {
        triad.awaitCluster(
                s -> role(s, "EAP", "site-a").equals("primary")
                        && role(s, "EAP", "site-b").equals("standby")
                        && role(s, "EEP", "site-a").equals("active")
                        && role(s, "EEP", "site-b").equals("active")
                        && applied(s, "EAP", "site-a").equals("primary")
                        && applied(s, "EAP", "site-b").equals("standby")
                        && applied(s, "EEP", "site-a").equals("active")
                        && applied(s, "EEP", "site-b").equals("active"),
                "EAP primary on site-a and standby on site-b, EEP active on both",
                WAIT);

        page.driver.get(base + "/#/cluster");
        page.waitVisible("#login-form");
        page.login("admin", RunningAppliance.ADMIN_PASSWORD);
        page.await().until(d -> "live".equals(page.$(".view-cluster").getAttribute("data-live")));
        page.waitText("#cluster-rollout-box", "No rolling update is running.");
        page.waitText("#cluster-rollouts-past", "No rolling update has finished yet.");
        assertThat(page.$("#cluster-rollouts h3").getText()).isEqualTo("Rolling updates");
        assertThat(page.$("#cluster-rollout-new summary").getText()).contains("Start a rolling update");
        // the form is folded until asked for
        assertThat(page.$("#cluster-rollout-form").isDisplayed()).isFalse();
        page.shot("rollout-1-idle");
    }

    @Test
    @Order(2)
    void aFailedUpdatePausesTheRolloutAndThePageShowsTheStepsDetail() throws Exception {
        Files.writeString(dir.resolve("fail-update-site-a-EEP"), "remove me to let EEP update on site-a\n");
        // the steps run in a fraction of a second each: the page itself notes each current step it drew
        page.js("window.__current = []; const box = document.getElementById('cluster-rollout-box');"
                + " new MutationObserver(() => { const td = box.querySelector('td[data-current=\"true\"]');"
                + " const v = td ? td.dataset.step + ' ' + td.dataset.phase : '';"
                + " if (v && window.__current[window.__current.length - 1] !== v) window.__current.push(v); })"
                + ".observe(box, {childList: true, subtree: true});");
        HttpResponse<String> r = triad.postJson(
                "/cluster/rollouts",
                "{\"id\":\"r1\",\"components\":[\"EAP\",\"EEP\"],\"sites\":[\"site-b\",\"site-a\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).contains("\"id\":\"r1\"");

        page.await()
                .withTimeout(ROLLOUT_WAIT)
                .until(d -> "paused".equals(page.attr("#cluster-rollout", "data-status")));
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) page.js("return window.__current;");
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

        assertThat(page.attr("#cluster-rollout", "data-rollout")).isEqualTo("r1");
        assertThat(page.attr("#cluster-rollout", "data-done")).isEqualTo("3");
        assertThat(page.attr("#cluster-rollout", "data-total")).isEqualTo("4");
        assertThat(page.text("#cluster-rollout .cl-ro-status")).isEqualToIgnoringCase("paused");
        assertThat(page.text("#cluster-rollout-progress")).isEqualTo("3 / 4 steps done");
        assertThat(page.text("#cluster-rollout-now")).contains("step 4 of 4: EEP on site-a", "failed");
        // the grid: components by sites in the plan's order, the failed step marked as the current one
        assertThat(page.text("#cluster-rollout-grid thead")).contains("site-b (1st)", "site-a (2nd)");
        String failed = "#cluster-rollout-grid tr[data-component='EEP'] td[data-site='site-a']";
        assertThat(page.attr(failed, "data-phase")).isEqualTo("failed");
        assertThat(page.attr(failed, "data-current")).isEqualTo("true");
        assertThat(page.text(failed)).contains("4", "failed", "update exit 7");
        for (String[] done : new String[][] {{"EAP", "site-b"}, {"EEP", "site-b"}, {"EAP", "site-a"}}) {
            assertThat(page.attr(
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
        assertThat(page.text("#cluster-rollout-failure"))
                .contains("Step 4 of 4 failed: EEP on site-a", "EEP stays drained off site-a");
        assertThat(page.text("#cluster-rollout-failure-detail")).isEqualTo(detail);
        // operators may resume or cancel a paused rollout, not pause it again
        assertThat(buttons("#cluster-rollout")).containsExactly("rollout-resume", "rollout-cancel");
        // starting another one is refused while this one is open
        page.$("#cluster-rollout-new summary").click();
        page.waitText("#cluster-rollout-plan", "Rollout r1 is paused: finish or cancel it before starting another.");
        assertThat(page.$("#cluster-rollout-start").isEnabled()).isFalse();
        page.$("#cluster-rollout-new summary").click();
        page.scrollTo("#cluster-rollouts");
        page.shot("rollout-2-failed-paused");

        // the link finds the hook's output in site-a's log
        String href = page.attr("#cluster-rollout-failure a.cl-ro-hooklog", "href");
        String q = URLDecoder.decode(URI.create(href).getRawQuery(), StandardCharsets.UTF_8);
        assertThat(q)
                .contains("app:triad-agent AND msgId:HOOK_UPDATE AND fields.cluster_component:EEP AND site:site-a");
        String query = q.substring(q.indexOf("q=") + 2, q.indexOf('&', q.indexOf("q=")));
        JsonNode hits = triad.awaitHits(query + " AND fields.ok:false", 1, WAIT);
        assertThat(hits.path("hits").get(0).path("fields").path("output").asText())
                .contains("disk full on site-a");
        // and the page opens that search
        page.click("#cluster-rollout-failure a.cl-ro-hooklog");
        page.waitText("#hits tbody", "EEP update on site-a: update exit 7");
        page.shot("rollout-2b-hook-search");
        page.driver.navigate().back();
        page.await().until(d -> "paused".equals(page.attr("#cluster-rollout", "data-status")));
    }

    @Test
    @Order(3)
    void resumeRunsTheFailedStepAgainAndTheRolloutFinishes() throws Exception {
        page.js("window.__rolloutNoReload = 'the same page';");
        Files.delete(dir.resolve("fail-update-site-a-EEP"));
        page.click("#cluster-rollout button[data-action='rollout-resume']");
        page.waitText("#cluster-message", "Resume rollout r1: accepted");
        page.await()
                .withTimeout(ROLLOUT_WAIT)
                .until(d -> d.findElements(By.cssSelector("#cluster-rollout")).isEmpty());
        page.waitText("#cluster-rollout-box", "No rolling update is running.");
        // the finished rollout this page watched stays unfolded in the list
        page.await()
                .until(d ->
                        "done".equals(page.attr("#cluster-rollouts-past details[data-rollout='r1']", "data-status")));
        String r1 = "#cluster-rollouts-past details[data-rollout='r1']";
        assertThat(page.attr(r1, "open")).isNotEmpty();
        assertThat(page.attr(r1, "data-done")).isEqualTo("4");
        assertThat(page.text(r1 + " > summary"))
                .contains("DONE", "r1", "4 / 4 steps done", "EAP, EEP on site-b → site-a", "by admin");
        assertThat(page.driver.findElements(By.cssSelector(r1 + " td[data-phase='done']")))
                .hasSize(4);
        assertThat(page.driver.findElements(By.cssSelector(r1 + " td[data-current='true']")))
                .isEmpty();
        assertThat(triad.get("/cluster/rollouts/r1").path("status").asText()).isEqualTo("done");
        // the update hook ran once a step, twice for the failed one, in the plan's order
        assertThat(hooksLog.lines().stream()
                        .filter(l -> l.startsWith("update "))
                        .toList())
                .containsExactly(
                        "update site-b EAP r1",
                        "update site-b EEP r1",
                        "update site-a EAP r1",
                        "update site-a EEP r1",
                        "update site-a EEP r1");
        assertThat(page.js("return window.__rolloutNoReload;")).isEqualTo("the same page");
        page.scrollTo("#cluster-rollouts");
        page.shot("rollout-3-done");

        // folded by the user, it stays folded as the stream redraws (an undrain of what is not drained: a new version)
        page.click(r1 + " > summary");
        page.await().until(d -> page.attr(r1, "open").isEmpty());
        long version = Long.parseLong(page.$("#cluster-version").getText());
        HttpResponse<String> r = triad.postJson("/cluster/components/EEP/undrain", "{\"site\":\"site-b\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        page.await().until(d -> Long.parseLong(page.$("#cluster-version").getText()) > version);
        assertThat(page.attr(r1, "open")).isEmpty();
    }

    @Test
    @Order(4)
    void anAdminPlansARolloutWithTheFormThenPausesAndCancelsIt() throws Exception {
        page.await()
                .until(d -> role(triad.cluster(), "EEP", "site-a").equals("active")
                        && applied(triad.cluster(), "EEP", "site-a").equals("active"));
        Files.writeString(dir.resolve("hold-update"), "the update hook waits while this exists\n");
        page.$("#cluster-rollout-new summary").click();
        page.waitVisible("#cluster-rollout-form");
        assertThat(page.$("#cluster-rollout-start").isEnabled()).isFalse();
        assertThat(page.$("#cluster-rollout-plan").getText()).isEqualTo("Choose at least one component.");
        page.$("#cluster-rollout-form input[name='component'][value='EEP']").click();
        page.waitText("#cluster-rollout-plan", "2 steps, one at a time: EEP@site-a → EEP@site-b");
        // the site order: site-a later, then earlier again
        page.$("#cluster-rollout-sites button[data-move='down'][data-site='site-a']")
                .click();
        page.waitText("#cluster-rollout-plan", "EEP@site-b → EEP@site-a");
        assertThat(page.$("#cluster-rollout-sites li").getAttribute("data-site"))
                .isEqualTo("site-b");
        page.$("#cluster-rollout-sites button[data-move='up'][data-site='site-a']")
                .click();
        page.waitText("#cluster-rollout-plan", "EEP@site-a → EEP@site-b");
        page.$("#cluster-rollout-id").sendKeys("R 2");
        page.waitText("#cluster-rollout-plan", "The id must match");
        assertThat(page.$("#cluster-rollout-start").isEnabled()).isFalse();
        page.$("#cluster-rollout-id").clear();
        page.$("#cluster-rollout-id").sendKeys("r2");
        page.waitText("#cluster-rollout-plan", "2 steps");
        page.scrollTo("#cluster-rollouts");
        page.shot("rollout-4-form");
        page.$("#cluster-rollout-start").click();
        WebElement dialog = page.waitVisible("#cluster-confirm");
        assertThat(dialog.getText()).contains("Start a rolling update of EEP?", "EEP@site-a → EEP@site-b");
        page.$("#cluster-confirm-ok").click();
        page.waitText("#cluster-message", "Start rolling update r2: accepted");

        // the first step waits in its update hook: pause it there
        page.await()
                .until(d -> "r2".equals(page.attr("#cluster-rollout", "data-rollout"))
                        && "updating".equals(page.attr("#cluster-rollout-grid td[data-current='true']", "data-phase")));
        assertThat(page.$("#cluster-rollout-form").isDisplayed())
                .as("the form folds once it started")
                .isFalse();
        assertThat(page.attr("#cluster-rollout-grid td[data-current='true']", "data-site"))
                .isEqualTo("site-a");
        assertThat(page.text("#cluster-rollout-progress")).isEqualTo("0 / 2 steps done");
        assertThat(buttons("#cluster-rollout")).containsExactly("rollout-pause", "rollout-cancel");
        page.scrollTo("#cluster-rollouts");
        page.shot("rollout-5-running");
        page.click("#cluster-rollout button[data-action='rollout-pause']");
        page.await().until(d -> "paused".equals(page.attr("#cluster-rollout", "data-status")));
        assertThat(page.text("#cluster-rollout-paused")).contains("Paused by admin.");
        assertThat(page.driver.findElements(By.cssSelector("#cluster-rollout-failure")))
                .isEmpty();
        assertThat(buttons("#cluster-rollout")).containsExactly("rollout-resume", "rollout-cancel");

        // cancel asks first; keeping it changes nothing
        page.click("#cluster-rollout button[data-action='rollout-cancel']");
        dialog = page.waitVisible("#cluster-confirm");
        assertThat(dialog.getText())
                .contains(
                        "Cancel rollout r2?",
                        "2 of 2 steps are not done",
                        "EEP stays drained off site-a, where its step had begun");
        assertThat(page.$("#cluster-confirm-cancel").getText()).isEqualTo("Keep it");
        page.$("#cluster-confirm-cancel").click();
        page.await().until(ExpectedConditions.invisibilityOfElementLocated(By.id("cluster-confirm")));
        assertThat(triad.get("/cluster/rollouts/r2").path("status").asText()).isEqualTo("paused");
        page.click("#cluster-rollout button[data-action='rollout-cancel']");
        page.waitVisible("#cluster-confirm");
        page.shot("rollout-6-confirm-cancel");
        page.$("#cluster-confirm-ok").click();
        page.await()
                .until(d -> d.findElements(By.cssSelector("#cluster-rollout")).isEmpty());
        Files.delete(dir.resolve("hold-update"));
        assertThat(triad.get("/cluster/rollouts/r2").path("status").asText()).isEqualTo("cancelled");

        // the cancelled rollout says what it left drained, and an operator undrains it there
        page.await()
                .until(d -> "cancelled"
                        .equals(page.attr("#cluster-rollouts-past details[data-rollout='r2']", "data-status")));
        String r2 = "#cluster-rollouts-past details[data-rollout='r2']";
        assertThat(page.attr(r2, "open")).isNotEmpty();
        assertThat(page.text(r2 + " > summary"))
                .contains("CANCELLED", "0 / 2 steps done", "EEP STILL DRAINED OFF SITE-A");
        assertThat(page.text(r2 + " .cl-ro-left"))
                .contains("EEP is still drained off site-a: step 1 (updating) had begun");
        // the step it stopped in is not shown as still going on
        assertThat(page.attr(r2 + " td[data-step='1']", "data-halted")).isEqualTo("true");
        assertThat(page.text(r2 + " td[data-step='1']")).contains("updating", "CANCELLED HERE");
        // the newest first
        assertThat(page.driver.findElements(By.cssSelector("#cluster-rollouts-past details")).stream()
                        .map(e -> e.getAttribute("data-rollout"))
                        .toList())
                .containsExactly("r2", "r1");
        page.scrollTo("#cluster-rollouts");
        page.shot("rollout-7-cancelled");
        page.click(r2 + " button[data-action='undrain']");
        page.await()
                .until(d -> "false"
                        .equals(page.attr(
                                "#cluster-matrix-table tr[data-component='EEP'] td[data-site='site-a']",
                                "data-drained")));
        page.await()
                .until(d -> d.findElements(By.cssSelector("#cluster-rollouts-past .cl-ro-left"))
                        .isEmpty());
        assertThat(hooksLog.lines().stream().filter(l -> l.endsWith(" r2")).toList())
                .containsExactly("update site-a EEP r2");
    }

    @Test
    @Order(5)
    void aViewerSeesTheRolloutsWithoutTheButtonsOrTheForm() throws Exception {
        HttpResponse<String> r = triad.postJson(
                "/users", "{\"username\":\"watcher\",\"password\":\"" + VIEWER_PASSWORD + "\",\"role\":\"viewer\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        page.$("#logout").click();
        page.waitVisible("#login-form");
        page.login("watcher", VIEWER_PASSWORD);
        page.waitVisible("#nav-cluster").click();
        page.await()
                .until(d -> !d.findElements(By.cssSelector("#cluster-rollouts-past details[data-rollout='r1']"))
                        .isEmpty());
        assertThat(page.$("#cluster-rollout-box").getText()).contains("No rolling update is running.", "triad rollout");
        assertThat(page.driver.findElements(By.cssSelector("#cluster-rollouts button")))
                .isEmpty();
        assertThat(page.driver.findElements(By.cssSelector("#cluster-rollout-new")))
                .isEmpty();
        // a fresh page: what it did not watch stays folded
        assertThat(page.attr("#cluster-rollouts-past details[data-rollout='r1']", "open"))
                .isEmpty();
        page.click("#cluster-rollouts-past details[data-rollout='r2'] > summary");
        page.await()
                .until(d -> page.text("#cluster-rollouts-past details[data-rollout='r2']")
                        .contains("cancelled by admin"));
        page.scrollTo("#cluster-rollouts");
        page.shot("rollout-8-viewer");
    }

    @Test
    @Order(6)
    void theBrowserReportedNoScriptError() {
        // expected: the 401 of the session check before each login
        assertThat(page.consoleProblems(
                        Level.WARNING,
                        m -> m.contains("Failed to load resource")
                                && m.contains("/api/v1/auth/me")
                                && m.contains("401")))
                .isEmpty();
    }

    // ---- helpers

    /** The actions of the buttons within {@code css}, in order. */
    private static List<String> buttons(String css) {
        return page.await()
                .until(d -> d.findElements(By.cssSelector(css + " button[data-action]")).stream()
                        .map(b -> b.getAttribute("data-action"))
                        .toList());
    }
}
