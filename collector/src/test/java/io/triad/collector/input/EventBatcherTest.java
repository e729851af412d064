package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.triad.collector.model.LogEvent;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventBatcherTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecordingSink sink = new RecordingSink();
    private final InputContext input =
            new InputContext("site-a", "syslog-tcp", Clock.systemUTC(), new InputMeters("syslog-tcp", registry), sink);

    private static LogEvent event(String message) {
        return LogEvent.builder().message(message).build();
    }

    private static void readBurst(EmbeddedChannel ch, int n) {
        for (int i = 0; i < n; i++) {
            ch.pipeline().fireChannelRead(event("m" + i));
        }
        ch.pipeline().fireChannelReadComplete();
    }

    private double counter(String name) {
        return registry.get(name).tag("input", "syslog-tcp").counter().count();
    }

    @Test
    void submitsOneBatchPerReadBurst() {
        EmbeddedChannel ch = new EmbeddedChannel(new EventBatcher(input, 4, EventBatcher.Mode.PAUSE));
        readBurst(ch, 3);
        readBurst(ch, 2);
        assertThat(sink.batchSizes()).containsExactly(3, 2);
        assertThat(sink.events()).extracting(LogEvent::message).containsExactly("m0", "m1", "m2", "m0", "m1");
        ch.finishAndReleaseAll();
    }

    @Test
    void splitsABurstLongerThanTheBatchLimit() {
        EmbeddedChannel ch = new EmbeddedChannel(new EventBatcher(input, 8, EventBatcher.Mode.PAUSE));
        readBurst(ch, EventBatcher.MAX_BATCH + 1);
        assertThat(sink.batchSizes()).containsExactly(EventBatcher.MAX_BATCH, 1);
        ch.finishAndReleaseAll();
    }

    @Test
    void stopsReadingWhileTheSinkIsNotAcceptingAndResumesOnTheTimer() {
        EmbeddedChannel ch = new EmbeddedChannel(new EventBatcher(input, 4, EventBatcher.Mode.PAUSE));
        sink.accepting(false);
        readBurst(ch, 1);
        assertThat(ch.config().isAutoRead()).isFalse();
        assertThat(counter("triad.input.backpressure")).isEqualTo(1.0);

        ch.advanceTimeBy(EventBatcher.RESUME_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.config().isAutoRead()).isFalse();

        sink.accepting(true);
        ch.advanceTimeBy(EventBatcher.RESUME_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(sink.events()).hasSize(1);
        ch.finishAndReleaseAll();
    }

    @Test
    void stopsReadingWhileTooManyBatchesAreOutstandingAndResumesWhenTheyComplete() {
        EventBatcher batcher = new EventBatcher(input, 2, EventBatcher.Mode.PAUSE);
        EmbeddedChannel ch = new EmbeddedChannel(batcher);
        sink.hold(true);
        readBurst(ch, 1);
        assertThat(ch.config().isAutoRead()).isTrue();
        readBurst(ch, 1);
        assertThat(batcher.inFlight()).isEqualTo(2);
        assertThat(ch.config().isAutoRead()).isFalse();

        sink.completeHeld();
        ch.runPendingTasks();
        assertThat(batcher.inFlight()).isZero();
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(sink.events()).hasSize(2);
        ch.finishAndReleaseAll();
    }

    @Test
    void dropModeCountsWhatItCannotSubmitAndKeepsReading() {
        EmbeddedChannel ch = new EmbeddedChannel(new EventBatcher(input, 4, EventBatcher.Mode.DROP));
        sink.accepting(false);
        readBurst(ch, 3);
        assertThat(sink.batchSizes()).isEmpty();
        assertThat(counter("triad.input.dropped")).isEqualTo(3.0);
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void countsABatchTheSinkFailedAsDroppedAndAnError() {
        EmbeddedChannel ch = new EmbeddedChannel(new EventBatcher(input, 4, EventBatcher.Mode.PAUSE));
        sink.failWith("disk full");
        readBurst(ch, 2);
        ch.runPendingTasks();
        assertThat(counter("triad.input.dropped")).isEqualTo(2.0);
        assertThat(registry.get("triad.input.errors")
                        .tag("reason", "sink")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void submitsWhatIsPendingWhenTheChannelCloses() {
        EmbeddedChannel ch = new EmbeddedChannel(new EventBatcher(input, 4, EventBatcher.Mode.PAUSE));
        ch.pipeline().fireChannelRead(event("last"));
        ch.close().syncUninterruptibly();
        assertThat(sink.events()).extracting(LogEvent::message).containsExactly("last");
    }
}
