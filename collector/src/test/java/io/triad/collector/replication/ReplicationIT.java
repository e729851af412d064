package io.triad.collector.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.collector.journal.Journal;
import io.triad.collector.journal.JournalConfig;
import io.triad.collector.journal.JournalReader;
import io.triad.collector.journal.JournalRecord;
import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import io.triad.collector.sink.EventSink;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two data sites on loopback, each with a real journal, replicating to each other over mutual TLS: they converge on
 * the union, {@code both} acknowledgements wait for the peer (and only a declared-down peer releases them), and a
 * broken connection resumes without losing or duplicating an event.
 */
class ReplicationIT {

    @TempDir
    Path dir;

    private TestCluster ca;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Site a = new Site("site-a");
    private final Site b = new Site("site-b");

    /** One site: its journal, its replication, and what the coordinator says of its peer. */
    private final class Site {
        final String id;
        Journal journal;
        Replication replication;
        int port;
        volatile boolean peerDown;
        volatile boolean fenced;
        final SiteView view = new SiteView() {
            @Override
            public boolean peerDeclaredDown() {
                return peerDown;
            }

            @Override
            public boolean fenced() {
                return fenced;
            }

            @Override
            public long epoch() {
                return 7;
            }
        };

        Site(String id) {
            this.id = id;
        }

        void openJournal() throws Exception {
            journal = Journal.open(
                    JournalConfig.defaults(dir.resolve(id).resolve("journal"), id),
                    Clock.systemUTC(),
                    new SimpleMeterRegistry());
        }

        void startReplication(Site peer) throws Exception {
            startReplication(peer, peer.port, 100_000);
        }

        /** Replication pulling from {@code peerPort} (the peer's, or a proxy's) with at most {@code maxWaiting}. */
        void startReplication(Site peer, int peerPort, int maxWaiting) throws Exception {
            ReplicationConfig d = ReplicationConfig.defaults(
                    id, peer.id, port, "127.0.0.1", peerPort, dir.resolve(id).resolve("replication"));
            ReplicationConfig c = new ReplicationConfig(
                    id,
                    peer.id,
                    "127.0.0.1",
                    port,
                    "127.0.0.1",
                    peerPort,
                    d.stateDirectory(),
                    d.maxFrameBytes(),
                    d.batchRecords(),
                    d.catchUpBytesPerSecond(),
                    d.catchUpThresholdRecords(),
                    d.heartbeatInterval(),
                    d.idleTimeout(),
                    d.reconnectMin(),
                    d.reconnectMax(),
                    d.maxInFlightBatches(),
                    maxWaiting);
            replication =
                    Replication.start(c, ca.site(id), journal, view, new SimpleMeterRegistry(), Clock.systemUTC());
        }

        void stopReplication() {
            replication.close();
        }

        void close() throws Exception {
            if (replication != null) {
                replication.close();
            }
            journal.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        ca = new TestCluster("test cluster CA");
        a.port = freePort();
        b.port = freePort();
        a.openJournal();
        b.openJournal();
        a.startReplication(b);
        b.startReplication(a);
    }

    @AfterEach
    void stop() throws Exception {
        a.close();
        b.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<LogEvent> events(String site, int from, int count) {
        List<LogEvent> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(LogEvent.builder()
                    .timestamp(System.currentTimeMillis() * 1000)
                    .received(System.currentTimeMillis() * 1000)
                    .site(site)
                    .input("gelf-http")
                    .host("eap-01")
                    .component("EAP")
                    .severity(6)
                    .message("alarm " + i + " on " + site)
                    .build());
        }
        return out;
    }

