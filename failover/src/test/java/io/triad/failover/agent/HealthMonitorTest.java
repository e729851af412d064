package io.triad.failover.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.failover.agent.HealthCheck.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor's rise/fall state machine, its listener calls and its lifecycle, with a check the test steps. */
class HealthMonitorTest {
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final Result UP = new Result(true, "up");
    private static final Result DOWN = new Result(false, "down");

    /** One listener call: the check's call number at that moment, and what the listener heard. */
    record Change(int call, boolean healthy, String detail) {}

    /** A check that returns what the test gives it, one result per check; blocks until the next one is given. */
    static final class SteppedCheck implements HealthCheck {
        final BlockingQueue<Supplier<Result>> next = new LinkedBlockingQueue<>();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicBoolean interrupted = new AtomicBoolean();
        final AtomicInteger waits = new AtomicInteger();

        @Override
        public Result check() {
            waits.incrementAndGet();
            try {
                Supplier<Result> s = next.take();
                calls.incrementAndGet();
                return s.get();
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
                return new Result(false, "interrupted");
            }
        }
    }

    @TempDir
    Path dir;

    private final SteppedCheck check = new SteppedCheck();
    private final List<Change> changes = new CopyOnWriteArrayList<>();
    private HealthMonitor monitor = monitor(check, 2, 2);

    @AfterEach
    void close() {
        monitor.close();
    }

    private HealthMonitor monitor(HealthCheck c, int rise, int fall) {
        return new HealthMonitor(
                "eap",
                c,
                new HealthCheckSpec("none", "", 20, 10, rise, fall),
                (healthy, detail) -> changes.add(new Change(check.calls.get(), healthy, detail)));
    }

    /**
     * Gives the check one result and waits until the monitor has applied it and called the listener: that is, until
     * the next check waits for its result.
     */
    private void step(Supplier<Result> r) throws InterruptedException {
        int before = check.calls.get();
        check.next.add(r);
        Poll.until("check " + (before + 1) + " applied", WITHIN, () -> check.waits.get() == before + 2);
    }

    private void step(Result r) throws InterruptedException {
        step(() -> r);
    }

    @Test
    void theFirstResultSetsTheStateAtOnceWhateverTheFall() throws InterruptedException {
        monitor = monitor(check, 5, 5);
        assertThat(monitor.current()).isEmpty();
        monitor.start();
        step(DOWN);
        assertThat(changes).containsExactly(new Change(1, false, "down"));
        assertThat(monitor.current()).contains(DOWN);
        assertThat(monitor.checks()).isEqualTo(1);
        assertThat(monitor.failures()).isEqualTo(1);
    }

    @Test
    void fallNeedsConsecutiveFailuresAndRiseConsecutiveSuccesses() throws InterruptedException {
        monitor = monitor(check, 2, 3);
        monitor.start();
        step(UP);
        assertThat(changes).containsExactly(new Change(1, true, "up"));

        step(DOWN);
        step(DOWN);
        assertThat(monitor.current()).contains(new Result(true, "down (2 of 3 failures before unhealthy)"));
        step(UP); // resets the count
        assertThat(monitor.current()).contains(UP);
        step(DOWN);
        step(DOWN);
        assertThat(changes).hasSize(1);
        step(new Result(false, "HTTP 503 in 1 ms"));
        assertThat(changes).containsExactly(new Change(1, true, "up"), new Change(7, false, "HTTP 503 in 1 ms"));
        assertThat(monitor.current()).contains(new Result(false, "HTTP 503 in 1 ms"));

        step(UP);
        assertThat(monitor.current()).contains(new Result(false, "up (1 of 2 successes before healthy)"));
        step(DOWN); // resets the count
        step(UP);
        assertThat(changes).hasSize(2);
        step(UP);
        assertThat(changes)
                .containsExactly(
                        new Change(1, true, "up"),
                        new Change(7, false, "HTTP 503 in 1 ms"),
                        new Change(11, true, "up"));
        assertThat(monitor.checks()).isEqualTo(11);
        assertThat(monitor.failures()).isEqualTo(6);
    }

