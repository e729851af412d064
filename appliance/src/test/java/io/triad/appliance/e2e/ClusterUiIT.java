package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.appliance.config.TriadConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    private static final Path SHOTS = HeadlessChromium.SHOTS;
    private static final String VIEWER_PASSWORD = "viewer-password-1";

    @TempDir
    static Path dir;

    static TriadConfig config;
    static RunningAppliance triad;
    static ChromeDriver driver;
    static String base;
    static Path hooksLog;
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
        hooksLog = dir.resolve("hooks.log");
        ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int port = probe.getLocalPort();
        probe.close();
        gateway = new TcpEndpoint(port);

        TriadConfig c = RunningAppliance.loopbackConfig(dir.resolve("triad"));
        c.site.id = "site-a";
        c.cluster.failover.stabilizationSeconds = 1;
        c.cluster.failover.roundMillis = 100;
        c.cluster.components.add(component("EAP", "active-standby", "none", ""));
        c.cluster.components.add(component("EEP", "active-active", "none", ""));
        c.cluster.components.add(component("GW", "active-standby", "tcp", "127.0.0.1:" + gateway.port));
        // SMS cannot be promoted while the flag file exists
        failFlag = Files.writeString(dir.resolve("sms-promote-fails"), "remove me to let SMS be promoted\n");
        TriadConfig.ComponentSection sms = component("SMS", "active-standby", "none", "");
        sms.hooks.promote =
                "if [ -e '" + failFlag + "' ]; then echo 'SMSC link down' >&2; exit 3; fi; " + sms.hooks.promote;
        c.cluster.components.add(sms);
        config = c;
        triad = RunningAppliance.start(c);
        base = "http://127.0.0.1:" + triad.port("web");

        Files.createDirectories(SHOTS);
        try (Stream<Path> old = Files.list(SHOTS)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("cluster-"))
                    .toList()) {
                Files.delete(p);
            }
        }
        driver = HeadlessChromium.start(dir.resolve("chromium-profile"));
        driver.manage().window().setSize(new Dimension(1280, 800));
    }

    private static TriadConfig.ComponentSection component(String name, String mode, String health, String target) {
        TriadConfig.ComponentSection s = new TriadConfig.ComponentSection();
        s.name = name;
        s.mode = mode;
        s.preferredSite = "site-a";
        s.health.type = health;
        s.health.target = target;
        s.health.intervalMillis = 200;
        s.health.timeoutMillis = 150;
        s.health.rise = 1;
        s.health.fall = 1;
        String hook = "echo \"$TRIAD_HOOK $TRIAD_COMPONENT $TRIAD_ROLE $TRIAD_EPOCH\" >> '" + hooksLog + "'";
        s.hooks.start = hook;
        s.hooks.stop = hook;
        s.hooks.promote = hook;
        s.hooks.demote = hook;
        s.hooks.setWeight = hook;
        s.hooks.timeoutSeconds = 10;
        return s;
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) {
            driver.quit();
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
        JsonNode api = awaitCluster(
                s -> role(s, "EAP").equals("primary")
                        && role(s, "EEP").equals("active")
                        && role(s, "GW").equals("primary")
                        && applied(s, "EAP").equals("primary")
                        && applied(s, "GW").equals("primary")
                        && applied(s, "EEP").equals("active"),
                "EAP and GW primary, EEP active on site-a");
        assertThat(api.path("leader").asText()).isEqualTo("site-a");

        // the #/cluster form of the link opens the view after the login
        driver.get(base + "/#/cluster");
        waitVisible("#login-form");
        $("#login-username").sendKeys("admin");
        $("#login-password").sendKeys(RunningAppliance.ADMIN_PASSWORD);
        $("#login-submit").click();
        waitText("#cluster-leader", "site-a");
        assertThat(HeadlessChromium.urlParams(driver)).containsEntry("view", "cluster");
        assertThat($("#nav-cluster").getAttribute("class")).contains("active");
        assertThat($("#cluster-site").getText()).isEqualTo("site-a");
        assertThat($("#cluster-term").getText()).isEqualTo(api.path("term").asText());
        await().until(d -> $("#cluster-epoch")
                .getText()
                .equals(String.valueOf(get().path("epoch").asLong())));
        assertThat($("#cluster-lease").getText()).isEqualTo("held");
        assertThat($("#cluster-banner").isDisplayed()).isFalse();
        await().until(d -> "live".equals($(".view-cluster").getAttribute("data-live")));
        assertThat($("#cluster-live").getText()).isEqualTo("live");

        WebElement site = $("#cluster-sites tr[data-site='site-a']");
        assertThat(site.getAttribute("data-state")).isEqualTo("up");
        assertThat(site.getText())
                .containsIgnoringCase("data")
                .containsIgnoringCase("up")
                .containsIgnoringCase("leader")
                .contains("(this site)");
        assertThat(site.findElements(By.cssSelector("button[data-action='maintenance-on']")))
                .hasSize(1);

        await().until(d -> cellAttr("EAP", "data-status").equals("ok")
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
        await().until(d -> cellAttr("GW", "data-health").equals("healthy"));
        assertThat(cell("GW").getText()).contains("healthy", "connected to 127.0.0.1:" + gateway.port);
        assertThat($("#cluster-matrix-table thead").getText()).contains("site-a");
        assertThat($("tr[data-component='EAP'] th").getText()).contains("EAP", "active-standby");
        assertThat($("tr[data-component='EEP'] th").getText()).contains("EEP", "active-active");

        // the hooks ran: every component started, the active-standby ones promoted in an epoch > 0
        await().until(d -> hookLines().stream().anyMatch(l -> l.startsWith("promote GW primary ")));
        List<String> hooks = hookLines();
        // an agent may see the state after another component's promotion, so the epoch of EAP's start and of EEP's
        // start and weight is any (EEP's was 3 once, after the three promotions)
        assertThat(hooks).anyMatch(l -> l.matches("start EAP standby [0-9]+"));
        assertThat(hooks).anyMatch(l -> l.matches("start EEP active [0-9]+"));
        assertThat(hooks).anyMatch(l -> l.matches("set-weight EEP active [0-9]+"));
        assertThat(hooks).anyMatch(l -> l.matches("promote EAP primary [1-9][0-9]*"));

        // the history lists the promotions
        await().until(d -> !driver.findElements(By.cssSelector("#cluster-history tr[data-type='promotion']"))
                .isEmpty());
        assertThat($("#cluster-history").getText()).contains("EAP primary none -> site-a");

        // the failed promotion of SMS: asked to be primary, still standby, the hook's outcome in the title
        await().until(d -> cellAttr("SMS", "data-status").equals("failed"));
        WebElement sms = cell("SMS");
        assertThat(sms.getAttribute("data-role")).isEqualTo("primary");
        assertThat(sms.getAttribute("data-applied")).isEqualTo("standby");
        assertThat(sms.getText()).contains("hook failed (holds standby)", "promote exit 3");
        assertThat(sms.findElement(By.cssSelector(".cl-transition")).getAttribute("title"))
                .contains("promote exit 3");
        await().until(d -> !driver.findElements(By.cssSelector("#cluster-history tr[data-type='hook-failed']"))
                .isEmpty());
        shot("cluster-1-overview");
    }

    @Test
    @Order(2)
    void aComponentTurnsUnhealthyAndHealthyAgainWithoutAReload() throws Exception {
        js("window.__clusterNoReload = 'still the same page';");
        long before = Long.parseLong($("#cluster-version").getText());
        gateway.close();
        await().until(d -> cellAttr("GW", "data-health").equals("unhealthy"));
        WebElement gw = cell("GW");
        assertThat(gw.getText()).contains("unhealthy", "connect refused");
        assertThat(gw.findElement(By.cssSelector(".cl-health")).getAttribute("title"))
                .contains("connect refused");
        assertThat(Long.parseLong($("#cluster-version").getText())).isGreaterThan(before);
        assertThat(js("return window.__clusterNoReload;")).isEqualTo("still the same page");
        JsonNode api = triad.get("/cluster");
        assertThat(placement(api, "GW").path("health").path("healthy").asBoolean())
                .isFalse();
        shot("cluster-2-unhealthy");

        gateway.open();
        await().until(d -> cellAttr("GW", "data-health").equals("healthy"));

        // the agent retries the failed promotion of SMS (after 5 s): the marker goes
        Files.delete(failFlag);
        await().until(d -> cellAttr("SMS", "data-status").equals("ok"));
        assertThat(cellAttr("SMS", "data-applied")).isEqualTo("primary");
        assertThat(cell("SMS").findElements(By.cssSelector(".cl-transition"))).isEmpty();
        assertThat(hookLines()).anyMatch(l -> l.matches("promote SMS primary [1-9][0-9]*"));
        assertThat(js("return window.__clusterNoReload;")).isEqualTo("still the same page");
    }

    @Test
    @Order(3)
    void anAdminDrainsAComponentAndUndrainsIt() throws Exception {
        int hooksBefore = hookLines().size();
        click("EEP", "drain");
        WebElement dialog = waitVisible("#cluster-confirm");
        assertThat(dialog.getText()).contains("Drain EEP off site-a?");
        shot("cluster-3-confirm-drain");
        $("#cluster-confirm-ok").click();
        // site-a is the only data site: the server answers that the drain would stop EEP, and the page asks again
        await().until(d -> $("#cluster-confirm").isDisplayed()
                && $("#cluster-confirm").getText().contains("Stop EEP on site-a?"));
        assertThat($("#cluster-confirm").getText()).contains("No other data site is up and may run EEP");
        assertThat(component(triad.get("/cluster"), "EEP").path("drained").toString())
                .as("nothing changed before the second answer")
                .isEqualTo("[]");
        shot("cluster-3-confirm-stop");
        $("#cluster-confirm-ok").click();
        await().until(d -> cellAttr("EEP", "data-drained").equals("true"));
        waitText("#cluster-message", "accepted");
        JsonNode api = triad.get("/cluster");
        assertThat(component(api, "EEP").path("drained").toString()).isEqualTo("[\"site-a\"]");
        // the controller stops it there, and the page shows it stopped and drained
        await().until(d -> cellAttr("EEP", "data-role").equals("stopped"));
        await().until(d -> hookLines().subList(hooksBefore, hookLines().size()).stream()
                .anyMatch(l -> l.startsWith("stop EEP stopped ")));
        WebElement eep = cell("EEP");
        assertThat(eep.getText()).containsIgnoringCase("drained").containsIgnoringCase("stopped");
        assertThat($("tr[data-component='EEP'] th").getText()).contains("drained off site-a");
        assertThat(eep.findElements(By.cssSelector("button[data-action='undrain']")))
                .hasSize(1);
        System.out.println("ClusterUiIT: EEP drained off the only data site: " + component(triad.get("/cluster"), "EEP")
                + "; hooks since: "
                + hookLines().subList(hooksBefore, hookLines().size()));
        shot("cluster-4-drained");

        click("EEP", "undrain");
        await().until(d -> cellAttr("EEP", "data-drained").equals("false"));
        await().until(d -> cellAttr("EEP", "data-role").equals("active")
                && cellAttr("EEP", "data-status").equals("ok"));
        assertThat(cell("EEP").getText()).containsIgnoringCase("active 100 %");
        assertThat($("#cluster-history").getText()).contains("EEP not pinned, drained off [site-a] by admin");
    }

    @Test
    @Order(4)
    void anAdminPinsAComponentThroughTheApiAndUnpinsItOnThePage() throws Exception {
        HttpResponse<String> r = post("/cluster/components/EAP/move", "{\"site\":\"site-a\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        await().until(d -> cellAttr("EAP", "data-pinned").equals("true"));
        assertThat(cell("EAP").getText()).contains("PINNED");
        assertThat($("tr[data-component='EAP'] th").getText()).contains("pinned to site-a");
        $("tr[data-component='EAP'] button[data-action='unpin']").click();
        await().until(d -> cellAttr("EAP", "data-pinned").equals("false"));
        assertThat(driver.findElements(By.cssSelector("tr[data-component='EAP'] button[data-action='unpin']")))
                .isEmpty();
        // a refusal is shown with the server's reason
        r = post("/cluster/components/NOPE/drain", "{\"site\":\"site-a\"}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("unknown component 'NOPE'");
    }

    @Test
    @Order(5)
    void anAdminPutsTheSiteIntoMaintenanceAndTakesItOut() throws Exception {
        int hooksBefore = hookLines().size();
        $("#cluster-sites tr[data-site='site-a'] button[data-action='maintenance-on']")
                .click();
        WebElement dialog = waitVisible("#cluster-confirm");
        assertThat(dialog.getText()).contains("Put site-a into maintenance?");
        // cancelled: nothing happens
        $("#cluster-confirm-cancel").click();
        await().until(ExpectedConditions.invisibilityOfElementLocated(By.id("cluster-confirm")));
        assertThat(triad.get("/cluster").path("sites").get(0).path("state").asText())
                .isEqualTo("up");

        $("#cluster-sites tr[data-site='site-a'] button[data-action='maintenance-on']")
                .click();
        waitVisible("#cluster-confirm");
        $("#cluster-confirm-ok").click();
        // it would stop everything that runs on site-a: asked again, naming them
        await().until(d -> $("#cluster-confirm").isDisplayed()
                && $("#cluster-confirm").getText().contains("on site-a?")
                && $("#cluster-confirm").getText().startsWith("Stop "));
        String ask = $("#cluster-confirm").getText();
        assertThat(ask).contains("EAP").contains("EEP").contains("GW");
        $("#cluster-confirm-ok").click();
        await().until(d ->
                "maintenance".equals($("#cluster-sites tr[data-site='site-a']").getAttribute("data-state")));
        WebElement site = $("#cluster-sites tr[data-site='site-a']");
        assertThat(site.getText()).contains("MAINTENANCE");
        assertThat(site.findElements(By.cssSelector("button[data-action='maintenance-off']")))
                .hasSize(1);
        assertThat($("#cluster-matrix-table thead th[data-site='site-a']").getText())
                .contains("MAINTENANCE");
        // maintenance means it runs nothing: each component stops there (its stop hook runs) and the page shows it
        for (String c : List.of("EAP", "EEP", "GW", "SMS")) {
            await().until(d -> cellAttr(c, "data-role").equals("stopped"));
            assertThat(cell(c).getText()).as(c).containsIgnoringCase("stopped");
        }
        for (String c : List.of("EAP", "EEP", "GW")) {
            await().until(d -> hookLines().subList(hooksBefore, hookLines().size()).stream()
                    .anyMatch(l -> l.startsWith("stop " + c + " ")));
        }
        JsonNode api = triad.get("/cluster");
        System.out.println("ClusterUiIT: site-a in maintenance: EAP " + role(api, "EAP") + ", EEP " + role(api, "EEP")
                + ", GW " + role(api, "GW") + "; hooks since: "
                + hookLines().subList(hooksBefore, hookLines().size()));
        await().until(d -> !driver.findElements(By.cssSelector("#cluster-history tr[data-type='maintenance']"))
                .isEmpty());
        assertThat($("#cluster-history").getText()).contains("site-a put into maintenance by admin");
        shot("cluster-5-maintenance");

        $("#cluster-sites tr[data-site='site-a'] button[data-action='maintenance-off']")
                .click();
        waitVisible("#cluster-confirm");
        $("#cluster-confirm-ok").click();
        await().until(d ->
                "up".equals($("#cluster-sites tr[data-site='site-a']").getAttribute("data-state")));
        await().until(d -> cellAttr("EAP", "data-role").equals("primary")
                && cellAttr("EEP", "data-role").equals("active")
                && cellAttr("EAP", "data-status").equals("ok")
                && cellAttr("EEP", "data-status").equals("ok"));
        assertThat($("#cluster-history").getText()).contains("site-a taken out of maintenance by admin");
    }

    @Test
    @Order(6)
    void aViewerSeesThePageWithoutTheOperatorsButtons() throws Exception {
        HttpResponse<String> r = post(
                "/users", "{\"username\":\"watcher\",\"password\":\"" + VIEWER_PASSWORD + "\",\"role\":\"viewer\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        $("#logout").click();
        waitVisible("#login-form");
        $("#login-username").sendKeys("watcher");
        $("#login-password").sendKeys(VIEWER_PASSWORD);
        $("#login-submit").click();
        waitVisible("#nav-cluster").click();
        waitText("#cluster-leader", "site-a");
        await().until(d -> cellAttr("EAP", "data-role").equals("primary"));
        assertThat(driver.findElements(By.cssSelector(".view-cluster button[data-action]")))
                .isEmpty();
        assertThat($("#cluster-sites thead").getText()).doesNotContain("Maintenance");
        assertThat(cell("GW").getText()).contains("healthy");
        shot("cluster-6-viewer");
    }

    @Test
    @Order(7)
    void theBrowserReportedNoScriptError() {
        // expected: the 401 of the session check before each login, and the 409s of the drain and the maintenance
        // that would have stopped what no other site can run (the page then asked again)
        assertThat(consoleProblems(m -> m.contains("Failed to load resource")
                        && ((m.contains("/api/v1/auth/me") && m.contains("401"))
                                || (m.contains("409")
                                        && (m.contains("/cluster/components/EEP/drain")
                                                || m.contains("/cluster/sites/site-a/maintenance"))))))
                .isEmpty();
    }

    @Test
    @Order(8)
    void theStreamReconnectsWhenTheApplianceIsBack() throws Exception {
        js("window.__clusterNoReload = 'before the restart';");
        int port = triad.port("web");
        triad.close();
        triad = null;
        await().until(d -> "reconnecting".equals($(".view-cluster").getAttribute("data-live")));
        waitText("#cluster-live", "reconnecting");
        assertThat($("#cluster-body").getAttribute("class")).contains("cl-stale");
        shot("cluster-7-reconnecting");

        config.web.port = port; // the same address, data and session store
        triad = RunningAppliance.start(config);
        await().until(d -> "live".equals($(".view-cluster").getAttribute("data-live")));
        assertThat($("#cluster-body").getAttribute("class")).doesNotContain("cl-stale");
        await().until(d -> cellAttr("EAP", "data-role").equals("primary")
                && cellAttr("EAP", "data-status").equals("ok"));
        assertThat(js("return window.__clusterNoReload;")).isEqualTo("before the restart");
        // expected: the open stream cut off by the stop, then the session check and the stream refused while the
        // appliance was away (once answered 404 instead, on a kept-alive connection while the server shut down: a
        // note for the web module); nothing else went wrong
        assertThat(consoleProblems(m -> m.contains("Failed to load resource")
                        && (m.contains("ERR_CONNECTION_REFUSED")
                                || (m.contains("/api/v1/auth/me") && m.contains("404"))
                                || (m.contains("/api/v1/cluster/watch")
                                        && m.contains("ERR_INCOMPLETE_CHUNKED_ENCODING")))))
                .isEmpty();
    }

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

    // ---- helpers

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

    private static JsonNode component(JsonNode cluster, String name) {
        for (JsonNode c : cluster.path("components")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        return RunningAppliance.JSON.missingNode();
    }

    /** The component's placement on site-a. */
    private static JsonNode placement(JsonNode cluster, String name) {
        for (JsonNode p : component(cluster, name).path("placement")) {
            if (p.path("site").asText().equals("site-a")) {
                return p;
            }
        }
        return RunningAppliance.JSON.missingNode();
    }

    private static String role(JsonNode cluster, String name) {
        return placement(cluster, name).path("role").asText();
    }

    private static String applied(JsonNode cluster, String name) {
        return placement(cluster, name).path("applied").path("role").asText();
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
        return $("#cluster-matrix-table tr[data-component='" + component + "'] td[data-site='site-a']");
    }

    /** An attribute of a cell, read again if the stream redrew the matrix meanwhile ("" when it cannot be read). */
    private static String cellAttr(String component, String attribute) {
        for (int i = 0; i < 3; i++) {
            try {
                var found = driver.findElements(By.cssSelector(
                        "#cluster-matrix-table tr[data-component='" + component + "'] td[data-site='site-a']"));
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

    /** Clicks a cell's action button (found afresh: the stream may redraw the matrix at any time). */
    private static void click(String component, String action) {
        await().ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector("#cluster-matrix-table tr[data-component='" + component
                            + "'] td[data-site='site-a'] button[data-action='" + action + "']"))
                    .click();
            return true;
        });
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

    private static void shot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }
}
