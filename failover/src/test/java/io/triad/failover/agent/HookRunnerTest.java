package io.triad.failover.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.failover.agent.HookRunner.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real hook processes: exit codes, environment, output capture, timeouts that kill the tree, start failures. */
class HookRunnerTest {
    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final HookRunner runner = new HookRunner();

    @Test
    void exitCodesAndSummaries() {
        Outcome ok = runner.runCommand("promote", "exit 0", Map.of(), T, null);
        assertThat(ok.ok()).isTrue();
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.summary()).matches("promote exit 0 in \\d+ ms");

        Outcome seven = runner.runCommand("demote", "echo no; exit 7", Map.of(), T, null);
        assertThat(seven.ok()).isFalse();
        assertThat(seven.timedOut()).isFalse();
        assertThat(seven.failedToStart()).isFalse();
        assertThat(seven.exitCode()).isEqualTo(7);
        assertThat(seven.output()).isEqualTo("no\n");
        assertThat(seven.summary()).matches("demote exit 7 in \\d+ ms");

        Outcome killed = runner.runCommand("stop", "kill -9 $$", Map.of(), T, null);
        assertThat(killed.exitCode()).isEqualTo(128 + 9);
        assertThat(killed.ok()).isFalse();

        assertThat(runner.runs()).isEqualTo(3);
        assertThat(runner.failures()).isEqualTo(2);
        assertThat(runner.timeouts()).isZero();
    }

    @Test
    void theEnvironmentIsTheJvmsPlusTheGivenVariables() {
        Outcome o = runner.runCommand(
                "set-weight",
                "echo \"epoch=$TRIAD_EPOCH\"; echo \"home=$HOME\"; printf 'path=%s\\n' \"$PATH\"",
                Map.of("TRIAD_EPOCH", "42", "HOME", "/nowhere"),
                T,
                null);
        assertThat(o.ok()).isTrue();
        assertThat(o.output()).isEqualTo("epoch=42\nhome=/nowhere\npath=" + System.getenv("PATH") + "\n");
    }

    @Test
    void stdoutAndStderrAreMergedAndStdinIsClosed() {
        // cat would wait forever on an open stdin
        Outcome o = runner.runCommand("update", "echo out; echo err >&2; cat; echo done", Map.of(), T, null);
        assertThat(o.ok()).isTrue();
        assertThat(o.output()).isEqualTo("out\nerr\ndone\n");
    }

    @Test
    void theHookRunsInTheWorkingDirectory() throws Exception {
        Outcome o = runner.runCommand("start", "pwd -P", Map.of(), T, dir);
        assertThat(o.output().strip()).isEqualTo(dir.toRealPath().toString());
    }

    @Test
    void outputIsTruncatedToTheLimitKeepingTheTail() {
        HookRunner small = new HookRunner(100);
        Outcome o = small.runCommand(
                "start", "i=0; while [ $i -lt 200 ]; do echo \"line $i\"; i=$((i+1)); done", Map.of(), T, null);
        String all = IntStream.range(0, 200).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
        assertThat(o.ok()).isTrue();
        assertThat(o.output().getBytes(StandardCharsets.UTF_8)).hasSize(100);
        assertThat(all).endsWith(o.output());
        assertThat(o.output()).endsWith("line 199\n").doesNotContain("line 0\n");
        assertThat(small.maxOutputBytes()).isEqualTo(100);
    }

    @Test
    void aTimeoutKillsTheWholeProcessTree() throws Exception {
        long start = System.nanoTime();
        Outcome o = runner.runCommand(
                "demote", "sleep 60 & echo $! > child.pid; wait", Map.of(), Duration.ofMillis(500), dir);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(o.timedOut()).isTrue();
        assertThat(o.ok()).isFalse();
        assertThat(o.failedToStart()).isFalse();
        assertThat(o.summary()).matches("demote timed out after \\d+ ms");
        assertThat(o.durationMillis()).isBetween(500L, 3000L);
        assertThat(ms).isLessThan(5000);
        long child = childPid();
        assertThat(Poll.gone(child, Duration.ofSeconds(2)))
                .as("child " + child + " killed")
                .isTrue();
        assertThat(runner.timeouts()).isEqualTo(1);
        assertThat(runner.failures()).isZero();
    }

    @Test
    void aTreeThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        long start = System.nanoTime();
        Outcome o = runner.runCommand(
                "demote", "trap '' TERM; sleep 60 & echo $! > child.pid; wait", Map.of(), Duration.ofMillis(300), dir);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(o.timedOut()).isTrue();
        assertThat(ms).isBetween(300 + HookRunner.KILL_GRACE.toMillis(), 8000L);
        long child = childPid();
        assertThat(Poll.gone(child, Duration.ofSeconds(2)))
                .as("child " + child + " killed")
                .isTrue();
    }

    @Test
    void interruptingTheCallerKillsTheHookAndKeepsTheInterrupt() throws Exception {
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = Thread.ofPlatform().start(() -> {
            outcome.set(runner.runCommand("promote", "sleep 60 & echo $! > child.pid; wait", Map.of(), T, dir));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        Poll.until("the hook runs", Duration.ofSeconds(5), () -> Files.exists(dir.resolve("child.pid")));
        long child = childPid();
        caller.interrupt();
        caller.join(5000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(outcome.get().timedOut()).isTrue();
        assertThat(stillInterrupted).isTrue();
        assertThat(Poll.gone(child, Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void aMissingExecutableFailsToStart() {
        Outcome o = runner.run("start", List.of(dir.resolve("no-such-hook").toString()), Map.of(), T, null);
        assertThat(o.exitCode()).isEqualTo(Outcome.NOT_STARTED);
        assertThat(o.failedToStart()).isTrue();
        assertThat(o.timedOut()).isFalse();
        assertThat(o.output()).contains("no-such-hook");
        assertThat(o.summary()).startsWith("start failed to start: ").contains("no-such-hook");

        Outcome noDir = runner.runCommand("start", "true", Map.of(), T, dir.resolve("missing"));
        assertThat(noDir.failedToStart()).isTrue();
        assertThat(runner.failures()).isEqualTo(2);
    }

    @Test
    void twoHooksRunAtOnce() throws Exception {
        // each waits (at most 5 s) for the other to have started: run one after the other, both would fail
        String a = "touch a; i=0; while [ ! -e b ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i+1)); done; [ -e b ]";
        String b = "touch b; i=0; while [ ! -e a ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i+1)); done; [ -e a ]";
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Outcome> fa = pool.submit(() -> runner.runCommand("start", a, Map.of(), T, dir));
            Future<Outcome> fb = pool.submit(() -> runner.runCommand("promote", b, Map.of(), T, dir));
            assertThat(fa.get(20, TimeUnit.SECONDS).ok()).isTrue();
            assertThat(fb.get(20, TimeUnit.SECONDS).ok()).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(runner.runs()).isEqualTo(2);
        assertThat(runner.failures()).isZero();
    }

    @Test
    void metersCountRunsByHookAndOutcome() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HookRunner metered = new HookRunner(1024, registry);
        metered.runCommand("promote", "true", Map.of(), T, null);
        metered.runCommand("promote", "true", Map.of(), T, null);
        metered.runCommand("promote", "false", Map.of(), T, null);
        metered.runCommand("demote", "sleep 20", Map.of(), Duration.ofMillis(100), null);
        metered.run("start", List.of("/no/such/hook"), Map.of(), T, null);

        assertThat(runs(registry, "promote", "ok")).isEqualTo(2.0);
        assertThat(runs(registry, "promote", "failed")).isEqualTo(1.0);
        assertThat(runs(registry, "demote", "timed_out")).isEqualTo(1.0);
        assertThat(runs(registry, "start", "not_started")).isEqualTo(1.0);
        assertThat(registry.get("triad.failover.hook")
                        .tag("hook", "promote")
                        .timer()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get("triad.failover.hook")
                        .tag("hook", "demote")
                        .timer()
                        .totalTime(TimeUnit.MILLISECONDS))
                .isGreaterThanOrEqualTo(100);
        assertThat(metered.runs()).isEqualTo(5);
        assertThat(metered.failures()).isEqualTo(2);
        assertThat(metered.timeouts()).isEqualTo(1);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> new HookRunner(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxOutputBytes must be in 1..16777216; got: 0");
        assertThatThrownBy(() -> runner.runCommand("start", "true", Map.of(), Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hook start: timeout must be > 0 and <= PT24H; got: PT0S");
        assertThatThrownBy(() -> runner.run("start", List.of(), Map.of(), T, null))
                .hasMessage("hook start: argv must not be empty");
        assertThatThrownBy(() -> runner.runCommand("a b", "true", Map.of(), T, null))
                .hasMessageContaining("hook name must match")
                .hasMessageEndingWith("got: \"a b\"");
        assertThat(runner.runs()).isZero();
    }

    private static double runs(SimpleMeterRegistry registry, String hook, String outcome) {
        return registry.get("triad.failover.hook.runs")
                .tag("hook", hook)
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private long childPid() throws Exception {
        return Long.parseLong(Files.readString(dir.resolve("child.pid"), StandardCharsets.US_ASCII)
                .trim());
    }
}
