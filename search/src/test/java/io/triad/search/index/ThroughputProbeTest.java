package io.triad.search.index;

import io.triad.collector.journal.JournalRecord;
import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import io.triad.search.query.QueryLimits;
import io.triad.search.query.SearchRequest;
import io.triad.search.query.SearchService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThroughputProbeTest {
    @TempDir
    Path dir;

    @Test
    void probe() throws Exception {
        int n = Integer.getInteger("probe.n", 1_000_000);
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
        long t0 = TestEvents.micros("2026-11-22T00:00:00Z");
        String[] users = {"alice", "bob", "carol", "dave", "eve"};
        String[] hosts = {"web-01", "web-02", "db-01", "app-03"};
        List<List<JournalRecord>> batches = new ArrayList<>();
        long rawBytes = 0;
        List<JournalRecord> batch = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String msg = String.format(java.util.Locale.ROOT,
                    "sshd[%d]: Accepted publickey for %s from 10.1.%d.%d port %d ssh2: RSA SHA256:Xk3fQ9z%04d",
                    1000 + i % 50, users[i % 5], i % 7, i % 250, 40000 + i % 20000, i % 10000);
            rawBytes += msg.getBytes(StandardCharsets.UTF_8).length;
            LogEvent e = LogEvent.builder().id(new EventId("site-a", i)).timestamp(t0 + i * 20_000L)
                    .received(t0 + i * 20_000L + 300).site("site-a").input("syslog-udp").source("10.1.0.5:514")
                    .host(hosts[i % 4]).component("os").layer("os").severity(6).facility(4).app("sshd")
                    .procId(Integer.toString(1000 + i % 50)).message(msg).build();
            batch.add(new JournalRecord(i, e));
            if (batch.size() == 10_000) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        try (LogIndex index = LogIndex.open(dir.resolve("index"), IndexConfig.defaults(), clock)) {
            long start = System.nanoTime();
            for (List<JournalRecord> b : batches) {
                index.add(b);
                index.maybeRefresh();
            }
            index.commit(n);
            double secs = (System.nanoTime() - start) / 1e9;
            index.refresh();
            long size = index.sizeBytes();
            System.out.printf("PROBE docs=%d secs=%.2f docs/s=%.0f avgMsgBytes=%.1f indexBytes/event=%.1f ratio=%.3f%n",
                    n, secs, n / secs, rawBytes / (double) n, size / (double) n, size / (double) rawBytes);
            SearchService s = new SearchService(index, QueryLimits.defaults(), clock);
            String[] qs = {"alice", "host:db-01", "\"publickey for bob\"", "10.1.3.17", "ssh2 AND carol", "xk3fq9z0042"};
            for (String q : qs) {
                long[] lat = new long[50];
                for (int r = 0; r < 50; r++) {
                    long q0 = System.nanoTime();
                    s.search(new SearchRequest(q, Long.MIN_VALUE, Long.MAX_VALUE, 100, "desc", null));
                    lat[r] = System.nanoTime() - q0;
                }
                Arrays.sort(lat);
                System.out.printf("PROBE q=%s p50=%.2fms p99=%.2fms total=%d%n", q, lat[25] / 1e6, lat[49] / 1e6,
                        s.search(SearchRequest.of(q, 1)).total());
            }
            long h0 = System.nanoTime();
            s.histogram("alice", Long.MIN_VALUE, Long.MAX_VALUE, 0);
            long h1 = System.nanoTime();
            s.fields("alice", Long.MIN_VALUE, Long.MAX_VALUE, 10);
            long h2 = System.nanoTime();
            System.out.printf("PROBE histogram=%.1fms fields=%.1fms%n", (h1 - h0) / 1e6, (h2 - h1) / 1e6);
        }
    }
}
