package io.triad.collector.replication;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.triad.collector.journal.EventCodec;
import io.triad.collector.journal.Journal;
import io.triad.collector.journal.JournalReader;
import io.triad.collector.journal.JournalRecord;
import io.triad.collector.model.EventId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The origin side of replication: listens for the peer's pull connection (mutual TLS, the peer's certificate only),
 * streams this site's own durable events from the sequence the peer asks for, and records the peer's
 * acknowledgements in {@link PeerAcks}.
 *
 * <p>One stream per peer: a new connection from the peer replaces the old one. Each stream has its own sender thread
 * that tails the journal; it stops writing while the connection is not writable (the peer reads slowly), and while
 * the stream is more than {@link ReplicationConfig#catchUpThresholdRecords()} behind the journal's end it sends at no
 * more than {@link ReplicationConfig#catchUpBytesPerSecond()}, so a catch-up does not starve live ingest.
 *
 * <p>NOTE: thread safe; {@link #close()} stops the stream and the listener.
 */
@SuppressWarnings("FutureReturnValueIgnored") // Netty channel futures: outcomes are handled by listeners
final class ReplicationServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationServer.class);

    /** Batch header bytes: type, next position, max sequence, sent time, count. */
    private static final int BATCH_HEADER = 1 + 8 + 8 + 8 + 4;

    private final ReplicationConfig config;
    private final SslContext ssl;
    private final Journal journal;
    private final PeerAcks acks;
    private final ReplicationMeters meters;
    private final Clock clock;
    private final AtomicReference<@Nullable Stream> current = new AtomicReference<>();
    private @Nullable Channel listener;
    private volatile boolean closed;

    ReplicationServer(
            ReplicationConfig config,
            SslContext ssl,
            Journal journal,
            PeerAcks acks,
            ReplicationMeters meters,
            Clock clock) {
        this.config = config;
        this.ssl = ssl;
        this.journal = journal;
        this.acks = acks;
        this.meters = meters;
        this.clock = clock;
        meters.gauge(
                "triad.replication.peer.connected",
                "Whether the peer is pulling this site's events now (1) or not (0)",
                "",
                this,
                s -> s.current.get() == null ? 0 : 1);
    }

    /** Binds the listener; returns its port. */
    int start(EventLoopGroup group) throws IOException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("tls", ssl.newHandler(ch.alloc()))
                                .addLast(
                                        "idle",
                                        new IdleStateHandler(
                                                config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                                .addLast("frames", new LengthFieldBasedFrameDecoder(config.maxFrameBytes(), 0, 4, 0, 4))
                                .addLast("length", new LengthFieldPrepender(4))
                                .addLast("handler", new Handler());
                    }
                });
        try {
            Channel ch = b.bind(config.bindAddress(), config.port()).sync().channel();
            listener = ch;
            return ((InetSocketAddress) ch.localAddress()).getPort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding replication to " + config.port(), e);
        } catch (RuntimeException e) {
            throw new IOException(
                    "cannot listen for replication on " + config.bindAddress() + ":" + config.port() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Whether the peer pulls now. */
    boolean peerConnected() {
        return current.get() != null;
    }

    @Override
    public void close() {
        closed = true;
        Stream s = current.getAndSet(null);
        if (s != null) {
            s.stop();
        }
        Channel l = listener;
        if (l != null) {
            l.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private void fail(ChannelHandlerContext ctx, String reason, String message) {
        meters.error(reason);
        LOG.warn(
                "replication: closing the connection from {}: {}", ctx.channel().remoteAddress(), message);
        ByteBuf out = ctx.alloc().buffer();
        Frame.writeFailure(out, new Frame.Failure(message));
        ctx.writeAndFlush(out).addListener(f -> ctx.close());
    }

    /** Reads the peer's frames on one connection. */
    private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
        private @Nullable Stream stream;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            Frame f;
            try {
                f = Frame.read(msg);
            } catch (Frame.ProtocolException e) {
                fail(ctx, "protocol", String.valueOf(e.getMessage()));
                return;
            }
            switch (f) {
                case Frame.Hello h -> hello(ctx, h);
                case Frame.Ack a -> {
                    if (stream == null) {
                        fail(ctx, "protocol", "an ack before hello");
                        return;
                    }
                    acks.acknowledged(a.seq());
                }
                case Frame.Failure x -> {
                    LOG.warn("replication: peer {} closes its pull: {}", config.peer(), x.message());
                    ctx.close();
                }
                default ->
                    fail(
                            ctx,
                            "protocol",
                            "unexpected frame from the puller: " + f.getClass().getSimpleName());
            }
        }

        private void hello(ChannelHandlerContext ctx, Frame.Hello h) {
            if (stream != null) {
                fail(ctx, "protocol", "a second hello on one connection");
                return;
            }
            if (h.version() != Frame.VERSION) {
                fail(
                        ctx,
                        "protocol",
                        "protocol version " + h.version() + " is not supported; expected " + Frame.VERSION);
                return;
            }
            if (!h.site().equals(config.peer())) {
                fail(ctx, "protocol", "hello from site '" + h.site() + "'; expected the peer '" + config.peer() + "'");
                return;
            }
            if (closed) {
                ctx.close();
                return;
            }
            long maxSeq = journal.maxSeq(config.site());
            if (h.afterSeq() > maxSeq) {
                // the peer holds more of this site's events than this journal: it was replaced or lost its tail
                fail(
                        ctx,
                        "regressed",
                        "the peer holds this site's events up to sequence " + h.afterSeq()
                                + " but this site's journal ends at " + maxSeq + "; this site's journal was replaced");
                return;
            }
            acks.acknowledged(h.afterSeq());
            long start = h.journalId().equals(journal.id()) ? h.fromPosition() : 1;
            if (start < journal.firstPosition() || start > journal.durablePosition() + 1) {
                start = journal.firstPosition();
            }
            Stream s = new Stream(ctx.channel(), start, h.afterSeq());
            stream = s;
            Stream old = current.getAndSet(s);
            if (old != null) {
                old.stop();
            }
            LOG.info(
                    "replication: peer {} pulls this site's events after sequence {} (of {}), from position {}",
                    config.peer(),
                    h.afterSeq(),
                    maxSeq,
                    start);
            ByteBuf out = ctx.alloc().buffer();
            Frame.writeWelcome(out, new Frame.Welcome(config.site(), journal.id(), start, maxSeq));
            ctx.writeAndFlush(out);
            s.start();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            Stream s = stream;
            if (s != null) {
                s.signal();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Stream s = stream;
            if (s != null) {
                s.stop();
                current.compareAndSet(s, null);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                meters.error("idle");
                LOG.warn("replication: no frame from {} for {}; closing", config.peer(), config.idleTimeout());
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            meters.error(
                    cause instanceof javax.net.ssl.SSLException
                                    || cause.getCause() instanceof javax.net.ssl.SSLException
                            ? "tls"
                            : "io");
            LOG.warn("replication: connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    /** Streams this site's events to the peer on one connection, from its own thread. */
    private final class Stream implements Runnable {
        private final Channel channel;
        private final long startPosition;
        private final Thread thread;
        private final Object writable = new Object();
        private long sentSeq;
        private volatile boolean running = true;

        Stream(Channel channel, long startPosition, long afterSeq) {
            this.channel = channel;
            this.startPosition = startPosition;
            this.sentSeq = afterSeq;
            this.thread = new Thread(this, "triad-replication-send-" + config.peer());
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() {
            running = false;
            signal();
            channel.close();
        }

        void signal() {
            synchronized (writable) {
                writable.notifyAll();
            }
        }

        @Override
        public void run() {
            ByteRate rate = new ByteRate(config.catchUpBytesPerSecond());
            EventCodec codec = new EventCodec();
            String site = config.site();
            int budget = config.maxFrameBytes() - BATCH_HEADER;
            long heartbeatNanos = config.heartbeatInterval().toNanos();
            long lastFrame = System.nanoTime();
            try (JournalReader reader = journal.reader(startPosition)) {
                while (running && channel.isActive()) {
                    awaitWritable();
                    List<JournalRecord> records = reader.poll(config.batchRecords(), config.heartbeatInterval());
                    ByteBuf batch = null;
                    int count = 0;
                    long bytes = 0;
                    for (JournalRecord r : records) {
                        EventId id = r.event().id();
                        if (!id.originSite().equals(site) || id.originSeq() <= sentSeq) {
                            continue;
                        }
                        int len = codec.encode(r.event());
                        if (len + 4 > budget) {
                            throw new IOException("event " + id + " encodes to " + len
                                    + " bytes, more than a replication frame holds (" + budget + ")");
                        }
                        if (batch != null && batch.readableBytes() + len + 4 > budget) {
                            bytes += send(batch, count, r.position());
                            batch = null;
                            count = 0;
                        }
                        if (batch == null) {
                            batch = channel.alloc().buffer(Math.min(budget, 64 * 1024));
                            Frame.writeBatchHeader(batch, 0, 0, 0, 0);
                        }
                        batch.writeInt(len).writeBytes(codec.buffer(), 0, len);
                        count++;
                        sentSeq = id.originSeq();
                    }
                    if (batch != null) {
                        bytes += send(batch, count, reader.nextPosition());
                        lastFrame = System.nanoTime();
                    } else if (System.nanoTime() - lastFrame >= heartbeatNanos || records.isEmpty()) {
                        ByteBuf hb = channel.alloc().buffer(32);
                        Frame.writeHeartbeat(
                                hb, new Frame.Heartbeat(reader.nextPosition(), journal.maxSeq(site), clock.millis()));
                        channel.writeAndFlush(hb);
                        lastFrame = System.nanoTime();
                    }
                    if (bytes > 0
                            && journal.durablePosition() - reader.nextPosition() > config.catchUpThresholdRecords()) {
                        meters.throttledNanos.increment(rate.acquire(bytes));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                meters.error("journal");
                LOG.error("replication: the stream to {} failed; the peer will connect again", config.peer(), e);
                channel.close();
            }
        }

        private long send(ByteBuf batch, int count, long nextPosition) {
            batch.setLong(1, nextPosition);
            batch.setLong(9, journal.maxSeq(config.site()));
            batch.setLong(17, clock.millis());
            batch.setInt(25, count);
            long bytes = batch.readableBytes();
            meters.sent.increment(count);
            meters.sentBytes.increment(bytes);
            channel.writeAndFlush(batch);
            return bytes;
        }

        private void awaitWritable() throws InterruptedException {
            synchronized (writable) {
                while (running && channel.isActive() && !channel.isWritable()) {
                    writable.wait(100);
                }
            }
        }
    }
}
