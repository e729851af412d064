package io.triad.search.index;

import io.triad.collector.journal.JournalRecord;
import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Events and journal records for index and search tests. */
public final class TestEvents {
    private TestEvents() {}

    public static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    /** A syslog-like event of site-a with sequence {@code seq}. */
    public static LogEvent.Builder event(long seq, long timestampMicros) {
        return LogEvent.builder()
                .id(new EventId("site-a", seq))
                .timestamp(timestampMicros)
                .received(timestampMicros + 1000)
                .site("site-a")
                .input("syslog-udp")
                .source("10.0.0.9:51514")
                .host("web-01")
                .component("EEP")
                .layer("application")
                .severity(6)
                .facility(16)
                .app("eep")
                .procId("4242")
                .msgId("EVT")
                .message("event " + seq + " processed for user=alice from 10.1.2.3 in 12 ms");
    }

    /** Records at positions {@code first..first+count-1}, one per second from {@code startMicros}. */
    public static List<JournalRecord> records(long first, int count, long startMicros) {
        List<JournalRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long pos = first + i;
            out.add(new JournalRecord(
                    pos, event(pos, startMicros + i * 1_000_000L).build()));
        }
        return out;
    }
}
