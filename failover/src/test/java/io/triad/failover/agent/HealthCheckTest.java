package io.triad.failover.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.triad.failover.agent.HealthCheck.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each type of check against real targets on this machine: loopback servers and sockets, processes, shell scripts. */
class HealthCheckTest {
    private static final HookRunner RUNNER = new HookRunner();

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killProcesses() throws InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static Result check(String type, String target, long timeoutMillis) {
        return HealthCheck.of(new HealthCheckSpec(type, target, 60_000, timeoutMillis, 1, 1), RUNNER)
                .check();
    }

    private static Result check(String type, String target) {
        return check(type, target, 2000);
    }

    private Process start(String... argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // http

    @Test
    void httpIsHealthyOn200AndSaysHowLongItTook() throws IOException {
        try (LoopbackHttp server = new LoopbackHttp(Map.of("/ok", new LoopbackHttp.Route(200, 0, "")))) {
            Result r = check("http", server.url("/ok"));
            assertThat(r.healthy()).isTrue();
            assertThat(r.detail()).matches("HTTP 200 in \\d+ ms");
            assertThat(server.paths).containsExactly("/ok");
        }
    }

    @Test
    void httpIsUnhealthyOn503() throws IOException {
        try (LoopbackHttp server = new LoopbackHttp(Map.of("/down", new LoopbackHttp.Route(503, 0, "")))) {
            Result r = check("http", server.url("/down"));
            assertThat(r.healthy()).isFalse();
            assertThat(r.detail()).startsWith("HTTP 503");
        }
    }

    @Test
    void httpRedirectIsHealthyAndNotFollowed() throws IOException {
        try (LoopbackHttp server = new LoopbackHttp(Map.of(
                "/moved", new LoopbackHttp.Route(302, 0, "/down"), "/down", new LoopbackHttp.Route(503, 0, "")))) {
            Result r = check("http", server.url("/moved"));
            assertThat(r.healthy()).isTrue();
            assertThat(r.detail()).startsWith("HTTP 302");
            assertThat(server.paths).containsExactly("/moved");
        }
    }

    @Test
    void httpTimesOutWithinTheTimeoutWhenTheServerIsSlow() throws IOException {
        try (LoopbackHttp server = new LoopbackHttp(Map.of("/slow", new LoopbackHttp.Route(200, 5000, "")))) {
            long start = System.nanoTime();
            Result r = check("http", server.url("/slow"), 300);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(r.healthy()).isFalse();
            assertThat(r.detail()).isEqualTo("timed out after 300 ms");
            // well short of the server's 5 s: the check gave up at its timeout (the rest is scheduling on a busy
            // machine)
            assertThat(ms).isBetween(250L, 4000L);
        }
    }

    @Test
    void httpToAClosedPortIsConnectRefused() throws IOException {
        Result r = check("http", "http://127.0.0.1:" + closedPort() + "/health");
        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).isEqualTo("connect refused");
    }

    // tcp

