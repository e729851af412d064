package io.triad.collector.journal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.collector.model.LogEvent;
import io.triad.collector.model.Severity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Events, configurations and file inspection shared by the journal tests. */
final class TestEvents {

    static final String SITE = "site-a";

    private TestEvents() {}

    /** An event whose message is {@code "event " + n} (about 110 bytes of message with the padding). */
    static LogEvent event(int n) {
        return LogEvent.builder()
                .timestamp(1_700_000_000_000_000L + n)
                .received(1_700_000_000_000_100L + n)
                .site(SITE)
                .input("syslog-tcp")
                .source("10.1.2.3:51514")
                .host("eep-01")
                .component("EEP")
                .layer("application")
                .severity(Severity.WARNING)
                .facility(16)
                .app("eep")
                .procId("4711")
                .msgId("ALARM")
                .message("event " + n)
                .field("n", Integer.toString(n))
                .correlate("trace_id", "t" + n)
                .build();
    }

    /** An event received at {@code receivedMicros} with a message of about 110 bytes. */
    static LogEvent eventAt(int n, long receivedMicros) {
        return event(n).toBuilder()
                .received(receivedMicros)
                .message(String.format(java.util.Locale.ROOT, "%-110s", "event " + n))
                .build();
    }

    static List<LogEvent> events(int from, int count) {
        List<LogEvent> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(event(from + i));
        }
        return out;
    }

    /** Small segments (4 KiB) and a 1 ms commit window, so tests roll segments and commit quickly. */
    static JournalConfig smallSegments(Path dir) {
        return new JournalConfig(
                dir, SITE, 4096, Duration.ofMillis(1), 2048, 1L << 40, Duration.ofDays(3650), 1_000_000);
    }

    static Journal open(JournalConfig config) throws IOException {
        return Journal.open(
                config, Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC), new SimpleMeterRegistry());
    }

    /** Reads every durable record from {@code from}, waiting briefly only when none is left. */
    static List<JournalRecord> readAll(Journal journal, long from) throws Exception {
        List<JournalRecord> out = new ArrayList<>();
        try (JournalReader r = journal.reader(from)) {
            while (r.nextPosition() <= journal.durablePosition()) {
                out.addAll(r.poll(1000, Duration.ofMillis(100)));
            }
        }
        return out;
    }

    /** The segment files of a journal directory, oldest first. */
    static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".seg"))
                    .sorted()
                    .toList();
        }
    }

    /** The file offsets of the records of a segment file (following the length fields). */
    static List<Integer> recordOffsets(Path segment) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<Integer> out = new ArrayList<>();
        int off = 0;
        while (off + 8 <= b.limit()) {
            int len = b.getInt(off);
            if (len < 1 || off + 8 + len > b.limit()) {
                break;
            }
            out.add(off);
            off += 8 + len;
        }
        return out;
    }
}
