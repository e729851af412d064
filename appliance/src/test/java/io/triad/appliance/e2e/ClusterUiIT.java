package io.triad.appliance.e2e;

import static io.triad.appliance.e2e.ClusterViews.applied;
import static io.triad.appliance.e2e.ClusterViews.component;
import static io.triad.appliance.e2e.ClusterViews.placement;
import static io.triad.appliance.e2e.ClusterViews.role;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.appliance.config.ComponentSection;
import io.triad.appliance.config.TriadConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Cluster page in headless Chromium against a running single-site appliance (no {@code cluster.peers}: site-a is
 * the whole cluster and its leader) with three components whose hooks are real shell commands appending to {@code
 * hooks.log}: EAP (active-standby), EEP (active-active) and GW (active-standby, health checked over TCP on a port this
 * test opens and closes), and SMS (active-standby, whose promote hook fails while a flag file exists). The page shows the leader and the placement the controller made, follows the health of GW
 * and the failed promotion of SMS over the watch stream without a reload, and carries out an admin's drain, undrain, pin, unpin and maintenance; a
 * viewer sees the same page without the buttons; when the appliance stops and starts again, the page says it is
 * reconnecting and goes live again by itself. Screenshots go to {@code target/ui-screenshots/cluster-*.png} at
 * 1280 x 800.
 *
 * <p>Skipped when {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is missing ({@code .ci/run} installs
 * both).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterUiIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String VIEWER_PASSWORD = "viewer-password-1";
    private static final String SITE = "site-a";

    @TempDir
    static Path dir;

    static TriadConfig config;
    static RunningAppliance triad;
    static ChromiumPage page;
    static String base;
    static HooksLog hooksLog;
    static TcpEndpoint gateway;
    static Path failFlag;

    /** A loopback port that accepts connections and closes them at once, for a {@code tcp} health check. */
    static final class TcpEndpoint implements AutoCloseable {
        final int port;
        private volatile ServerSocket socket;

        TcpEndpoint(int port) throws IOException {
            this.port = port;
            open();
        }

        /** Listens on the port (again). */
        void open() throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            socket = s;
            Thread t = new Thread(
                    () -> {
                        while (!s.isClosed()) {
                            try (Socket c = s.accept()) {
                                // the check has had its connection
                            } catch (IOException e) {
                                return; // closed
                            }
                        }
                    },
                    "cluster-it-gateway");
            t.setDaemon(true);
            t.start();
        }

        /** Stops listening: connections are refused. */
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled("ClusterUiIT");
        hooksLog = new HooksLog(dir.resolve("hooks.log"));
        ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int port = probe.getLocalPort();
        probe.close();
        gateway = new TcpEndpoint(port);

        TriadConfig c = RunningAppliance.loopbackConfig(dir.resolve("triad"));
        c.site = c.site.withId("site-a");
        c.cluster.failover = c.cluster.failover.withStabilizationSeconds(1);
        c.cluster.failover = c.cluster.failover.withRoundMillis(100);
        c.cluster.components.add(hooked("EAP", "active-standby", "none", ""));
        c.cluster.components.add(hooked("EEP", "active-active", "none", ""));
        c.cluster.components.add(hooked("GW", "active-standby", "tcp", "127.0.0.1:" + gateway.port));
        // SMS cannot be promoted while the flag file exists
        failFlag = Files.writeString(dir.resolve("sms-promote-fails"), "remove me to let SMS be promoted\n");
        ComponentSection sms = hooked("SMS", "active-standby", "none", "");
        sms = sms.withHooks(sms.hooks()
                .withPromote("if [ -e '" + failFlag + "' ]; then echo 'SMSC link down' >&2; exit 3; fi; "
                        + sms.hooks().promote()));
        c.cluster.components.add(sms);
        config = c;
        triad = RunningAppliance.start(c);
        base = "http://127.0.0.1:" + triad.port("web");

        HeadlessChromium.deleteShots(name -> name.startsWith("cluster-"));
        page = ChromiumPage.start(dir.resolve("chromium-profile"), WAIT, Duration.ofMillis(500));
        page.driver.manage().window().setSize(new Dimension(1280, 800));
    }

    /** A component preferred on site-a whose hooks append {@code <hook> <component> <role> <epoch>}. */
    private static ComponentSection hooked(String name, String mode, String health, String target) {
        ComponentSection s = hooksLog.component(name, mode, "$TRIAD_HOOK $TRIAD_COMPONENT $TRIAD_ROLE $TRIAD_EPOCH");
        return s.withPreferredSite("site-a")
                .withHealth(s.health().withType(health).withTarget(target));
    }

    @AfterAll
    static void stop() throws IOException {
        if (page != null) {
            page.close();
        }
        if (triad != null) {
            triad.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    @Order(1)
    void thePageShowsTheLeaderThePlacementAndTheHealthOfEachComponent() throws Exception {
        JsonNode api = triad.awaitCluster(
                s -> role(s, "EAP", SITE).equals("primary")
                        && role(s, "EEP", SITE).equals("active")
                        && role(s, "GW", SITE).equals("primary")
                        && applied(s, "EAP", SITE).equals("primary")
                        && applied(s, "GW", SITE).equals("primary")
                        && applied(s, "EEP", SITE).equals("active"),
                "EAP and GW primary, EEP active on site-a",
                WAIT);
        assertThat(api.path("leader").asText()).isEqualTo("site-a");

        // the #/cluster form of the link opens the view after the login
        page.driver.get(base + "/#/cluster");
        page.waitVisible("#login-form");
        page.login("admin", RunningAppliance.ADMIN_PASSWORD);
        page.waitText("#cluster-leader", "site-a");
        assertThat(page.urlParams()).containsEntry("view", "cluster");
        assertThat(page.$("#nav-cluster").getAttribute("class")).contains("active");
        assertThat(page.$("#cluster-site").getText()).isEqualTo("site-a");
        assertThat(page.$("#cluster-term").getText()).isEqualTo(api.path("term").asText());
        page.await()
                .until(d -> page.$("#cluster-epoch")
                        .getText()
                        .equals(String.valueOf(triad.cluster().path("epoch").asLong())));
        assertThat(page.$("#cluster-lease").getText()).isEqualTo("held");
        assertThat(page.$("#cluster-banner").isDisplayed()).isFalse();
        page.await().until(d -> "live".equals(page.$(".view-cluster").getAttribute("data-live")));
        assertThat(page.$("#cluster-live").getText()).isEqualTo("live");

        WebElement site = page.$("#cluster-sites tr[data-site='site-a']");
        assertThat(site.getAttribute("data-state")).isEqualTo("up");
        assertThat(site.getText())
                .containsIgnoringCase("data")
                .containsIgnoringCase("up")
                .containsIgnoringCase("leader")
                .contains("(this site)");
        assertThat(site.findElements(By.cssSelector("button[data-action='maintenance-on']")))
                .hasSize(1);

        page.await()
                .until(d -> cellAttr("EAP", "data-status").equals("ok")
                        && cellAttr("EEP", "data-status").equals("ok"));
        steady(() -> {
            WebElement eap = cell("EAP");
            assertThat(eap.getAttribute("data-role")).isEqualTo("primary");
            assertThat(eap.getAttribute("data-health")).isEqualTo("healthy");
            assertThat(eap.getText()).containsIgnoringCase("primary").contains("healthy");
            // the primary needs no "move here"; drain is offered
            assertThat(eap.findElements(By.cssSelector("button[data-action='move']")))
                    .isEmpty();
            assertThat(eap.findElements(By.cssSelector("button[data-action='drain']")))
                    .hasSize(1);
            WebElement eep = cell("EEP");
            assertThat(eep.getAttribute("data-role")).isEqualTo("active");
            assertThat(eep.getAttribute("data-weight")).isEqualTo("100");
            assertThat(eep.getText()).containsIgnoringCase("active 100 %");
        });
        page.await().until(d -> cellAttr("GW", "data-health").equals("healthy"));
        assertThat(cell("GW").getText()).contains("healthy", "connected to 127.0.0.1:" + gateway.port);
        assertThat(page.$("#cluster-matrix-table thead").getText()).contains("site-a");
        assertThat(page.$("tr[data-component='EAP'] th").getText()).contains("EAP", "active-standby");
        assertThat(page.$("tr[data-component='EEP'] th").getText()).contains("EEP", "active-active");

        // the hooks ran: every component started, the active-standby ones promoted in an epoch > 0
        page.await().until(d -> hooksLog.lines().stream().anyMatch(l -> l.startsWith("promote GW primary ")));
        List<String> hooks = hooksLog.lines();
        // an agent may see the state after another component's promotion, so the epoch of EAP's start and of EEP's
        // start and weight is any (EEP's was 3 once, after the three promotions)
        assertThat(hooks).anyMatch(l -> l.matches("start EAP standby [0-9]+"));
        assertThat(hooks).anyMatch(l -> l.matches("start EEP active [0-9]+"));
        assertThat(hooks).anyMatch(l -> l.matches("set-weight EEP active [0-9]+"));
        assertThat(hooks).anyMatch(l -> l.matches("promote EAP primary [1-9][0-9]*"));

        // the history lists the promotions
        page.await()
                .until(d -> !page.driver
                        .findElements(By.cssSelector("#cluster-history tr[data-type='promotion']"))
                        .isEmpty());
        assertThat(page.$("#cluster-history").getText()).contains("EAP primary none -> site-a");

        // the failed promotion of SMS: asked to be primary, still standby, the hook's outcome in the title
        page.await().until(d -> cellAttr("SMS", "data-status").equals("failed"));
        // read afresh each time: the watch stream may redraw the matrix between two reads
        assertThat(cellAttr("SMS", "data-role")).isEqualTo("primary");
        assertThat(cellAttr("SMS", "data-applied")).isEqualTo("standby");
        page.await()
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> cell("SMS").getText().contains("hook failed (holds standby)")
                        && cell("SMS").getText().contains("promote exit 3"));
        assertThat(page.attr(cellCss("SMS") + " .cl-transition", "title")).contains("promote exit 3");
        page.await()
                .until(d -> !page.driver
                        .findElements(By.cssSelector("#cluster-history tr[data-type='hook-failed']"))
                        .isEmpty());
        page.shot("cluster-1-overview");
    }

    @Test
    @Order(2)
    void aComponentTurnsUnhealthyAndHealthyAgainWithoutAReload() throws Exception {
        page.js("window.__clusterNoReload = 'still the same page';");
        long before = Long.parseLong(page.$("#cluster-version").getText());
        gateway.close();
        page.await().until(d -> cellAttr("GW", "data-health").equals("unhealthy"));
        WebElement gw = cell("GW");
        assertThat(gw.getText()).contains("unhealthy", "connect refused");
        assertThat(gw.findElement(By.cssSelector(".cl-health")).getAttribute("title"))
                .contains("connect refused");
        assertThat(Long.parseLong(page.$("#cluster-version").getText())).isGreaterThan(before);
        assertThat(page.js("return window.__clusterNoReload;")).isEqualTo("still the same page");
        JsonNode api = triad.get("/cluster");
        assertThat(placement(api, "GW", SITE).path("health").path("healthy").asBoolean())
                .isFalse();
        page.shot("cluster-2-unhealthy");

        gateway.open();
        page.await().until(d -> cellAttr("GW", "data-health").equals("healthy"));

        // the agent retries the failed promotion of SMS (after 5 s): the marker goes
        Files.delete(failFlag);
        page.await().until(d -> cellAttr("SMS", "data-status").equals("ok"));
        assertThat(cellAttr("SMS", "data-applied")).isEqualTo("primary");
        assertThat(cell("SMS").findElements(By.cssSelector(".cl-transition"))).isEmpty();
        assertThat(hooksLog.lines()).anyMatch(l -> l.matches("promote SMS primary [1-9][0-9]*"));
        assertThat(page.js("return window.__clusterNoReload;")).isEqualTo("still the same page");
    }

    @Test
    @Order(3)
    void anAdminDrainsAComponentAndUndrainsIt() throws Exception {
        int hooksBefore = hooksLog.lines().size();
        click("EEP", "drain");
        WebElement dialog = page.waitVisible("#cluster-confirm");
        assertThat(dialog.getText()).contains("Drain EEP off site-a?");
        page.shot("cluster-3-confirm-drain");
        page.$("#cluster-confirm-ok").click();
        // site-a is the only data site: the server answers that the drain would stop EEP, and the page asks again
        page.await()
                .until(d -> page.$("#cluster-confirm").isDisplayed()
                        && page.$("#cluster-confirm").getText().contains("Stop EEP on site-a?"));
        assertThat(page.$("#cluster-confirm").getText()).contains("No other data site is up and may run EEP");
        assertThat(component(triad.get("/cluster"), "EEP").path("drained").toString())
                .as("nothing changed before the second answer")
                .isEqualTo("[]");
        page.shot("cluster-3-confirm-stop");
        page.$("#cluster-confirm-ok").click();
        page.await().until(d -> cellAttr("EEP", "data-drained").equals("true"));
        page.waitText("#cluster-message", "accepted");
        JsonNode api = triad.get("/cluster");
        assertThat(component(api, "EEP").path("drained").toString()).isEqualTo("[\"site-a\"]");
        // the controller stops it there, and the page shows it stopped and drained
        page.await().until(d -> cellAttr("EEP", "data-role").equals("stopped"));
        page.await()
                .until(d -> hooksLog
                        .lines()
                        .subList(hooksBefore, hooksLog.lines().size())
                        .stream()
                        .anyMatch(l -> l.startsWith("stop EEP stopped ")));
        WebElement eep = cell("EEP");
        assertThat(eep.getText()).containsIgnoringCase("drained").containsIgnoringCase("stopped");
        assertThat(page.$("tr[data-component='EEP'] th").getText()).contains("drained off site-a");
        assertThat(eep.findElements(By.cssSelector("button[data-action='undrain']")))
                .hasSize(1);
        System.out.println("ClusterUiIT: EEP drained off the only data site: " + component(triad.get("/cluster"), "EEP")
                + "; hooks since: "
                + hooksLog.lines().subList(hooksBefore, hooksLog.lines().size()));
        page.shot("cluster-4-drained");

        click("EEP", "undrain");
        page.await().until(d -> cellAttr("EEP", "data-drained").equals("false"));
        page.await()
                .until(d -> cellAttr("EEP", "data-role").equals("active")
                        && cellAttr("EEP", "data-status").equals("ok"));
        assertThat(cell("EEP").getText()).containsIgnoringCase("active 100 %");
        assertThat(page.$("#cluster-history").getText()).contains("EEP not pinned, drained off [site-a] by admin");
    }

    @Test
    @Order(4)
    void anAdminPinsAComponentThroughTheApiAndUnpinsItOnThePage() throws Exception {
        HttpResponse<String> r = triad.postJson("/cluster/components/EAP/move", "{\"site\":\"site-a\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        page.await().until(d -> cellAttr("EAP", "data-pinned").equals("true"));
        assertThat(cell("EAP").getText()).contains("PINNED");
        assertThat(page.$("tr[data-component='EAP'] th").getText()).contains("pinned to site-a");
        page.$("tr[data-component='EAP'] button[data-action='unpin']").click();
        page.await().until(d -> cellAttr("EAP", "data-pinned").equals("false"));
        assertThat(page.driver.findElements(By.cssSelector("tr[data-component='EAP'] button[data-action='unpin']")))
                .isEmpty();
        // a refusal is shown with the server's reason
        r = triad.postJson("/cluster/components/NOPE/drain", "{\"site\":\"site-a\"}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("unknown component 'NOPE'");
    }

    @Test
    @Order(5)
    void anAdminPutsTheSiteIntoMaintenanceAndTakesItOut() throws Exception {
        int hooksBefore = hooksLog.lines().size();
        page.$("#cluster-sites tr[data-site='site-a'] button[data-action='maintenance-on']")
                .click();
        WebElement dialog = page.waitVisible("#cluster-confirm");
        assertThat(dialog.getText()).contains("Put site-a into maintenance?");
        // cancelled: nothing happens
        page.$("#cluster-confirm-cancel").click();
        page.await().until(ExpectedConditions.invisibilityOfElementLocated(By.id("cluster-confirm")));
        assertThat(triad.get("/cluster").path("sites").get(0).path("state").asText())
                .isEqualTo("up");

        page.$("#cluster-sites tr[data-site='site-a'] button[data-action='maintenance-on']")
                .click();
        page.waitVisible("#cluster-confirm");
        page.$("#cluster-confirm-ok").click();
        // it would stop everything that runs on site-a: asked again, naming them
        page.await()
                .until(d -> page.$("#cluster-confirm").isDisplayed()
                        && page.$("#cluster-confirm").getText().contains("on site-a?")
                        && page.$("#cluster-confirm").getText().startsWith("Stop "));
        String ask = page.$("#cluster-confirm").getText();
        assertThat(ask).contains("EAP").contains("EEP").contains("GW");
        page.$("#cluster-confirm-ok").click();
        page.await()
                .until(d -> "maintenance"
                        .equals(page.$("#cluster-sites tr[data-site='site-a']").getAttribute("data-state")));
        WebElement site = page.$("#cluster-sites tr[data-site='site-a']");
        assertThat(site.getText()).contains("MAINTENANCE");
        assertThat(site.findElements(By.cssSelector("button[data-action='maintenance-off']")))
                .hasSize(1);
        assertThat(page.$("#cluster-matrix-table thead th[data-site='site-a']").getText())
                .contains("MAINTENANCE");
        // maintenance means it runs nothing: each component stops there (its stop hook runs) and the page shows it
        for (String c : List.of("EAP", "EEP", "GW", "SMS")) {
            page.await().until(d -> cellAttr(c, "data-role").equals("stopped"));
            assertThat(cell(c).getText()).as(c).containsIgnoringCase("stopped");
        }
        for (String c : List.of("EAP", "EEP", "GW")) {
            page.await()
                    .until(d -> hooksLog
                            .lines()
                            .subList(hooksBefore, hooksLog.lines().size())
                            .stream()
                            .anyMatch(l -> l.startsWith("stop " + c + " ")));
        }
        JsonNode api = triad.get("/cluster");
        System.out.println(
                "ClusterUiIT: site-a in maintenance: EAP " + role(api, "EAP", SITE) + ", EEP " + role(api, "EEP", SITE)
                        + ", GW " + role(api, "GW", SITE) + "; hooks since: "
                        + hooksLog.lines().subList(hooksBefore, hooksLog.lines().size()));
        page.await()
                .until(d -> !page.driver
                        .findElements(By.cssSelector("#cluster-history tr[data-type='maintenance']"))
                        .isEmpty());
        assertThat(page.$("#cluster-history").getText()).contains("site-a put into maintenance by admin");
        page.shot("cluster-5-maintenance");

        page.$("#cluster-sites tr[data-site='site-a'] button[data-action='maintenance-off']")
                .click();
        page.waitVisible("#cluster-confirm");
        page.$("#cluster-confirm-ok").click();
        page.await()
                .until(d -> "up"
                        .equals(page.$("#cluster-sites tr[data-site='site-a']").getAttribute("data-state")));
        page.await()
                .until(d -> cellAttr("EAP", "data-role").equals("primary")
                        && cellAttr("EEP", "data-role").equals("active")
                        && cellAttr("EAP", "data-status").equals("ok")
                        && cellAttr("EEP", "data-status").equals("ok"));
        assertThat(page.$("#cluster-history").getText()).contains("site-a taken out of maintenance by admin");
    }

    @Test
    @Order(6)
    void aViewerSeesThePageWithoutTheOperatorsButtons() throws Exception {
        HttpResponse<String> r = triad.postJson(
                "/users", "{\"username\":\"watcher\",\"password\":\"" + VIEWER_PASSWORD + "\",\"role\":\"viewer\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        page.$("#logout").click();
        page.waitVisible("#login-form");
        page.login("watcher", VIEWER_PASSWORD);
        page.waitVisible("#nav-cluster").click();
        page.waitText("#cluster-leader", "site-a");
        page.await().until(d -> cellAttr("EAP", "data-role").equals("primary"));
        assertThat(page.driver.findElements(By.cssSelector(".view-cluster button[data-action]")))
                .isEmpty();
        assertThat(page.$("#cluster-sites thead").getText()).doesNotContain("Maintenance");
        assertThat(cell("GW").getText()).contains("healthy");
        page.shot("cluster-6-viewer");
    }

    @Test
    @Order(7)
    void theBrowserReportedNoScriptError() {
        // expected: the 401 of the session check before each login, and the 409s of the drain and the maintenance
        // that would have stopped what no other site can run (the page then asked again)
        assertThat(page.consoleProblems(
                        Level.WARNING,
                        m -> m.contains("Failed to load resource")
                                && ((m.contains("/api/v1/auth/me") && m.contains("401"))
                                        || (m.contains("409")
                                                && (m.contains("/cluster/components/EEP/drain")
                                                        || m.contains("/cluster/sites/site-a/maintenance"))))))
                .isEmpty();
    }

    @Test
    @Order(8)
    void theStreamReconnectsWhenTheApplianceIsBack() throws Exception {
        page.js("window.__clusterNoReload = 'before the restart';");
        int port = triad.port("web");
        triad.close();
        triad = null;
        page.await().until(d -> "reconnecting".equals(page.$(".view-cluster").getAttribute("data-live")));
        page.waitText("#cluster-live", "reconnecting");
        assertThat(page.$("#cluster-body").getAttribute("class")).contains("cl-stale");
        page.shot("cluster-7-reconnecting");

        config.web.port = port; // the same address, data and session store
        triad = RunningAppliance.start(config);
        page.await().until(d -> "live".equals(page.$(".view-cluster").getAttribute("data-live")));
        assertThat(page.$("#cluster-body").getAttribute("class")).doesNotContain("cl-stale");
        page.await()
                .until(d -> cellAttr("EAP", "data-role").equals("primary")
                        && cellAttr("EAP", "data-status").equals("ok"));
        assertThat(page.js("return window.__clusterNoReload;")).isEqualTo("before the restart");
        // expected: the open stream cut off by the stop, then the session check and the stream refused while the
        // appliance was away (once answered 404 instead, on a kept-alive connection while the server shut down: a
        // note for the web module); nothing else went wrong
        assertThat(page.consoleProblems(
                        Level.WARNING,
                        m -> m.contains("Failed to load resource")
                                && (m.contains("ERR_CONNECTION_REFUSED")
                                        || (m.contains("/api/v1/auth/me") && m.contains("404"))
                                        || (m.contains("/api/v1/cluster/watch")
                                                && m.contains("ERR_INCOMPLETE_CHUNKED_ENCODING")))))
                .isEmpty();
    }

    // ---- helpers

    /**
     * Runs checks on elements of the matrix again when the watch stream redrew it meanwhile (a health report, a role
     * report: the elements found are gone), at most three times.
     */
    private static void steady(Runnable checks) {
        for (int i = 0; ; i++) {
            try {
                checks.run();
                return;
            } catch (StaleElementReferenceException e) {
                if (i == 2) {
                    throw e;
                }
            }
        }
    }

    /** The matrix cell of a component on site-a. */
    private static WebElement cell(String component) {
        return page.$(cellCss(component));
    }

    private static String cellCss(String component) {
        return "#cluster-matrix-table tr[data-component='" + component + "'] td[data-site='site-a']";
    }

    /** An attribute of a cell, read again if the stream redrew the matrix meanwhile ("" when it cannot be read). */
    private static String cellAttr(String component, String attribute) {
        return page.attr(cellCss(component), attribute);
    }

    /** Clicks a cell's action button (found afresh: the stream may redraw the matrix at any time). */
    private static void click(String component, String action) {
        page.click(cellCss(component) + " button[data-action='" + action + "']");
    }
}
