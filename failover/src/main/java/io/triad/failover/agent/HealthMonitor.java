package io.triad.failover.agent;

import io.triad.failover.agent.HealthCheck.Result;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one component's {@link HealthCheck} every {@link HealthCheckSpec#intervalMillis()} and turns the results into a
 * debounced healthy/unhealthy state, as HAProxy's {@code rise} and {@code fall} do.
 *
 * <p>The first result sets the state at once, so a freshly started agent knows quickly. After that the state becomes
 * unhealthy only after {@link HealthCheckSpec#fall()} consecutive failures and healthy again only after {@link
 * HealthCheckSpec#rise()} consecutive successes; a result that agrees with the state resets the count. The {@link
 * Listener} hears the first result and every change, in order. A check that throws a {@link RuntimeException} counts
 * as a failure whose detail is the exception's message.
 *
 * <p>Checks start one interval apart (start to start); a check that overran its slot is followed by the next one at
 * once, without a burst of catch-up checks.
 *
 * <p>NOTE: lifecycle: construct, {@link #start()}, {@link #close()}. Each monitor owns one daemon thread ({@code
 * triad-health-<name>}), which runs the check and calls the listener; a monitor per component keeps a slow check from
 * delaying the others. An {@link Error} thrown by the check is logged and stops the monitor. {@link #current()}, {@link
 * #checks()} and {@link #failures()} may be read from any thread. {@link #close()} interrupts a running check (a
 * {@code script} check's process tree is then killed), waits for the thread to end (at most {@link #CLOSE_WAIT_MILLIS}
 * ms) and calls the listener no more; it is idempotent and may be called from the listener itself.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

    /** The longest {@link #close()} waits for a running check to end: more than a script check's kill may take. */
    public static final long CLOSE_WAIT_MILLIS = 5000;

    /** Hears a monitor's state: once for the first result, then on every change. */
    @FunctionalInterface
    public interface Listener {
        /**
         * The component's state is now {@code healthy}, as the latest check ({@code detail}) showed. Called on the
         * monitor's thread; a listener that throws is logged and kept.
         */
        void changed(boolean healthy, String detail);
    }

    private final String name;
    private final HealthCheckSpec spec;
    private final HealthCheck check;
    private final Listener listener;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile @Nullable Result current;
    private volatile @Nullable Thread thread;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;

    // the monitor's thread only
    private boolean known;
    private boolean healthy;
    private int streak;

    /**
     * A monitor, not yet running: {@link #start()} starts it.
     *
     * @param name the component's name, for the thread and the log
     * @param check usually {@link HealthCheck#of}{@code (spec, runner)}
     * @param spec gives the interval, rise and fall (its type and target are {@code check}'s business)
     * @param listener hears the first result and each change
     */
    public HealthMonitor(String name, HealthCheck check, HealthCheckSpec spec, Listener listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.check = Objects.requireNonNull(check, "check");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "triad-health-" + name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Starts checking: the first check runs at once. Does nothing after {@link #close()}.
     *
     * @throws IllegalStateException when already started
     */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("health monitor of " + name + " already started");
        }
        schedule(0);
    }

    /**
     * The debounced state with the latest check's detail; empty before the first result. While results disagree with
     * the state but have not yet reached the rise or fall, the detail says so: {@code HTTP 503 in 2 ms (1 of 2
     * failures before unhealthy)}.
     */
    public Optional<Result> current() {
        return Optional.ofNullable(current);
    }

    /** Checks run so far. */
    public long checks() {
        return checks.get();
    }

    /** Checks run so far that failed (thrown exceptions included). */
    public long failures() {
        return failures.get();
    }

    /** The component's name. */
    public String name() {
        return name;
    }

    private void schedule(long delayNanos) {
        try {
            var unused = executor.schedule(this::tick, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed: no more checks
        }
    }

    private void tick() {
        try {
            checkOnce();
        } catch (Error e) {
            // the scheduled future would keep it unseen
            LOG.error("health monitor of {} stops: its check failed", name, e);
            throw e;
        }
    }

    private void checkOnce() {
        if (closed) {
            return;
        }
        long begin = System.nanoTime();
        Result r;
        try {
            r = check.check();
        } catch (RuntimeException e) {
            LOG.debug("health check of {} threw", name, e);
            String m = e.getMessage();
            r = new Result(false, m == null ? e.getClass().getName() : m);
        }
        if (closed) {
            return; // interrupted by close(): not a result of the component
        }
        apply(r);
        long next = begin + TimeUnit.MILLISECONDS.toNanos(spec.intervalMillis());
        schedule(Math.max(0, next - System.nanoTime()));
    }

    private void apply(Result r) {
        checks.incrementAndGet();
        if (!r.healthy()) {
            failures.incrementAndGet();
        }
        if (!known || r.healthy() == healthy) {
            boolean first = !known;
            known = true;
            healthy = r.healthy();
            streak = 0;
            current = r;
            if (first) {
                changed(r);
            }
            return;
        }
        streak++;
        int needed = r.healthy() ? spec.rise() : spec.fall();
        if (streak >= needed) {
            healthy = r.healthy();
            streak = 0;
            current = r;
            changed(r);
        } else {
            current = new Result(
                    healthy,
                    r.detail() + " (" + streak + " of " + needed + (r.healthy() ? " successes" : " failures")
                            + " before " + (r.healthy() ? "healthy" : "unhealthy") + ")");
        }
    }

    private void changed(Result r) {
        LOG.info("{} is {}: {}", name, r.healthy() ? "healthy" : "unhealthy", r.detail());
        try {
            listener.changed(r.healthy(), r.detail());
        } catch (RuntimeException e) {
            LOG.warn("a health listener of {} failed", name, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        if (Thread.currentThread().equals(thread)) {
            return; // called from the listener: the thread ends when this call returns
        }
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("health check of {} still running {} ms after close", name, CLOSE_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
