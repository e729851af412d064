package io.triad.collector.journal;

import static io.triad.collector.journal.TestEvents.SITE;
import static io.triad.collector.journal.TestEvents.event;
import static io.triad.collector.journal.TestEvents.events;
import static io.triad.collector.journal.TestEvents.readAll;
import static io.triad.collector.journal.TestEvents.segmentFiles;
import static io.triad.collector.journal.TestEvents.smallSegments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    @Test
    void appendedEventsAreReadBackInOrderFromPositionOne() throws Exception {
        try (Journal j = TestEvents.open(smallSegments(dir))) {
            j.submit(events(0, 3)).get(5, TimeUnit.SECONDS);

            assertThat(j.lastPosition()).isEqualTo(3);
            assertThat(j.durablePosition()).isEqualTo(3);
            assertThat(j.firstPosition()).isEqualTo(1);
            List<JournalRecord> records = readAll(j, 1);
            assertThat(records).extracting(JournalRecord::position).containsExactly(1L, 2L, 3L);
            assertThat(records.get(1).event()).isEqualTo(event(1).withId(new EventId(SITE, 2)));
        }
    }

    @Test
    void anEmptyJournalHasNoPositionsAndOneSegmentFile() throws Exception {
        try (Journal j = TestEvents.open(smallSegments(dir))) {
            assertThat(j.lastPosition()).isZero();
            assertThat(j.durablePosition()).isZero();
            assertThat(j.recovery()).isEqualTo(new Journal.RecoveryReport(0, 0, 0));
            assertThat(segmentFiles(dir))
                    .extracting(p -> p.getFileName().toString())
                    .containsExactly("00000000000000000001.seg");
        }
    }

    @Test
    void positionsContinueAcrossSegmentRollsAndRestarts() throws Exception {
        try (Journal j = TestEvents.open(smallSegments(dir))) {
            for (int i = 0; i < 10; i++) {
                j.submit(events(i * 20, 20)).get(5, TimeUnit.SECONDS);
            }
        }
        List<Path> files = segmentFiles(dir);
        assertThat(files).hasSizeGreaterThan(3);
        for (Path f : files) {
            assertThat(Files.size(f)).isLessThanOrEqualTo(4096);
        }

        try (Journal j = TestEvents.open(smallSegments(dir))) {
            assertThat(j.lastPosition()).isEqualTo(200);
            assertThat(j.recovery()).isEqualTo(new Journal.RecoveryReport(0, 0, 200));
            j.submit(events(200, 50)).get(5, TimeUnit.SECONDS);

            List<JournalRecord> records = readAll(j, 1);
            assertThat(records).hasSize(250);
            for (int i = 0; i < 250; i++) {
                assertThat(records.get(i).position()).isEqualTo(i + 1);
                assertThat(records.get(i).event().message()).isEqualTo("event " + i);
            }
            // every file name is the position of its first record
            long expected = 1;
            for (Path f : segmentFiles(dir)) {
                assertThat(Segment.firstPositionOf(f.getFileName().toString())).isEqualTo(expected);
                expected += TestEvents.recordOffsets(f).size();
            }
            assertThat(expected).isEqualTo(251);
        }
    }

    @Test
    void aReaderStartsAtTheRequestedPosition() throws Exception {
        try (Journal j = TestEvents.open(smallSegments(dir))) {
            j.submit(events(0, 100)).get(5, TimeUnit.SECONDS);

            List<JournalRecord> records = readAll(j, 57);

            assertThat(records.get(0).position()).isEqualTo(57);
            assertThat(records.get(0).event().message()).isEqualTo("event 56");
            assertThat(records).hasSize(44);
        }
    }

    @Test
    void localEventsGetSequenceIdsThatContinueAfterRestart() throws Exception {
        LogEvent fromPeer = event(99).withId(new EventId("site-b", 500));
        try (Journal j = TestEvents.open(smallSegments(dir))) {
            j.submit(List.of(event(0), fromPeer, event(1))).get(5, TimeUnit.SECONDS);
        }
        try (Journal j = TestEvents.open(smallSegments(dir))) {
            j.submit(List.of(event(2))).get(5, TimeUnit.SECONDS);

            assertThat(readAll(j, 1))
                    .extracting(r -> r.event().id())
                    .containsExactly(
                            new EventId(SITE, 1),
                            new EventId("site-b", 500),
                            new EventId(SITE, 2),
                            new EventId(SITE, 3));
        }
    }

    @Test
    void theSequenceSurvivesRestartsWhenTheNewestSegmentHoldsOnlyPeerEvents() throws Exception {
        try (Journal j = TestEvents.open(smallSegments(dir))) {
            j.submit(events(0, 5)).get(5, TimeUnit.SECONDS);
            List<LogEvent> peer = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                peer.add(event(i).withId(new EventId("site-b", i + 1)));
            }
            j.submit(peer).get(5, TimeUnit.SECONDS);
        }
        assertThat(segmentFiles(dir)).hasSizeGreaterThan(1);

        try (Journal j = TestEvents.open(smallSegments(dir))) {
            j.submit(List.of(event(5))).get(5, TimeUnit.SECONDS);

            List<JournalRecord> all = readAll(j, 1);
            assertThat(all.get(all.size() - 1).event().id()).isEqualTo(new EventId(SITE, 6));
        }
    }

    @Test
    void anEventOfThisSiteWithAnIdAdvancesTheSequence() throws Exception {
        try (Journal j = TestEvents.open(smallSegments(dir))) {
            j.submit(List.of(event(0).withId(new EventId(SITE, 40)), event(1))).get(5, TimeUnit.SECONDS);

            assertThat(readAll(j, 1))
                    .extracting(r -> r.event().id().originSeq())
                    .containsExactly(40L, 41L);
        }
    }

    @Test
    void aWaitingReaderWakesWhenRecordsBecomeDurable() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Journal j = TestEvents.open(smallSegments(dir));
                JournalReader r = j.reader(1)) {
            Future<List<JournalRecord>> polled = pool.submit(() -> r.poll(10, Duration.ofSeconds(20)));
            Thread.sleep(200);
            assertThat(polled).isNotDone();

            long start = System.nanoTime();
            j.submit(events(0, 2)).get(5, TimeUnit.SECONDS);
            List<JournalRecord> got = polled.get(5, TimeUnit.SECONDS);

            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
            assertThat(got).extracting(JournalRecord::position).containsExactly(1L, 2L);
            assertThat(r.nextPosition()).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pollWaitsTheGivenTimeAndReturnsNothingWhenNoRecordComes() throws Exception {
        try (Journal j = TestEvents.open(smallSegments(dir));
                JournalReader r = j.reader(1)) {
            long start = System.nanoTime();
            List<JournalRecord> got = r.poll(10, Duration.ofMillis(150));

            assertThat(got).isEmpty();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(140);
        }
    }

    @Test
    void aReaderFollowsTheTailAcrossSegmentRolls() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Journal j = TestEvents.open(smallSegments(dir))) {
            Future<List<JournalRecord>> tail = pool.submit(() -> {
                List<JournalRecord> out = new ArrayList<>();
                try (JournalReader r = j.reader(1)) {
                    while (out.size() < 500) {
                        out.addAll(r.poll(7, Duration.ofSeconds(5)));
                    }
                }
                return out;
            });
            for (int i = 0; i < 50; i++) {
                j.submit(events(i * 10, 10));
            }

            List<JournalRecord> got = tail.get(20, TimeUnit.SECONDS);
            assertThat(segmentFiles(dir)).hasSizeGreaterThan(5);
            for (int i = 0; i < 500; i++) {
                assertThat(got.get(i).position()).isEqualTo(i + 1);
                assertThat(got.get(i).event().message()).isEqualTo("event " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentSubmittersAreAllDurableAndInOrderPerSubmitter() throws Exception {
        int threads = 4;
        int perThread = 3000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        JournalConfig config = new JournalConfig(
                dir, SITE, 256 * 1024, Duration.ofMillis(2), 4096, 1L << 40, Duration.ofDays(3650), 10_000_000);
        try (Journal j = TestEvents.open(config)) {
            List<Future<List<CompletableFuture<Void>>>> submitters = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "t" + t;
                submitters.add(pool.submit(() -> {
                    List<CompletableFuture<Void>> acks = new ArrayList<>();
                    int n = 0;
                    while (n < perThread) {
                        int batch = Math.min(1 + (n % 7), perThread - n);
                        List<LogEvent> es = new ArrayList<>(batch);
                        for (int k = 0; k < batch; k++) {
                            es.add(event(n + k).toBuilder()
                                    .field("thread", name)
                                    .build());
                        }
                        acks.add(j.submit(es));
                        n += batch;
                    }
                    return acks;
                }));
            }
            for (Future<List<CompletableFuture<Void>>> s : submitters) {
                for (CompletableFuture<Void> ack : s.get(30, TimeUnit.SECONDS)) {
                    ack.get(10, TimeUnit.SECONDS);
                }
            }

            assertThat(j.durablePosition()).isEqualTo(threads * perThread);
            List<JournalRecord> all = readAll(j, 1);
            assertThat(all).hasSize(threads * perThread);
            Map<String, Integer> nextPerThread = new HashMap<>();
            long seq = 0;
            for (JournalRecord r : all) {
                String t = r.event().fields().get("thread");
                int expected = nextPerThread.getOrDefault(t, 0);
                assertThat(r.event().message()).isEqualTo("event " + expected);
                nextPerThread.put(t, expected + 1);
                assertThat(r.event().id()).isEqualTo(new EventId(SITE, ++seq));
            }
            assertThat(nextPerThread)
                    .hasSize(threads)
                    .allSatisfy((t, n) -> assertThat(n).isEqualTo(perThread));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anOversizedEventFailsTheWholeSubmitAndWritesNoneOfIt() throws Exception {
        try (Journal j = TestEvents.open(smallSegments(dir))) {
            LogEvent big = event(1).toBuilder().message("x".repeat(3000)).build();

            CompletableFuture<Void> f = j.submit(List.of(event(0), big));

            assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageMatching("event 1 of 2 serializes to \\d{4} bytes, more than the journal's"
                            + " maxRecordBytes \\(2048\\); none of the 2 events was written");
            assertThat(j.lastPosition()).isZero();

            j.submit(List.of(event(2))).get(5, TimeUnit.SECONDS);
            List<JournalRecord> all = readAll(j, 1);
            assertThat(all).hasSize(1);
            assertThat(all.get(0).event().id()).isEqualTo(new EventId(SITE, 1));
        }
    }

    @Test
    void aStorageFailureFailsPendingAndLaterSubmitsAndIsRecorded() throws Exception {
        Journal j = TestEvents.open(smallSegments(dir));
        j.submit(events(0, 5)).get(5, TimeUnit.SECONDS);
        // remove the directory: the next segment cannot be created
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);

        CompletableFuture<Void> rolling = j.submit(events(5, 60));

        assertThatThrownBy(() -> rolling.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IOException.class);
        assertThat(j.failure()).isNotNull();
        assertThat(j.accepting()).isFalse();
        CompletableFuture<Void> later = j.submit(events(70, 1));
        assertThat(later).isCompletedExceptionally();
        assertThatThrownBy(later::join)
                .hasCauseInstanceOf(IOException.class)
                .hasMessageContaining("failed and takes no more events");
        assertThat(j.durablePosition()).isEqualTo(5);
        assertThatThrownBy(j::close).isInstanceOf(IOException.class).hasMessageContaining("failed");
    }

    @Test
    void closeMakesEverythingDurableAndRefusesLaterSubmits() throws Exception {
        Journal j = TestEvents.open(new JournalConfig(
                dir, SITE, 1 << 20, Duration.ofSeconds(30), 4096, 1L << 40, Duration.ofDays(3650), 1000));
        CompletableFuture<Void> pending = j.submit(events(0, 10));
        assertThat(pending).isNotDone(); // the 30 s commit window has not passed

        j.close();

        assertThat(pending).isCompleted();
        assertThat(j.durablePosition()).isEqualTo(10);
        assertThat(j.accepting()).isFalse();
        assertThatThrownBy(() -> j.submit(events(10, 1)).join())
                .hasCauseInstanceOf(IOException.class)
                .hasMessageContaining("is closed");
        try (Journal reopened = TestEvents.open(smallSegments(dir))) {
            assertThat(reopened.lastPosition()).isEqualTo(10);
        }
    }

    @Test
    void aFullPendingBatchIsCommittedBeforeTheWindowEnds() throws Exception {
        try (Journal j = TestEvents.open(new JournalConfig(
                dir, SITE, 64 << 20, Duration.ofSeconds(30), 1 << 20, 1L << 40, Duration.ofDays(3650), 1000))) {
            LogEvent big = event(0).toBuilder().message("y".repeat(600_000)).build();

            j.submit(List.of(big, big)).get(10, TimeUnit.SECONDS);

            assertThat(j.durablePosition()).isEqualTo(2);
        }
    }

    @Test
    void everyMeterIsRegisteredWithADescriptionAndCounts() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Journal j = Journal.open(smallSegments(dir), Clock.systemUTC(), registry)) {
            j.submit(events(0, 4)).get(5, TimeUnit.SECONDS);

            assertThat(registry.getMeters())
                    .extracting(m -> m.getId().getName())
                    .contains(
                            "triad.journal.appended",
                            "triad.journal.bytes",
                            "triad.journal.fsync",
                            "triad.journal.size",
                            "triad.journal.backlog",
                            "triad.journal.corrupt");
            for (Meter m : registry.getMeters()) {
                assertThat(m.getId().getDescription()).as(m.getId().getName()).isNotBlank();
            }
            assertThat(registry.get("triad.journal.appended").counter().count()).isEqualTo(4.0);
            assertThat(registry.get("triad.journal.bytes").counter().count()).isEqualTo((double) j.sizeBytes());
            assertThat(registry.get("triad.journal.size").gauge().value()).isEqualTo((double) j.sizeBytes());
            assertThat(registry.get("triad.journal.fsync").timer().count()).isPositive();
        }
        assertThat(registry.getMeters()).isEmpty();
    }
}
