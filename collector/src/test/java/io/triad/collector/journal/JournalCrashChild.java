package io.triad.collector.journal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.collector.model.LogEvent;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The child JVM of {@link JournalCrashIT}: appends batches of events with messages {@code <prefix>-<n>} to the
 * journal in {@code args[0]} until killed, printing {@code ack <first n> <count>} once each batch is durable.
 */
final class JournalCrashChild {

    private JournalCrashChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String prefix = args[1];
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Journal journal = Journal.open(
                JournalConfig.defaults(dir, TestEvents.SITE), Clock.systemUTC(), new SimpleMeterRegistry());
        out.println("ready");
        out.flush();
        Semaphore inFlight = new Semaphore(64);
        int batch = 10;
        for (int n = 0; ; n += batch) {
            List<LogEvent> events = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                events.add(TestEvents.event(n + i).toBuilder()
                        .message(prefix + "-" + (n + i))
                        .build());
            }
            inFlight.acquire();
            int first = n;
            journal.submit(events).whenComplete((ok, error) -> {
                inFlight.release();
                if (error == null) {
                    synchronized (out) {
                        out.println("ack " + first + " " + batch);
                        out.flush();
                    }
                }
            });
        }
    }
}
