package io.triad.failover.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operators' hook scripts (start, stop, promote, demote, set-weight, update) and {@code script} health
 * checks as child processes, each with a timeout, and reports how they ended as an {@link Outcome}.
 *
 * <p>A hook runs with the given argv (usually {@code sh -c <command line>}, see {@link #runCommand}), the JVM's
 * environment plus the given variables, its standard input closed and its standard output and error merged into one
 * capture that keeps the last {@link #maxOutputBytes()} bytes. When the timeout passes, the whole process tree is
 * killed: the descendants (deepest first) and then the hook get SIGTERM, and whatever is still alive {@link
 * #KILL_GRACE} later gets SIGKILL (a zombie, exited but not yet reaped by its parent, counts as ended). A hook that
 * cannot be started (no such executable, no such working directory) gives an outcome with exit code {@link
 * Outcome#NOT_STARTED}. {@link #run} never throws because of the script.
 *
 * <p>When the hook has exited, the runner waits at most {@link #OUTPUT_GRACE} for the end of its output: a background
 * process that the hook left running with the output still open does not hold the outcome back (what it writes later
 * is not captured; the pump thread, a daemon, ends when that process closes the output).
 *
 * <p>Counts: {@link #runs()} = successes + {@link #failures()} + {@link #timeouts()}. With a {@link MeterRegistry},
 * also the counter {@value #RUNS_METER} (Prometheus {@code triad_failover_hook_runs_total}, tags {@code hook} and
 * {@code outcome}: {@code ok}, {@code failed}, {@code timed_out}, {@code not_started}) and the timer {@value
 * #TIME_METER} ({@code triad_failover_hook_seconds}, tag {@code hook}). Hook names are meter tags: keep them few.
 *
 * <p>NOTE: thread safe: several hooks may run at once from different threads; each run blocks its caller until the
 * hook has ended or was killed. Interrupting the caller kills the hook's process tree like a timeout (the outcome has
 * {@code timedOut} set) and the interrupt flag is set again when {@link #run} returns.
 */
public final class HookRunner {
    private static final Logger LOG = LoggerFactory.getLogger(HookRunner.class);

    /** The output kept by {@link #HookRunner()}: the last 64 KiB. */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
    /** The largest output capture a runner may keep per run: 16 MiB. */
    public static final int MAX_OUTPUT_BYTES_LIMIT = 16 * 1024 * 1024;
    /** The longest timeout a run may have. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    /** From SIGTERM to SIGKILL when a hook is killed. */
    public static final Duration KILL_GRACE = Duration.ofSeconds(2);
    /** How long an exited hook's output may stay open before the outcome is returned without the rest. */
    public static final Duration OUTPUT_GRACE = Duration.ofSeconds(1);
    /** What a hook's name must look like (it becomes a meter tag and part of a thread's name). */
    public static final Pattern HOOK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    static final String RUNS_METER = "triad.failover.hook.runs";
    static final String TIME_METER = "triad.failover.hook";

    private final int maxOutputBytes;
    private final @Nullable MeterRegistry registry;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();

    /** A runner that keeps the last {@value #DEFAULT_MAX_OUTPUT_BYTES} bytes of output, without meters. */
    public HookRunner() {
        this(DEFAULT_MAX_OUTPUT_BYTES);
    }

    /** A runner that keeps the last {@code maxOutputBytes} (1..{@value #MAX_OUTPUT_BYTES_LIMIT}) of output. */
    public HookRunner(int maxOutputBytes) {
        this(maxOutputBytes, null);
    }

    /**
     * A runner that keeps the last {@code maxOutputBytes} (1..{@value #MAX_OUTPUT_BYTES_LIMIT}) of output and, when
     * {@code registry} is not null, registers its meters there.
     */
    public HookRunner(int maxOutputBytes, @Nullable MeterRegistry registry) {
        if (maxOutputBytes < 1 || maxOutputBytes > MAX_OUTPUT_BYTES_LIMIT) {
            throw new IllegalArgumentException(
                    "maxOutputBytes must be in 1.." + MAX_OUTPUT_BYTES_LIMIT + "; got: " + maxOutputBytes);
        }
        this.maxOutputBytes = maxOutputBytes;
        this.registry = registry;
    }

    /** {@link #run} of {@code sh -c commandLine}. */
    public Outcome runCommand(
            String hook, String commandLine, Map<String, String> env, Duration timeout, @Nullable Path workingDir) {
        return run(hook, List.of("sh", "-c", commandLine), env, timeout, workingDir);
    }

    /**
     * Runs {@code argv} as hook {@code hook} and waits for it to end, at most {@code timeout} (plus the time a kill
     * takes, up to twice {@link #KILL_GRACE}).
     *
     * @param hook the hook's name, matching {@link #HOOK_NAME}
     * @param argv the program and its arguments; not empty
     * @param env variables added to (or replacing those of) the JVM's environment
     * @param timeout more than zero, at most {@link #MAX_TIMEOUT}
     * @param workingDir the hook's working directory, or null for the JVM's
     * @throws IllegalArgumentException for a bad hook name, argv, timeout or environment variable name (never
     *     because of what the script does)
     */
    public Outcome run(
            String hook, List<String> argv, Map<String, String> env, Duration timeout, @Nullable Path workingDir) {
        if (!HOOK_NAME.matcher(hook).matches()) {
            throw new IllegalArgumentException(
                    "hook name must match " + HOOK_NAME + "; got: \"" + HealthCheckSpec.printable(hook) + "\"");
        }
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("hook " + hook + ": argv must not be empty");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "hook " + hook + ": timeout must be > 0 and <= " + MAX_TIMEOUT + "; got: " + timeout);
        }
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(env);
        if (workingDir != null) {
            builder.directory(workingDir.toFile());
        }

        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            String m = e.getMessage();
            return record(new Outcome(
                    hook, Outcome.NOT_STARTED, false, System.nanoTime() - start, m == null ? e.toString() : m));
        }
        LOG.debug("hook {} started: pid {}", hook, process.pid());
        closeStdin(process, hook);
        OutputTail tail = new OutputTail(maxOutputBytes);
        InputStream out = process.getInputStream();
        Thread pump = Thread.ofPlatform()
                .daemon()
                .name("triad-hook-" + hook + "-" + process.pid())
                .start(() -> pump(out, tail, hook));

        boolean interrupted = false;
        boolean exited;
        try {
            exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
            exited = false;
        }
        long duration = System.nanoTime() - start;
        if (!exited) {
            LOG.info(
                    "hook {} (pid {}) {}: killing its process tree",
                    hook,
                    process.pid(),
                    interrupted ? "interrupted" : "timed out after " + timeout.toMillis() + " ms");
            interrupted |= killTree(process, hook);
        }
        try {
            if (!pump.join(OUTPUT_GRACE)) {
                LOG.debug(
                        "hook {}: output still open {} ms after the hook ended (a background process holds it)",
                        hook,
                        OUTPUT_GRACE.toMillis());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        int exitCode = process.isAlive() ? Outcome.NOT_STARTED : process.exitValue();
        Outcome outcome = new Outcome(hook, exitCode, !exited, duration, tail.text());
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return record(outcome);
    }

    /** Runs counted (every outcome). */
    public long runs() {
        return runs.get();
    }

    /** Runs that exited non-zero or could not be started (timeouts not included). */
    public long failures() {
        return failures.get();
    }

    /** Runs killed because their timeout passed (or their caller was interrupted). */
    public long timeouts() {
        return timeouts.get();
    }

    /** The output a run keeps, in bytes. */
    public int maxOutputBytes() {
        return maxOutputBytes;
    }

    private Outcome record(Outcome o) {
        runs.incrementAndGet();
        String tag;
        if (o.ok()) {
            tag = "ok";
        } else if (o.timedOut()) {
            timeouts.incrementAndGet();
            tag = "timed_out";
        } else {
            failures.incrementAndGet();
            tag = o.failedToStart() ? "not_started" : "failed";
        }
        MeterRegistry r = registry;
        if (r != null) {
            Counter.builder(RUNS_METER)
                    .description("Hook runs by hook and outcome (ok, failed, timed_out, not_started)")
                    .tag("hook", o.hook())
                    .tag("outcome", tag)
                    .register(r)
                    .increment();
            Timer.builder(TIME_METER)
                    .description("Time hooks took, from start to exit or kill")
                    .tag("hook", o.hook())
                    .register(r)
                    .record(o.durationNanos(), TimeUnit.NANOSECONDS);
        }
        LOG.debug("{}", o.summary());
        return o;
    }

    private static void closeStdin(Process process, String hook) {
        try {
            process.getOutputStream().close(); // the hook reads end of file at once
        } catch (IOException e) {
            LOG.debug("hook {}: closing its stdin failed", hook, e);
        }
    }

    private static void pump(InputStream in, OutputTail tail, String hook) {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                tail.write(buf, 0, n);
            }
        } catch (IOException e) {
            LOG.debug("hook {}: reading its output ended", hook, e);
        }
    }

    /**
     * SIGTERM to the descendants (deepest first) and the process, SIGKILL to what is left after {@link #KILL_GRACE};
     * returns whether the thread was interrupted meanwhile (the flag is then clear).
     */
    private static boolean killTree(Process process, String hook) {
        List<ProcessHandle> tree = new ArrayList<>();
        // descendants() lists a parent before its children, so the reverse is deepest first
        List<ProcessHandle> found = process.descendants().toList();
        for (int i = found.size() - 1; i >= 0; i--) {
            found.get(i).destroy();
            tree.add(found.get(i));
        }
        // children forked while the first ones were signalled
        for (ProcessHandle h : process.descendants().toList()) {
            if (!tree.contains(h)) {
                h.destroy();
                tree.add(h);
            }
        }
        process.destroy();
        tree.add(process.toHandle());

        boolean interrupted = false;
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        while (!tree.stream().allMatch(ProcessState::ended) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        List<ProcessHandle> left =
                tree.stream().filter(h -> !ProcessState.ended(h)).toList();
        if (!left.isEmpty()) {
            LOG.warn(
                    "hook {}: pids {} still alive after SIGTERM, sending SIGKILL",
                    hook,
                    left.stream().map(ProcessHandle::pid).toList());
            left.forEach(ProcessHandle::destroyForcibly);
        }
        try {
            if (!process.waitFor(KILL_GRACE.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn("hook {}: pid {} still alive after SIGKILL", hook, process.pid());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        return interrupted;
    }

    /**
     * How one run of a hook ended.
     *
     * @param hook the hook's name
     * @param exitCode the exit code (on Unix, 128 + the signal's number when a signal ended it); {@link #NOT_STARTED}
     *     when it could not be started, or when it was killed and still had not ended
     * @param timedOut whether it was killed before it ended: its timeout passed, or its caller was interrupted
     * @param durationNanos from the start to the exit, or to the kill
     * @param output the end of its merged standard output and error (UTF-8, at most the runner's limit in bytes); when
     *     it could not be started, the reason
     */
    public record Outcome(String hook, int exitCode, boolean timedOut, long durationNanos, String output) {
        /** The exit code of a hook that could not be started. */
        public static final int NOT_STARTED = -1;

        public Outcome {
            Objects.requireNonNull(hook, "hook");
            Objects.requireNonNull(output, "output");
            if (durationNanos < 0) {
                throw new IllegalArgumentException("durationNanos must be >= 0; got: " + durationNanos);
            }
        }

        /** Whether the hook exited 0 within its timeout. */
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /** Whether the hook could not be started at all ({@link #output} says why). */
        public boolean failedToStart() {
            return exitCode == NOT_STARTED && !timedOut;
        }

        /** {@link #durationNanos} in whole milliseconds. */
        public long durationMillis() {
            return TimeUnit.NANOSECONDS.toMillis(durationNanos);
        }

        /**
         * One line for logs and events: {@code promote exit 0 in 12 ms}, {@code demote timed out after 10000 ms},
         * {@code start failed to start: Cannot run program ...}.
         */
        public String summary() {
            if (failedToStart()) {
                return hook + " failed to start: " + output;
            }
            if (timedOut) {
                return hook + " timed out after " + durationMillis() + " ms";
            }
            return hook + " exit " + exitCode + " in " + durationMillis() + " ms";
        }
    }
}