    @Test
    void riseAndFallOfOneFlipOnEachChange() throws InterruptedException {
        monitor = monitor(check, 1, 1);
        monitor.start();
        step(UP);
        step(UP);
        step(DOWN);
        step(UP);
        assertThat(changes)
                .extracting(Change::call, Change::healthy)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, true),
                        org.assertj.core.groups.Tuple.tuple(3, false),
                        org.assertj.core.groups.Tuple.tuple(4, true));
    }

    @Test
    void aThrowingCheckIsAFailureWithTheMessageAsDetail() throws InterruptedException {
        monitor.start();
        step(() -> {
            throw new IllegalStateException("boom");
        });
        assertThat(changes).containsExactly(new Change(1, false, "boom"));
        assertThat(monitor.failures()).isEqualTo(1);
        step(() -> {
            throw new IllegalStateException();
        });
        assertThat(monitor.current()).contains(new Result(false, "java.lang.IllegalStateException"));
        step(UP);
        step(UP);
        assertThat(changes).containsExactly(new Change(1, false, "boom"), new Change(4, true, "up"));
        assertThat(monitor.failures()).isEqualTo(2);
    }

    @Test
    void aThrowingListenerIsKeptAndHearsTheNextChange() throws InterruptedException {
        AtomicInteger heard = new AtomicInteger();
        monitor = new HealthMonitor("eap", check, new HealthCheckSpec("none", "", 20, 10, 1, 1), (h, d) -> {
            heard.incrementAndGet();
            throw new IllegalStateException("listener bug");
        });
        monitor.start();
        step(UP);
        step(DOWN);
        assertThat(heard).hasValue(2);
    }

    @Test
    void checksStartOneIntervalApart() throws InterruptedException {
        List<Long> starts = new CopyOnWriteArrayList<>();
        monitor = new HealthMonitor(
                "eap",
                () -> {
                    starts.add(System.nanoTime());
                    return UP;
                },
                new HealthCheckSpec("none", "", 50, 10, 2, 2),
                (h, d) -> {});
        monitor.start();
        Poll.until("6 checks", WITHIN, () -> starts.size() >= 6);
        for (int i = 1; i < 6; i++) {
            assertThat(TimeUnit.NANOSECONDS.toMillis(starts.get(i) - starts.get(i - 1)))
                    .as("gap before check " + (i + 1))
                    .isGreaterThanOrEqualTo(48);
        }
    }

    @Test
    void closeStopsChecking() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        monitor = new HealthMonitor(
                "eap",
                () -> {
                    calls.incrementAndGet();
                    return UP;
                },
                new HealthCheckSpec("none", "", 20, 10, 2, 2),
                (h, d) -> {});
        monitor.start();
        Poll.until("3 checks", WITHIN, () -> calls.get() >= 3);
        monitor.close();
        int after = calls.get();
        Thread.sleep(200); // ten intervals: time for checks that should not happen
        assertThat(calls).hasValue(after);
        assertThat(monitor.checks()).isEqualTo(after);
        monitor.close(); // idempotent
    }

    @Test
    void closeInterruptsARunningCheckAndReportsNothingMore() throws InterruptedException {
        monitor.start();
        step(UP);
        Poll.until("the second check is waiting", WITHIN, () -> check.waits.get() == 2);
        long start = System.nanoTime();
        monitor.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
        Poll.until("the check saw the interrupt", WITHIN, check.interrupted::get);
        assertThat(changes).containsExactly(new Change(1, true, "up"));
        assertThat(monitor.checks()).isEqualTo(1);
        assertThat(monitor.current()).contains(UP);
    }

    @Test
    void closeKillsARunningScriptCheck() throws Exception {
        Path pidfile = dir.resolve("check.pid");
        HealthCheckSpec spec =
                new HealthCheckSpec("script", "echo $$ > '" + pidfile + "'; exec sleep 30", 60_000, 50_000, 2, 2);
        monitor = new HealthMonitor(
                "eap", HealthCheck.of(spec, new HookRunner()), spec, (h, d) -> changes.add(new Change(0, h, d)));
        monitor.start();
        Poll.until("the script check runs", WITHIN, () -> pid(pidfile) > 0);
        long pid = pid(pidfile);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

        long start = System.nanoTime();
        monitor.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4000);
        assertThat(Poll.gone(pid, Duration.ofSeconds(3)))
                .as("pid " + pid + " killed")
                .isTrue();
        assertThat(changes).isEmpty();
        assertThat(monitor.checks()).isZero();
    }

    @Test
    void startTwiceIsAnError() {
        monitor.start();
        assertThatThrownBy(monitor::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("health monitor of eap already started");
    }

    private static long pid(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return s.isEmpty() ? 0 : Long.parseLong(s);
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
    }
}
