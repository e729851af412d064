package io.triad.collector.journal;

import static io.triad.collector.journal.TestEvents.SITE;
import static io.triad.collector.journal.TestEvents.eventAt;
import static io.triad.collector.journal.TestEvents.readAll;
import static io.triad.collector.journal.TestEvents.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.collector.model.LogEvent;
import io.triad.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRetentionTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));

    private Journal open(long retentionBytes, Duration retentionAge) throws Exception {
        return Journal.open(
                new JournalConfig(dir, SITE, 4096, Duration.ofMillis(1), 2048, retentionBytes, retentionAge, 1_000_000),
                clock,
                new SimpleMeterRegistry());
    }

    private void append(Journal j, int from, int count, long receivedMicros) throws Exception {
        List<LogEvent> es = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            es.add(eventAt(from + i, receivedMicros));
        }
        j.submit(es).get(5, TimeUnit.SECONDS);
    }

    private long bytesOnDisk() throws Exception {
        long total = 0;
        for (Path p : segmentFiles(dir)) {
            total += Files.size(p);
        }
        return total;
    }

    @Test
    void sizeRetentionDeletesTheOldestSegmentsTheConsumersHaveTaken() throws Exception {
        try (Journal j = open(3 * 4096, Duration.ofDays(3650))) {
            append(j, 0, 200, clock.micros());
            int before = segmentFiles(dir).size();
            j.consumer("indexer", 0).commit(j.lastPosition());

            int deleted = j.enforceRetention();

            assertThat(before).isGreaterThan(5);
            assertThat(deleted).isPositive();
            assertThat(segmentFiles(dir)).hasSize(before - deleted);
            assertThat(j.sizeBytes()).isLessThanOrEqualTo(3 * 4096).isEqualTo(bytesOnDisk());
            assertThat(j.firstPosition()).isGreaterThan(1);
            List<JournalRecord> rest = readAll(j, 1);
            assertThat(rest.get(0).position()).isEqualTo(j.firstPosition());
            assertThat(rest.get(rest.size() - 1).position()).isEqualTo(200);
        }
    }

    @Test
    void retentionNeverDeletesBeyondTheSlowestConsumer() throws Exception {
        try (Journal j = open(0, Duration.ofDays(3650))) {
            append(j, 0, 200, clock.micros());
            j.consumer("indexer", j.lastPosition());
            JournalConsumer replication = j.consumer("replication", 0);
            replication.commit(60);

            j.enforceRetention();

            assertThat(j.firstPosition()).isGreaterThan(1).isLessThanOrEqualTo(61);
            assertThat(readAll(j, 61).get(0).position()).isEqualTo(61);

            replication.commit(200);
            j.enforceRetention();

            assertThat(segmentFiles(dir)).hasSize(1);
            assertThat(j.lastPosition()).isEqualTo(200);
        }
    }

    @Test
    void ageRetentionDeletesSegmentsWhoseNewestRecordIsOlderThanTheAge() throws Exception {
        try (Journal j = open(1L << 40, Duration.ofDays(7))) {
            long old = clock.micros() - TimeUnit.DAYS.toMicros(10);
            append(j, 0, 100, old);
            append(j, 100, 100, clock.micros());
            j.consumer("indexer", 0).commit(j.lastPosition());

            j.enforceRetention();

            long first = j.firstPosition();
            assertThat(first).isGreaterThan(1).isLessThanOrEqualTo(101);
            // the oldest remaining segment holds new records, or old ones followed by new ones
            List<JournalRecord> rest = readAll(j, 1);
            assertThat(rest.get(0).position()).isEqualTo(first);
            assertThat(rest.stream().filter(r -> r.event().received() == old).count())
                    .isLessThan(20);

            clock.advance(Duration.ofDays(6));
            assertThat(j.enforceRetention()).isZero();

            clock.advance(Duration.ofDays(2));
            assertThat(j.enforceRetention()).isPositive();
            assertThat(segmentFiles(dir)).hasSize(1);
        }
    }

    @Test
    void ageRetentionReadsTheNewestTimeOfSegmentsFoundOnDisk() throws Exception {
        try (Journal j = open(1L << 40, Duration.ofDays(7))) {
            append(j, 0, 100, clock.micros() - TimeUnit.DAYS.toMicros(10));
            append(j, 100, 30, clock.micros());
        }
        try (Journal j = open(1L << 40, Duration.ofDays(7))) {
            j.consumer("indexer", j.lastPosition());

            assertThat(j.enforceRetention()).isPositive();
            assertThat(j.firstPosition()).isGreaterThan(1).isLessThanOrEqualTo(101);
        }
    }

    @Test
    void withoutConsumersNothingIsDeleted() throws Exception {
        try (Journal j = open(0, Duration.ZERO)) {
            append(j, 0, 100, clock.micros());
            int files = segmentFiles(dir).size();

            assertThat(j.enforceRetention()).isZero();
            assertThat(segmentFiles(dir)).hasSize(files);
            assertThat(j.firstPosition()).isEqualTo(1);
        }
    }

    @Test
    void theActiveSegmentIsKeptAndPositionsSurviveRetentionAndRestart() throws Exception {
        long first;
        try (Journal j = open(0, Duration.ofDays(3650))) {
            append(j, 0, 100, clock.micros());
            j.consumer("indexer", j.lastPosition());
            j.enforceRetention();
            assertThat(segmentFiles(dir)).hasSize(1);
            first = j.firstPosition();
            assertThat(first).isGreaterThan(1);
        }
        try (Journal j = open(0, Duration.ofDays(3650))) {
            assertThat(j.firstPosition()).isEqualTo(first);
            assertThat(j.lastPosition()).isEqualTo(100);

            append(j, 100, 1, clock.micros());

            List<JournalRecord> rest = readAll(j, 1);
            assertThat(rest.get(0).position()).isEqualTo(first);
            assertThat(rest.get(rest.size() - 1).position()).isEqualTo(101);
            assertThat(rest.get(rest.size() - 1).event().id().originSeq()).isEqualTo(101);
        }
    }

    @Test
    void theCommitThreadAppliesRetentionAfterASegmentRoll() throws Exception {
        try (Journal j = open(2 * 4096, Duration.ofDays(3650))) {
            j.consumer("indexer", 0);
            append(j, 0, 10, clock.micros());
            j.consumer("indexer", 0).commit(j.lastPosition());

            append(j, 10, 200, clock.micros());
            j.consumer("indexer", 0).commit(j.lastPosition());
            append(j, 210, 40, clock.micros()); // rolls again, the commit thread deletes

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (j.firstPosition() == 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(j.firstPosition()).isGreaterThan(1);
        }
    }
}
