package io.triad.collector.input;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.triad.collector.model.LogEvent;
import io.triad.collector.sink.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the {@link LogEvent}s decoded on one channel and submits them to the {@link EventSink} in batches: at the
 * end of each read burst ({@code channelReadComplete}), when a batch is full, and when the channel closes.
 * Submitting one event per future would cost too much at tens of thousands of events per second.
 *
 * <p>Senders of these inputs get no acknowledgement, so batches are submitted without waiting; but at most {@code
 * maxInFlight} batches per channel may be outstanding. In {@link Mode#PAUSE} (TCP) the channel stops reading ({@code
 * autoRead} off) while that many are outstanding or while the sink is not {@linkplain EventSink#accepting()
 * accepting}, and a timer turns reading back on once both clear; each pause counts once as back-pressure. In {@link
 * Mode#DROP} (UDP, which cannot push back) such batches are dropped and counted instead.
 *
 * <p>NOTE: one instance per channel; all methods run on the channel's event loop.
 */
final class EventBatcher extends ChannelInboundHandlerAdapter {
    /** What to do when the sink is full. */
    enum Mode {
        PAUSE,
        DROP
    }

    static final int MAX_BATCH = 512;
    static final long RESUME_CHECK_MILLIS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(EventBatcher.class);

    private final InputContext input;
    private final int maxInFlight;
    private final Mode mode;
    private List<LogEvent> pending = new ArrayList<>();
    private int inFlight;
    private @Nullable ScheduledFuture<?> resumeCheck;

    EventBatcher(InputContext input, int maxInFlight, Mode mode) {
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("maxInFlight must be > 0; got: " + maxInFlight);
        }
        this.input = input;
        this.maxInFlight = maxInFlight;
        this.mode = mode;
    }

    /** Batches submitted and not yet completed. */
    int inFlight() {
        return inFlight;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof LogEvent event) {
            pending.add(event);
            if (pending.size() >= MAX_BATCH) {
                flush(ctx);
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush(ctx);
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        flush(ctx);
        cancelResumeCheck();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelResumeCheck();
    }

    @SuppressWarnings("FutureReturnValueIgnored") // whenComplete handles the outcome; its own future adds nothing
    private void flush(ChannelHandlerContext ctx) {
        if (pending.isEmpty()) {
            return;
        }
        List<LogEvent> batch = pending;
        pending = new ArrayList<>();
        if (mode == Mode.DROP && (inFlight >= maxInFlight || !input.sink().accepting())) {
            input.meters().dropped(batch.size());
            input.meters().backpressure();
            return;
        }
        inFlight++;
        try {
            input.sink().submit(batch).whenComplete((ok, failure) -> onComplete(ctx, batch.size(), failure));
        } catch (RuntimeException e) {
            onComplete(ctx, batch.size(), e);
        }
        if (mode == Mode.PAUSE) {
            pauseIfFull(ctx);
        }
    }

    private void onComplete(ChannelHandlerContext ctx, int events, @Nullable Throwable failure) {
        if (!ctx.executor().inEventLoop()) {
            try {
                ctx.executor().execute(() -> onComplete(ctx, events, failure));
            } catch (RejectedExecutionException e) {
                // The event loop is shutting down with the inputs; nothing is left to resume.
                countFailure(events, failure);
            }
            return;
        }
        inFlight--;
        countFailure(events, failure);
        if (mode == Mode.PAUSE) {
            resumeIfClear(ctx);
        }
    }

    private void countFailure(int events, @Nullable Throwable failure) {
        if (failure != null) {
            input.meters().error(InputMeters.SINK);
            input.meters().dropped(events);
            LOG.warn("{}: {} events could not be stored: {}", input.input(), events, failure.toString());
        }
    }

    private boolean full() {
        return inFlight >= maxInFlight || !input.sink().accepting();
    }

    private void pauseIfFull(ChannelHandlerContext ctx) {
        if (full() && ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
            input.meters().backpressure();
            scheduleResumeCheck(ctx);
        }
    }

    private void resumeIfClear(ChannelHandlerContext ctx) {
        if (!ctx.channel().config().isAutoRead() && !full() && ctx.channel().isActive()) {
            cancelResumeCheck();
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void scheduleResumeCheck(ChannelHandlerContext ctx) {
        if (resumeCheck != null) {
            return;
        }
        resumeCheck = ctx.executor()
                .scheduleWithFixedDelay(
                        () -> resumeIfClear(ctx), RESUME_CHECK_MILLIS, RESUME_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void cancelResumeCheck() {
        ScheduledFuture<?> check = resumeCheck;
        if (check != null) {
            check.cancel(false);
            resumeCheck = null;
        }
    }
}