    /** Every id in a journal, by origin: sequence list. */
    private static Map<String, List<Long>> ids(Journal j) throws Exception {
        Map<String, List<Long>> out = new TreeMap<>();
        try (JournalReader r = j.reader(1)) {
            while (r.nextPosition() <= j.durablePosition()) {
                for (JournalRecord rec : r.poll(4096, Duration.ofMillis(100))) {
                    EventId id = rec.event().id();
                    out.computeIfAbsent(id.originSite(), k -> new ArrayList<>()).add(id.originSeq());
                }
            }
        }
        return out;
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void bothSitesConvergeOnTheUnionOfTheirEvents() throws Exception {
        EventSink sa = a.replication.sink(AckPolicy.LOCAL);
        EventSink sb = b.replication.sink(AckPolicy.LOCAL);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            acks.add(sa.submit(events("site-a", i * 100, 100)));
            acks.add(sb.submit(events("site-b", i * 100, 100)));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        await(
                () -> a.journal.maxSeq("site-b") == 5000 && b.journal.maxSeq("site-a") == 5000,
                Duration.ofSeconds(30),
                "both sites to hold the other's 5000 events");

        Map<String, List<Long>> onA = ids(a.journal);
        Map<String, List<Long>> onB = ids(b.journal);
        assertThat(onA).isEqualTo(onB);
        assertThat(onA.get("site-a")).isEqualTo(range(1, 5000));
        assertThat(onA.get("site-b")).isEqualTo(range(1, 5000));
        assertThat(a.journal.lastPosition()).isEqualTo(10_000);
        assertThat(b.journal.lastPosition()).isEqualTo(10_000);
        await(() -> a.replication.status().unacked() == 0, Duration.ofSeconds(5), "site-a to see its events acked");
    }

    @Test
    void aBothAckWaitsForThePeerAndCompletesOnceItHoldsTheEvents() throws Exception {
        b.stopReplication(); // site-b neither pulls nor serves: site-a's events stay unacknowledged
        EventSink both = a.replication.sink(AckPolicy.BOTH);
        EventSink local = a.replication.sink(AckPolicy.LOCAL);
        CompletableFuture<Void> waiting = both.submit(events("site-a", 0, 10));
        local.submit(events("site-a", 10, 10)).get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> waiting.get(1500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(a.replication.status().waitingAcks()).isEqualTo(1);
        assertThat(a.replication.status().unacked()).isEqualTo(20);

        b.startReplication(a);
        waiting.get(10, TimeUnit.SECONDS);
        assertThat(b.journal.maxSeq("site-a")).isGreaterThanOrEqualTo(10);
    }

    @Test
    void onlyAPeerDeclaredDownReleasesTheBothAcksWaitingForIt() throws Exception {
        b.stopReplication();
        EventSink both = a.replication.sink(AckPolicy.BOTH);
        CompletableFuture<Void> waiting = both.submit(events("site-a", 0, 10));
        assertThatThrownBy(() -> waiting.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);

        a.peerDown = true;
        waiting.get(2, TimeUnit.SECONDS);
        both.submit(events("site-a", 10, 10)).get(2, TimeUnit.SECONDS); // new appends: local acks while down
        assertThat(a.replication.status().fallback()).isTrue();

        a.peerDown = false; // the peer is back in the cluster and catches up: then both-acks wait for it again
        b.startReplication(a);
        await(() -> !a.replication.status().fallback(), Duration.ofSeconds(10), "site-b to catch up");
        assertThat(ids(b.journal).get("site-a")).isEqualTo(range(1, 20));
        b.stopReplication();
        CompletableFuture<Void> again = both.submit(events("site-a", 20, 10));
        assertThatThrownBy(() -> again.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
        b.startReplication(a);
        again.get(10, TimeUnit.SECONDS);
        assertThat(ids(b.journal).get("site-a")).isEqualTo(range(1, 30));
    }

    @Test
    void aReturnedPeerThatDoesNotPullIsWaitedForAgainAfterTheGrace() throws Exception {
        b.stopReplication();
        EventSink both = a.replication.sink(AckPolicy.BOTH);
        a.peerDown = true;
        both.submit(events("site-a", 0, 10)).get(2, TimeUnit.SECONDS);
        a.peerDown = false; // back in the cluster, but it never pulls
        await(() -> !a.replication.status().fallback(), Duration.ofSeconds(15), "the rejoin grace to end");
        CompletableFuture<Void> waiting = both.submit(events("site-a", 10, 10));
        assertThatThrownBy(() -> waiting.get(1, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void aPullStoppedMidStreamResumesWithoutLosingOrRepeatingAnEvent() throws Exception {
        EventSink sa = a.replication.sink(AckPolicy.LOCAL);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 20; i++) {
                acks.add(sa.submit(events("site-a", round * 2000 + i * 100, 100)));
            }
            Thread.sleep(50);
            b.stopReplication(); // mid-stream, batches in flight
            Thread.sleep(50);
            b.startReplication(a);
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        await(() -> b.journal.maxSeq("site-a") == 12_000, Duration.ofSeconds(30), "site-b to hold 12000 events");
        assertThat(ids(b.journal).get("site-a")).isEqualTo(range(1, 12_000));
        assertThat(b.journal.lastPosition()).isEqualTo(12_000);
    }

    @Test
    void eventsWrittenWhileFencedAreKeptAndFlaggedWithTheEpoch() throws Exception {
        a.fenced = true;
        a.replication.sink(AckPolicy.LOCAL).submit(events("site-a", 0, 3)).get(5, TimeUnit.SECONDS);
        a.fenced = false;
        a.replication.sink(AckPolicy.LOCAL).submit(events("site-a", 3, 1)).get(5, TimeUnit.SECONDS);
        await(() -> b.journal.maxSeq("site-a") == 4, Duration.ofSeconds(10), "site-b to hold site-a's 4 events");
        List<Map<String, String>> fields = new ArrayList<>();
        try (JournalReader r = b.journal.reader(1)) {
            for (JournalRecord rec : r.poll(10, Duration.ofSeconds(1))) {
                fields.add(rec.event().fields());
            }
        }
        assertThat(fields).hasSize(4);
        assertThat(fields.subList(0, 3))
                .allSatisfy(f -> assertThat(f)
                        .containsEntry(ReplicatedSink.FENCED_FIELD, "true")
                        .containsEntry(ReplicatedSink.EPOCH_FIELD, "7"));
        assertThat(fields.get(3)).doesNotContainKey(ReplicatedSink.FENCED_FIELD);
    }

    @Test
    void aSlowPeerBackPressuresBothAcksWithoutFallingBackAndCatchesUp() throws Exception {
        // site-b pulls site-a's events through a 64 KiB/s link; site-a lets 4 both-appends wait at most
        b.stopReplication();
        a.stopReplication();
        try (SlowProxy slow = new SlowProxy(a.port, 64 * 1024)) {
            a.startReplication(b, b.port, 4);
            b.startReplication(a, slow.port(), 100_000);
            EventSink both = a.replication.sink(AckPolicy.BOTH);
            EventSink local = a.replication.sink(AckPolicy.LOCAL);
            List<CompletableFuture<Void>> waiting = new ArrayList<>();
            int batches = 0;
            long start = System.nanoTime();
            // about 100 B an event encoded: 8 batches of 400 are ~320 KiB, ~5 s through the link
            while (batches < 8) {
                if (both.accepting()) {
                    waiting.add(both.submit(events("site-a", batches * 400, 400)));
                    batches++;
                } else {
                    Thread.sleep(10);
                }
            }
            // an append waits for the peer once it is durable here
            await(
                    () -> a.replication.status().waitingAcks() >= 4,
                    Duration.ofSeconds(5),
                    "both-appends waiting for the slow peer");
            assertThat(both.accepting())
                    .as("back-pressure: 4 appends wait for the peer")
                    .isFalse();
            assertThat(local.accepting()).as("ack local is not held up").isTrue();
            // live ingest with ack local is not held up by the slow peer
            local.submit(events("site-a", 10_000, 10)).get(1, TimeUnit.SECONDS);
            CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(a.replication.status().fallback())
                    .as("a slow peer is never a down one")
                    .isFalse();
            assertThat(tookMillis)
                    .as("the both-acks waited for the slow link (ms)")
                    .isGreaterThan(2000);
            await(() -> b.journal.maxSeq("site-a") == 3210, Duration.ofSeconds(30), "site-b to catch up");
            assertThat(ids(b.journal).get("site-a")).isEqualTo(range(1, 3210));
        }
    }

    @Test
    void aSiteWhoseCertificateTheClusterDidNotIssueIsRefused() throws Exception {
        b.stopReplication();
        TestCluster other = new TestCluster("another CA");
        ReplicationConfig c = ReplicationConfig.defaults(
                        "site-b", "site-a", b.port, "127.0.0.1", a.port, dir.resolve("intruder"))
                .withBindAddress("127.0.0.1");
        try (Replication intruder = Replication.start(
                c, other.site("site-b"), b.journal, b.view, new SimpleMeterRegistry(), Clock.systemUTC())) {
            a.replication.sink(AckPolicy.LOCAL).submit(events("site-a", 0, 5)).get(5, TimeUnit.SECONDS);
            Thread.sleep(1500);
            assertThat(intruder.status().pulling()).isFalse();
            assertThat(b.journal.maxSeq("site-a")).isZero();
            assertThat(intruder.status().lastError()).isNotEmpty();
        }
    }
}
