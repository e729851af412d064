package io.triad.search.tail;

import static io.triad.search.index.TestEvents.event;
import static io.triad.search.index.TestEvents.micros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.collector.journal.Journal;
import io.triad.collector.journal.JournalConfig;
import io.triad.collector.model.LogEvent;
import io.triad.search.index.IndexConfig;
import io.triad.search.index.LogIndex;
import io.triad.search.query.QueryLimits;
import io.triad.search.query.SearchService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveTailTest {
    private static final long T0 = micros("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    private Journal journal;
    private LogIndex index;
    private SearchService search;
    private LiveTail tail;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() throws Exception {
        journal = Journal.open(JournalConfig.defaults(dir, "site-a"), Clock.systemUTC(), registry);
        index = LogIndex.inMemory(IndexConfig.defaults(), Clock.systemUTC());
        search = new SearchService(index, QueryLimits.defaults(), Clock.systemUTC());
        tail = new LiveTail(journal, search, 5, 2, registry);
    }

    @AfterEach
    void tearDown() throws Exception {
        tail.close();
        index.close();
        journal.close();
    }

    private void append(LogEvent.Builder... events) {
        List<LogEvent> list = new ArrayList<>();
        for (LogEvent.Builder b : events) {
            list.add(b.build());
        }
        journal.submit(list).join();
    }

    private static List<String> take(TailSubscription s, int n) throws InterruptedException {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (out.size() < n && System.nanoTime() < deadline) {
            LogEvent e = s.poll(Duration.ofMillis(100));
            if (e != null) {
                out.add(e.message());
            }
        }
        return out;
    }

    @Test
    void aClientGetsOnlyNewEventsThatMatchItsQueryAsSearchWouldMatchThem() throws Exception {
        append(event(1, T0).message("old door alarm before the client came"));
        TailSubscription doors = tail.subscribe("door AND host:door-*");
        TailSubscription all = tail.subscribe("");
        Thread.sleep(300); // the tail thread starts at the journal's end
        append(
                event(2, T0).host("door-007").message("Door 12 forced open"),
                event(3, T0).host("eep-01").message("door event processed"),
                event(4, T0).host("door-008").message("badge 4711 granted"),
                event(5, T0).host("door-009").message("door closed"));
        assertThat(take(doors, 2)).containsExactly("Door 12 forced open", "door closed");
        assertThat(take(all, 4)).hasSize(4);
        assertThat(doors.poll(Duration.ofMillis(300))).isNull();
    }

    @Test
    void aSlowClientGetsASkippedCountInsteadOfAGrowingBuffer() throws Exception {
        TailSubscription slow = tail.subscribe("");
        Thread.sleep(300);
        LogEvent.Builder[] batch = new LogEvent.Builder[12];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = event(i + 1, T0).message("m" + i);
        }
        append(batch);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (registry.get("triad.tail.skipped").counter().count() < 7 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(take(slow, 5)).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(slow.takeSkipped()).isEqualTo(7);
        assertThat(slow.takeSkipped()).isZero();
    }

    @Test
    void closingTheTailWakesAWaitingClientAtOnce() throws Exception {
        TailSubscription s = tail.subscribe("");
        Thread closer = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            tail.close();
        });
        long t0 = System.nanoTime();
        assertThat(s.poll(Duration.ofSeconds(30))).isNull();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
        assertThat(s.closed()).isTrue();
        closer.join();
    }

    @Test
    void clientsAreLimitedAndAClosedSubscriptionFreesItsPlace() throws Exception {
        TailSubscription a = tail.subscribe("");
        tail.subscribe("");
        assertThatThrownBy(() -> tail.subscribe(""))
                .isInstanceOf(LiveTail.TooManyClientsException.class)
                .hasMessageContaining("2 clients, the configured maximum");
        a.close();
        assertThat(tail.clients()).isEqualTo(1);
        assertThat(tail.subscribe("").closed()).isFalse();
    }
}
