package io.triad.failover.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline (there is no Awaitility on this module's test classpath). */
final class Poll {
    private Poll() {}

    static void until(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
            }
            Thread.sleep(5);
        }
    }

    /**
     * Whether the process {@code pid} has ended within {@code within}: gone, or a zombie (on Linux). An orphan's zombie
     * lasts until init reaps it, which this machine's container init does only every second or two.
     */
    static boolean gone(long pid, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (running(pid)) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private static boolean running(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.ISO_8859_1);
                return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
            } catch (IOException e) {
                return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            }
        }
        return false;
    }
}
