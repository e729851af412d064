package io.triad.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child JVM on the test's class path that reports on its standard output, one line at a time, what it made durable
 * ({@code ready}, {@code ack 1 50}, {@code synced 42}, ...), and that the test kills with SIGKILL ({@code kill -9}) at
 * a moment of its choosing. What the child printed before the kill is what the test may expect to find after it.
 *
 * <p>Every complete line goes to the {@code onLine} consumer (on the reader thread) and to a queue that {@link
 * #await} reads; a line cut by the kill is dropped. The child's standard error goes to a file.
 *
 * <p>NOTE: one test thread drives a child; {@link #close} kills it if it still runs.
 */
public final class ChildJvm implements AutoCloseable {
    private static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private ChildJvm(Process process, Consumer<String> onLine) {
        this.process = process;
        this.reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            onLine.accept(line);
                            lines.add(line);
                        }
                    } catch (IOException | RuntimeException e) {
                        // a line cut by the kill (or one the consumer could not parse): what came before counts
                    }
                    lines.add(END);
                },
                "child-jvm-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts building a child that runs {@code mainClass}'s {@code main}. */
    public static Builder of(Class<?> mainClass) {
        return new Builder(mainClass);
    }

    /**
     * Waits until the child prints a line starting with {@code prefix}; false when it ended or {@code timeout} passed
     * first. Lines before it are consumed.
     */
    public boolean await(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            String line = lines.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            if (line == null) {
                continue;
            }
            if (line.equals(END)) {
                lines.add(END);
                return false;
            }
            if (line.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Kills the child with SIGKILL, waits for its end (30 s at most) and for the reader to have passed on every line
     * it printed (10 s at most).
     *
     * @throws IllegalStateException when the child did not end
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child " + process.pid() + " did not end within 30 s of SIGKILL");
        }
        reader.join(10_000);
    }

    /** The child's process. */
    public Process process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** What the child runs with; {@link #start} launches it. */
    public static final class Builder {
        private final Class<?> mainClass;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private Consumer<String> onLine = line -> {};
        private Path stderr = Path.of("child.stderr");
        private boolean appendStderr;

        private Builder(Class<?> mainClass) {
            this.mainClass = mainClass;
        }

        /** Options of the child JVM, before its main class ({@code -XX:TieredStopAtLevel=1}, ...). */
        public Builder jvmArgs(String... options) {
            jvmArgs.addAll(List.of(options));
            return this;
        }

        /** The arguments of its {@code main}. */
        public Builder args(String... arguments) {
            args.addAll(List.of(arguments));
            return this;
        }

        /** Called on the reader thread with every complete line the child prints. */
        public Builder onLine(Consumer<String> consumer) {
            this.onLine = Objects.requireNonNull(consumer, "consumer");
            return this;
        }

        /** Where the child's standard error goes (replaced, or appended to with {@code append}). */
        public Builder stderr(Path file, boolean append) {
            this.stderr = file;
            this.appendStderr = append;
            return this;
        }

        /** Launches the child with this JVM's {@code java} and class path. */
        public ChildJvm start() throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(mainClass.getName());
            command.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.redirectError(
                    appendStderr
                            ? ProcessBuilder.Redirect.appendTo(stderr.toFile())
                            : ProcessBuilder.Redirect.to(stderr.toFile()));
            return new ChildJvm(pb.start(), onLine);
        }
    }
}