    @Test
    void tcpIsHealthyWhenAServerListens() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Result r = check("tcp", "127.0.0.1:" + s.getLocalPort());
            assertThat(r.healthy()).isTrue();
            assertThat(r.detail()).matches("connected to 127\\.0\\.0\\.1:\\d+ in \\d+ ms");
        }
    }

    @Test
    void tcpToAClosedPortIsConnectRefused() throws IOException {
        Result r = check("tcp", "127.0.0.1:" + closedPort());
        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).isEqualTo("connect refused");
    }

    @Test
    void tcpReachesAnIpv6LiteralInBrackets() throws IOException {
        ServerSocket s;
        try {
            byte[] ipv6Loopback = new byte[16];
            ipv6Loopback[15] = 1;
            s = new ServerSocket(0, 50, InetAddress.getByAddress(ipv6Loopback));
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e);
            return;
        }
        try (s) {
            Result r = check("tcp", "[::1]:" + s.getLocalPort());
            assertThat(r.healthy()).as(r.detail()).isTrue();
            assertThat(r.detail()).startsWith("connected to [::1]:");
        }
    }

    @Test
    void tcpToAnUnknownHostSaysSo() {
        Result r = check("tcp", "no-such-host.invalid:80");
        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).isEqualTo("unknown host no-such-host.invalid");
    }

    // process

    @Test
    void pidfileOfALiveProcessIsHealthyAndOfAKilledOneIsNot() throws Exception {
        Process sleep = start("sleep", "30");
        Path pidfile = dir.resolve("sleep.pid");
        Files.writeString(pidfile, sleep.pid() + "\n", StandardCharsets.US_ASCII);

        Result alive = check("process", "pidfile:" + pidfile);
        assertThat(alive.healthy()).isTrue();
        assertThat(alive.detail()).isEqualTo("pid " + sleep.pid() + " is running");

        sleep.destroy();
        assertThat(sleep.waitFor(5, TimeUnit.SECONDS)).isTrue();
        Result dead = check("process", "pidfile:" + pidfile);
        assertThat(dead.healthy()).isFalse();
        assertThat(dead.detail()).isEqualTo("pid " + sleep.pid() + " (from " + pidfile + ") is not running");
    }

    @Test
    void pidfileOfAZombieIsNotRunning() throws Exception {
        // sleep 0 exits at once, but its parent (now "sleep 30") never reaps it: a zombie that isAlive() calls alive
        Path pidfile = dir.resolve("zombie.pid");
        start("sh", "-c", "sleep 0 & echo $! > '" + pidfile + "'; exec sleep 30");
        Poll.until("the pid is written", Duration.ofSeconds(5), () -> Files.exists(pidfile));
        Poll.until(
                "the pid is written",
                Duration.ofSeconds(5),
                () -> pidfile.toFile().length() > 1);
        long pid = Long.parseLong(
                Files.readString(pidfile, StandardCharsets.US_ASCII).trim());
        Poll.until(
                "a zombie",
                Duration.ofSeconds(5),
                () -> !check("process", "pidfile:" + pidfile).healthy());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(check("process", "pidfile:" + pidfile).detail()).endsWith("is not running");
    }

    @Test
    void pidfileWithGarbageIsUnhealthyAndShowsWhatItHolds() throws IOException {
        Path pidfile = dir.resolve("bad.pid");
        Files.writeString(pidfile, "not-a-pid\n", StandardCharsets.US_ASCII);
        Result r = check("process", "pidfile:" + pidfile);
        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).isEqualTo("pid file " + pidfile + " does not hold a pid: \"not-a-pid\"");
    }

    @Test
    void pidfileThatIsTooLongOrMissingIsUnhealthy() throws IOException {
        Path big = dir.resolve("big.pid");
        Files.writeString(big, "1".repeat(1000), StandardCharsets.US_ASCII);
        assertThat(check("process", "pidfile:" + big).detail()).contains("longer than 64 bytes");

        Result missing = check("process", "pidfile:" + dir.resolve("none.pid"));
        assertThat(missing.healthy()).isFalse();
        assertThat(missing.detail()).endsWith("none.pid does not exist");
    }

    @Test
    void processByNameFindsACommandLineSubstringUntilTheProcessEnds() throws Exception {
        String marker = "triad-check-" + UUID.randomUUID();
        Process sh = start("sh", "-c", "sleep 30; : " + marker);
        String target = "name:" + marker;
        Poll.until(
                "sh is up",
                Duration.ofSeconds(5),
                () -> check("process", target).healthy());
        assertThat(check("process", target).detail()).isEqualTo("pid " + sh.pid() + " runs \"" + marker + "\"");

        sh.descendants().forEach(ProcessHandle::destroy);
        sh.destroy();
        assertThat(sh.waitFor(5, TimeUnit.SECONDS)).isTrue();
        Result gone = check("process", target);
        assertThat(gone.healthy()).isFalse();
        assertThat(gone.detail()).isEqualTo("no process has \"" + marker + "\" in its command line");
    }

    // script

    @Test
    void scriptExitZeroIsHealthyWithItsLastLine() {
        Result r = check("script", "echo starting; echo all good");
        assertThat(r).isEqualTo(new Result(true, "exit 0: all good"));
    }

    @Test
    void scriptExitThreeIsUnhealthyWithTheLastLineTrimmed() {
        Result r = check("script", "echo first; echo '  disk full  ' >&2; echo; exit 3");
        assertThat(r).isEqualTo(new Result(false, "exit 3: disk full"));
    }

    @Test
    void scriptDetailCutsALongLastLineTo200Characters() {
        Result r = check("script", "echo " + "x".repeat(500));
        assertThat(r.detail()).isEqualTo("exit 0: " + "x".repeat(200));
    }

    @Test
    void scriptThatOverrunsItsTimeoutIsKilledAndUnhealthy() {
        long start = System.nanoTime();
        Result r = check("script", "sleep 20", 200);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r).isEqualTo(new Result(false, "timed out after 200 ms"));
        assertThat(ms).isLessThan(5000);
    }

    @Test
    void noneIsAlwaysHealthy() {
        assertThat(HealthCheck.of(HealthCheckSpec.none(), RUNNER).check()).isEqualTo(new Result(true, "no check"));
    }

    // spec

    @Test
    void specDefaults() {
        HealthCheckSpec s = HealthCheckSpec.of("tcp", "127.0.0.1:80");
        assertThat(s).isEqualTo(new HealthCheckSpec("tcp", "127.0.0.1:80", 1000, 500, 2, 2));
        assertThat(HealthCheckSpec.none().type()).isEqualTo("none");
    }

    @Test
    void specRejectsAnUnknownTypeNamingTheKnownOnes() {
        assertThatThrownBy(() -> HealthCheckSpec.of("ftp", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("health check type must be one of [http, tcp, process, script, none]; got: \"ftp\"");
    }

    @Test
    void specRejectsBadTimings() {
        assertThatThrownBy(() -> new HealthCheckSpec("none", "", 1000, 1000, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("health check timeoutMillis must be >= 1 and < intervalMillis (1000); got: 1000");
        assertThatThrownBy(() -> new HealthCheckSpec("none", "", 1000, 0, 2, 2))
                .hasMessageContaining("timeoutMillis")
                .hasMessageEndingWith("got: 0");
        assertThatThrownBy(() -> new HealthCheckSpec("none", "", 5, 1, 2, 2))
                .hasMessage("health check intervalMillis must be in 10..3600000; got: 5");
        assertThatThrownBy(() -> new HealthCheckSpec("none", "", 1000, 500, 0, 2))
                .hasMessage("health check rise must be in 1..100; got: 0");
        assertThatThrownBy(() -> new HealthCheckSpec("none", "", 1000, 500, 2, 101))
                .hasMessage("health check fall must be in 1..100; got: 101");
    }

    @Test
    void specRejectsBadTargetsNamingTheFormAndTheValue() {
        assertThatThrownBy(() -> HealthCheckSpec.of("tcp", "localhost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("health check target of type tcp: expected host:port or [ipv6]:port; got: \"localhost\"");
        assertThatThrownBy(() -> HealthCheckSpec.of("tcp", "::1:80")).hasMessageContaining("[ipv6]:port");
        assertThatThrownBy(() -> HealthCheckSpec.of("tcp", "host:99999"))
                .hasMessageContaining("port must be in 1..65535; got: 99999");
        assertThatThrownBy(() -> HealthCheckSpec.of("tcp", "host:http")).hasMessageContaining("\"host:http\"");
        assertThatThrownBy(() -> HealthCheckSpec.of("http", "ftp://host/x"))
                .hasMessage(
                        "health check target of type http must be an http:// or https:// URL; got: \"ftp://host/x\"");
        assertThatThrownBy(() -> HealthCheckSpec.of("http", "http:///health")).hasMessageContaining("must name a host");
        assertThatThrownBy(() -> HealthCheckSpec.of("http", "http://h/a b")).hasMessageContaining("is not a URL");
        assertThatThrownBy(() -> HealthCheckSpec.of("process", "pid:/run/x.pid"))
                .hasMessage("health check target of type process must be pidfile:/absolute/path or"
                        + " name:<non-empty substring>; got: \"pid:/run/x.pid\"");
        assertThatThrownBy(() -> HealthCheckSpec.of("process", "pidfile:run/x.pid"))
                .hasMessageContaining("must be absolute");
        assertThatThrownBy(() -> HealthCheckSpec.of("process", "name: ")).hasMessageContaining("name:<non-empty");
        assertThatThrownBy(() -> HealthCheckSpec.of("script", "  ")).hasMessageContaining("non-empty command line");
        assertThatThrownBy(() -> HealthCheckSpec.of("script", "x".repeat(5000)))
                .hasMessage("health check target must be at most 4096 characters; got: 5000");
    }

    @Test
    void specAcceptsTheDocumentedTargetForms() {
        HealthCheckSpec.of("tcp", "[::1]:7400");
        HealthCheckSpec.of("tcp", "backbone-1.example:443");
        HealthCheckSpec.of("http", "https://127.0.0.1:8443/health?deep=1");
        HealthCheckSpec.of("http", "http://localhost/");
        HealthCheckSpec.of("process", "pidfile:/run/eap.pid");
        HealthCheckSpec.of("process", "name:jboss-modules.jar");
        assertThat(HostPort.parse("[::1]:7400")).isEqualTo(new HostPort("::1", 7400));
        assertThat(HostPort.parse("backbone-1.example:443")).isEqualTo(new HostPort("backbone-1.example", 443));
    }
}
