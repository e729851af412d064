package io.triad.collector.replication;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.triad.collector.journal.Journal;
import io.triad.collector.model.LogEvent;
import io.triad.durable.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pulling side of replication: connects to the peer's replication server (mutual TLS), asks for the peer's own
 * events after the highest sequence of them this site's journal holds, appends each batch to the journal (which
 * skips what it already holds) and acknowledges it once fsynced.
 *
 * <p>The checkpoint file ({@code <stateDirectory>/<peer>.pull}: the peer journal's id and the position to read
 * from) is only a hint that saves the peer a scan; the journal's highest sequence of the peer is what decides what
 * is asked for, so a stale or lost checkpoint never loses or duplicates an event. The connection is opened again
 * after any failure, waiting {@link ReplicationConfig#reconnectMin()} doubling up to {@link
 * ReplicationConfig#reconnectMax()}.
 *
 * <p>NOTE: thread safe; Netty's event loop runs the connection, the journal's commit thread completes appends.
 */
@SuppressWarnings("FutureReturnValueIgnored") // Netty channel futures: outcomes are handled by listeners
final class ReplicationClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationClient.class);
    private static final long CHECKPOINT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ReplicationConfig config;
    private final SslContext ssl;
    private final Journal journal;
    private final ReplicationMeters meters;
    private final Clock clock;
    private final Path checkpointFile;
    private @Nullable EventLoopGroup group;
    private volatile @Nullable Channel channel;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile long peerMaxSeq;
    private volatile long lastLagMicros;
    private volatile String lastError = "";
    // the catch-up after a (re)connect: from the sequence held to the peer's highest at the welcome
    private long catchUpFrom;
    private long catchUpTarget = -1;
    private long catchUpStartNanos;
    private volatile CatchUp lastCatchUp = new CatchUp(0, 0);
    private long backoffMillis;

    // checkpoint, guarded by this
    private String peerJournalId = "";
    private long nextPosition = 1;
    private long checkpointSavedNanos;
    private boolean checkpointDirty;

    ReplicationClient(ReplicationConfig config, SslContext ssl, Journal journal, ReplicationMeters meters, Clock clock)
            throws IOException {
        this.config = config;
        this.ssl = ssl;
        this.journal = journal;
        this.meters = meters;
        this.clock = clock;
        Files.createDirectories(config.stateDirectory());
        this.checkpointFile = config.stateDirectory().resolve(config.peer() + ".pull");
        readCheckpoint();
        this.backoffMillis = config.reconnectMin().toMillis();
        meters.gauge(
                "triad.replication.connected",
                "Whether this site pulls the peer's events now (1) or not (0)",
                "",
                this,
                c -> c.connected ? 1 : 0);
        meters.gauge(
                "triad.replication.lag.records",
                "Events the peer journaled that this site does not hold yet (as of the peer's last frame)",
                "records",
                this,
                ReplicationClient::lagRecords);
        meters.gauge(
                "triad.replication.lag.seconds",
                "Age of the oldest event of the last batch of the peer applied here, when it was applied; 0 once caught up",
                "seconds",
                this,
                c -> c.lastLagMicros / 1e6);
    }

    void start(EventLoopGroup loops) {
        this.group = loops;
        connect();
    }

    boolean connected() {
        return connected;
    }

    long lagRecords() {
        return Math.max(0, peerMaxSeq - journal.maxSeq(config.peer()));
    }

    long peerMaxSeq() {
        return peerMaxSeq;
    }

    /** The last catch-up after a connect that found this site behind: events and how long it took. */
    CatchUp lastCatchUp() {
        return lastCatchUp;
    }

    /**
     * A catch-up: the peer's events that were missing here at a connect, and the time from the connect until all were
     * held.
     */
    record CatchUp(long events, long millis) {}

    String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        synchronized (this) {
            saveCheckpoint();
        }
    }

    private void connect() {
        EventLoopGroup loops = group;
        if (closed || loops == null) {
            return;
        }
        Bootstrap b = new Bootstrap()
                .group(loops)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        config.idleTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("tls", ssl.newHandler(ch.alloc(), config.peerHost(), config.peerPort()))
                                .addLast(
                                        "idle",
                                        new IdleStateHandler(
                                                config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                                .addLast("frames", new LengthFieldBasedFrameDecoder(config.maxFrameBytes(), 0, 4, 0, 4))
                                .addLast("length", new LengthFieldPrepender(4))
                                .addLast("handler", new Handler());
                    }
                });
        ChannelFuture f = b.connect(config.peerHost(), config.peerPort());
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                error(
                        "connect",
                        "cannot connect to " + config.peerHost() + ":" + config.peerPort() + ": "
                                + done.cause().getMessage());
                reconnectLater();
            }
        });
    }

    private void reconnectLater() {
        EventLoopGroup loops = group;
        if (closed || loops == null) {
            return;
        }
        long wait = backoffMillis;
        backoffMillis = Math.min(config.reconnectMax().toMillis(), backoffMillis * 2);
        loops.schedule(this::connect, wait, TimeUnit.MILLISECONDS);
    }

    private void error(String reason, String message) {
        meters.error(reason);
        if (!message.equals(lastError)) {
            LOG.warn("replication from {}: {}", config.peer(), message);
        }
        lastError = message;
    }

    // ---- checkpoint

    private synchronized void readCheckpoint() throws IOException {
        if (!Files.exists(checkpointFile)) {
            return;
        }
        String[] parts =
                Files.readString(checkpointFile, StandardCharsets.UTF_8).trim().split(" ", -1);
        try {
            if (parts.length == 2) {
                peerJournalId = parts[0];
                nextPosition = Math.max(1, Long.parseLong(parts[1]));
                return;
            }
        } catch (NumberFormatException e) {
            // fall through: an unreadable hint is dropped
        }
        LOG.warn(
                "replication checkpoint {} is not 'journalId position'; pulling from the peer's first position",
                checkpointFile);
    }

    /** Caller holds this. Written without fsync: the checkpoint is only a hint. */
    private void saveCheckpoint() {
        if (!checkpointDirty) {
            return;
        }
        try {
            DurableFiles.writeString(checkpointFile, peerJournalId + " " + nextPosition + "\n");
            checkpointDirty = false;
            checkpointSavedNanos = System.nanoTime();
        } catch (IOException e) {
            error("checkpoint", "cannot write the checkpoint " + checkpointFile + ": " + e.getMessage());
        }
    }

    private synchronized void advance(long position) {
        if (position > nextPosition) {
            nextPosition = position;
            checkpointDirty = true;
        }
        if (System.nanoTime() - checkpointSavedNanos >= CHECKPOINT_EVERY_NANOS) {
            saveCheckpoint();
        }
    }

    private synchronized Frame.Hello hello() {
        return new Frame.Hello(
                Frame.VERSION, config.site(), peerJournalId, nextPosition, journal.maxSeq(config.peer()));
    }

    private synchronized void welcomed(Frame.Welcome w) {
        if (!w.journalId().equals(peerJournalId)) {
            peerJournalId = w.journalId();
            nextPosition = w.startPosition();
            checkpointDirty = true;
            saveCheckpoint();
        }
    }

    /** One connection to the peer. */
    private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
        private int inFlight;
        private boolean welcomed;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            tls.handshakeFuture().addListener(done -> {
                if (!done.isSuccess()) {
                    error(
                            "tls",
                            "TLS with " + config.peer() + " failed: "
                                    + done.cause().getMessage());
                    ctx.close();
                    return;
                }
                send(ctx, hello());
            });
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            int size = msg.readableBytes();
            Frame f;
            try {
                f = Frame.read(msg);
            } catch (Frame.ProtocolException e) {
                fail(ctx, "protocol", String.valueOf(e.getMessage()));
                return;
            }
            switch (f) {
                case Frame.Welcome w -> welcome(ctx, w);
                case Frame.Batch b -> {
                    if (!welcomed) {
                        fail(ctx, "protocol", "a batch before welcome");
                        return;
                    }
                    meters.receivedBytes.increment(size);
                    batch(ctx, b);
                }
                case Frame.Heartbeat h -> {
                    peerMaxSeq = h.maxSeq();
                    if (inFlight == 0) {
                        long held = journal.maxSeq(config.peer());
                        if (held >= h.maxSeq()) {
                            lastLagMicros = 0;
                            advance(h.nextPosition());
                        }
                        send(ctx, new Frame.Ack(held, h.nextPosition()));
                    }
                }
                case Frame.Failure x -> {
                    error("peer", "the peer closed the pull: " + x.message());
                    ctx.close();
                }
                default ->
                    fail(
                            ctx,
                            "protocol",
                            "unexpected frame from the origin: " + f.getClass().getSimpleName());
            }
        }

        private void welcome(ChannelHandlerContext ctx, Frame.Welcome w) {
            if (!w.site().equals(config.peer())) {
                fail(ctx, "protocol", "welcome from site '" + w.site() + "'; expected '" + config.peer() + "'");
                return;
            }
            long held = journal.maxSeq(config.peer());
            if (w.maxSeq() < held) {
                fail(
                        ctx,
                        "regressed",
                        "this site holds " + config.peer() + "'s events up to sequence " + held
                                + " but its journal ends at " + w.maxSeq()
                                + ": the peer's journal was replaced or lost "
                                + "events; not pulling, so its new events cannot be mistaken for ones held");
                return;
            }
            welcomed(w);
            welcomed = true;
            connected = true;
            peerMaxSeq = w.maxSeq();
            catchUpFrom = held;
            catchUpTarget = w.maxSeq() > held ? w.maxSeq() : -1;
            catchUpStartNanos = System.nanoTime();
            backoffMillis = config.reconnectMin().toMillis();
            lastError = "";
            LOG.info(
                    "replication: pulling {}'s events after sequence {} (it has {}) from position {}",
                    config.peer(),
                    held,
                    w.maxSeq(),
                    w.startPosition());
        }

        private void batch(ChannelHandlerContext ctx, Frame.Batch b) {
            peerMaxSeq = b.maxSeq();
            if (b.events().isEmpty()) {
                return;
            }
            long held = journal.maxSeq(config.peer());
            LogEvent first = b.events().get(0);
            long firstSeq = first.id().originSeq();
            if (!first.id().originSite().equals(config.peer())) {
                fail(ctx, "protocol", "batch holds event " + first.id() + " of another origin than " + config.peer());
                return;
            }
            if (inFlight == 0 && firstSeq > held + 1) {
                long missing = firstSeq - held - 1;
                meters.gaps.increment(missing);
                error(
                        "gap",
                        missing + " events of " + config.peer() + " (sequences " + (held + 1) + ".." + (firstSeq - 1)
                                + ") were gone from its journal before this site pulled them");
            }
            LogEvent last = b.events().get(b.events().size() - 1);
            long lastSeq = last.id().originSeq();
            int n = b.events().size();
            inFlight++;
            if (inFlight >= config.maxInFlightBatches()) {
                ctx.channel().config().setAutoRead(false);
            }
            journal.append(b.events())
                    .whenComplete((seq, failure) -> ctx.executor().execute(() -> {
                        inFlight--;
                        if (failure != null) {
                            fail(
                                    ctx,
                                    "journal",
                                    "cannot append " + n + " events of " + config.peer() + ": " + failure.getMessage());
                            return;
                        }
                        meters.applied.increment(n);
                        // every event's delay, so the histogram's quantiles are of events, not of batches
                        long now = Math.multiplyExact(clock.millis(), 1000L);
                        for (LogEvent e : b.events()) {
                            meters.lagMicros(now - e.received());
                        }
                        lastLagMicros = Math.max(0, now - b.events().get(0).received());
                        send(ctx, new Frame.Ack(lastSeq, b.nextPosition()));
                        advance(b.nextPosition());
                        if (catchUpTarget >= 0 && lastSeq >= catchUpTarget) {
                            caughtUp(lastSeq);
                        }
                        if (inFlight < config.maxInFlightBatches()) {
                            ctx.channel().config().setAutoRead(true);
                        }
                    }));
        }

        private void caughtUp(long seq) {
            long millis = (System.nanoTime() - catchUpStartNanos) / 1_000_000;
            long events = catchUpTarget - catchUpFrom;
            lastCatchUp = new CatchUp(events, millis);
            catchUpTarget = -1;
            LOG.info(
                    "replication: caught up with {}: the {} events missing at the connect (after sequence {}) held in"
                            + " {} ms; now at {}",
                    config.peer(),
                    events,
                    catchUpFrom,
                    millis,
                    seq);
        }

        private void send(ChannelHandlerContext ctx, Frame f) {
            ByteBuf out = ctx.alloc().buffer(64);
            switch (f) {
                case Frame.Hello h -> Frame.writeHello(out, h);
                case Frame.Ack a -> Frame.writeAck(out, a);
                case Frame.Failure x -> Frame.writeFailure(out, x);
                default -> throw new IllegalArgumentException("the puller does not send " + f);
            }
            ctx.writeAndFlush(out);
        }

        private void fail(ChannelHandlerContext ctx, String reason, String message) {
            error(reason, message);
            ByteBuf out = ctx.alloc().buffer();
            Frame.writeFailure(out, new Frame.Failure(message));
            ctx.writeAndFlush(out).addListener(done -> ctx.close());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            connected = false;
            if (!closed) {
                if (welcomed) {
                    LOG.warn("replication: the pull from {} ended; connecting again", config.peer());
                }
                reconnectLater();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                error("idle", "no frame from " + config.peer() + " for " + config.idleTimeout() + "; reconnecting");
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            error("io", "connection to " + config.peer() + " failed: " + cause);
            ctx.close();
        }
    }
}
