package io.triad.collector.journal;

import static io.triad.collector.journal.TestEvents.SITE;
import static io.triad.collector.journal.TestEvents.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalBackPressureTest {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private Journal open() throws Exception {
        return Journal.open(
                new JournalConfig(dir, SITE, 1 << 20, Duration.ofMillis(1), 4096, 1L << 40, Duration.ofDays(3650), 10),
                Clock.systemUTC(),
                registry);
    }

    @Test
    void withoutConsumersTheJournalAlwaysAccepts() throws Exception {
        try (Journal j = open()) {
            j.submit(events(0, 50)).get(5, TimeUnit.SECONDS);

            assertThat(j.accepting()).isTrue();
            assertThat(registry.get("triad.journal.backlog").gauge().value()).isZero();
        }
    }

    @Test
    void theJournalStopsAcceptingWhenTheSlowestConsumerFallsBehindTheLimit() throws Exception {
        try (Journal j = open()) {
            JournalConsumer indexer = j.consumer("indexer", 0);
            JournalConsumer replication = j.consumer("replication", 0);
            j.submit(events(0, 10)).get(5, TimeUnit.SECONDS);
            assertThat(j.accepting()).isTrue();

            j.submit(events(10, 1)).get(5, TimeUnit.SECONDS);
            assertThat(j.accepting()).isFalse();
            assertThat(registry.get("triad.journal.backlog").gauge().value()).isEqualTo(11.0);

            indexer.commit(11);
            assertThat(j.accepting()).isFalse();

            replication.commit(1);
            assertThat(j.accepting()).isTrue();
            assertThat(registry.get("triad.journal.backlog").gauge().value()).isEqualTo(10.0);
        }
    }

    @Test
    void aConsumerIsRegisteredOnceAndKeepsItsPosition() throws Exception {
        try (Journal j = open()) {
            j.submit(events(0, 5)).get(5, TimeUnit.SECONDS);
            JournalConsumer c = j.consumer("indexer", 3);

            assertThat(j.consumer("indexer", 0)).isSameAs(c);
            assertThat(c.committedPosition()).isEqualTo(3);
            assertThat(c.name()).isEqualTo("indexer");
        }
    }

    @Test
    void aConsumerCannotCommitBeyondTheLastPosition() throws Exception {
        try (Journal j = open()) {
            j.submit(events(0, 5)).get(5, TimeUnit.SECONDS);
            JournalConsumer c = j.consumer("indexer", 0);

            assertThatThrownBy(() -> c.commit(6))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "consumer 'indexer' can commit positions within 0..5 (the journal's last position); got: 6");
        }
    }

    @Test
    void aClosedJournalDoesNotAccept() throws Exception {
        Journal j = open();
        assertThat(j.accepting()).isTrue();

        j.close();

        assertThat(j.accepting()).isFalse();
    }
}
