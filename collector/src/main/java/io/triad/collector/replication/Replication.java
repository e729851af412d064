package io.triad.collector.replication;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.triad.collector.journal.Journal;
import io.triad.collector.sink.EventSink;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replication of one data site with its peer: the server that streams this site's events to the peer, the client
 * that pulls the peer's, the peer's acknowledgements, and the sinks that make inputs wait for them.
 *
 * <p>Every {@value #POLL_MILLIS} ms it reads the {@link SiteView}: while the coordinator has declared the peer down,
 * appends with ack policy {@code both} are acknowledged at once (and those waiting are released); the events reach
 * the peer when it returns. Once back, the peer first catches up: both-acks go on falling back to local until it
 * has acknowledged what this site held when it returned, so live ingest does not wait behind the backlog.
 *
 * <p>NOTE: thread safe. {@link #close()} stops pulling and serving and fails the appends still waiting for the peer
 * (their events are durable here).
 */
public final class Replication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Replication.class);

    /** How often the coordinator's view of the peer is read. */
    public static final int POLL_MILLIS = 50;

    private final ReplicationConfig config;
    private final Journal journal;
    private final SiteView view;
    private final PeerAcks acks;
    private final ReplicationMeters meters;
    private final EventLoopGroup loops;
    private final ReplicationServer server;
    private final ReplicationClient client;
    private final ScheduledFuture<?> poller;
    private final int port;
    private volatile boolean released;
    // after the peer returns: the sequence it must acknowledge before both-acks wait for it again, and since when
    private long rejoinTarget = -1;
    private long rejoinNanos;

    private Replication(
            ReplicationConfig config,
            ReplicationTls tls,
            Journal journal,
            SiteView view,
            MeterRegistry registry,
            Clock clock)
            throws IOException {
        this.config = config;
        this.journal = journal;
        this.view = view;
        if (!journal.site().equals(config.site())) {
            throw new IllegalArgumentException(
                    "the journal numbers site " + journal.site() + "'s events, not " + config.site() + "'s");
        }
        this.acks = new PeerAcks(0);
        this.meters = new ReplicationMeters(registry, config.peer());
        meters.gauge(
                "triad.replication.unacked",
                "This site's events the peer has not acknowledged yet: what its loss would lose now",
                "records",
                this,
                r -> Math.max(0, r.journal.maxSeq(r.config.site()) - r.acks.ackedSeq()));
        meters.gauge(
                "triad.replication.ack.waiting",
                "Appends with ack policy both waiting for the peer",
                "appends",
                acks,
                PeerAcks::waiting);
        meters.gauge(
                "triad.replication.ack.fallback",
                "Whether both-acks fall back to local now because the coordinator declared the peer down (1) or not",
                "",
                this,
                r -> r.released ? 1 : 0);
        this.loops = new MultiThreadIoEventLoopGroup(
                2, new DefaultThreadFactory("triad-replication", true), NioIoHandler.newFactory());
        try {
            this.server = new ReplicationServer(config, tls.server(), journal, acks, meters, clock);
            this.port = server.start(loops);
            this.client = new ReplicationClient(config, tls.client(), journal, meters, clock);
        } catch (IOException | RuntimeException e) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            meters.close();
            throw e;
        }
        client.start(loops);
        this.poller = loops.next().scheduleAtFixedRate(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info(
                "replication with {} at {}:{} started; this site serves its events on port {}",
                config.peer(),
                config.peerHost(),
                config.peerPort(),
                port);
    }

    /** Starts serving this site's events and pulling the peer's. */
    public static Replication start(
            ReplicationConfig config,
            ReplicationTls tls,
            Journal journal,
            SiteView view,
            MeterRegistry registry,
            Clock clock)
            throws IOException {
        return new Replication(
                Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(tls, "tls"),
                Objects.requireNonNull(journal, "journal"),
                Objects.requireNonNull(view, "view"),
                registry,
                clock);
    }

    /** The sink of an input with this ack policy. */
    public EventSink sink(AckPolicy policy) {
        return new ReplicatedSink(journal, policy, acks, view, config.maxWaitingAcks());
    }

    /** The port this site serves replication on. */
    public int port() {
        return port;
    }

    /** A snapshot of the replication's state, for the health API and the UI. */
    public Status status() {
        long local = journal.maxSeq(config.site());
        long held = journal.maxSeq(config.peer());
        return new Status(
                config.peer(),
                client.connected(),
                server.peerConnected(),
                held,
                client.peerMaxSeq(),
                client.lagRecords(),
                local,
                acks.ackedSeq(),
                Math.max(0, local - acks.ackedSeq()),
                acks.waiting(),
                released,
                client.lastError(),
                client.lastCatchUp().events(),
                client.lastCatchUp().millis());
    }

    /**
     * What replication with the peer looks like now.
     *
     * @param pulling whether this site pulls the peer's events now
     * @param peerPulling whether the peer pulls this site's events now
     * @param heldSeq the highest sequence of the peer's events this site holds
     * @param peerSeq the peer's highest sequence, as of its last frame
     * @param lagRecords peer events not held here yet
     * @param localSeq this site's highest own sequence
     * @param ackedSeq the highest sequence of this site's events the peer acknowledged
     * @param unacked this site's events the peer has not acknowledged
     * @param waitingAcks appends with ack policy both waiting for the peer
     * @param fallback whether both-acks fall back to local (the peer is declared down)
     * @param lastError the last failure of the pull, empty after a successful connection
     * @param lastCatchUpEvents the peer's events missing here at the last connect that found this site behind
     * @param lastCatchUpMillis how long, from that connect, until this site held them
     */
    public record Status(
            String peer,
            boolean pulling,
            boolean peerPulling,
            long heldSeq,
            long peerSeq,
            long lagRecords,
            long localSeq,
            long ackedSeq,
            long unacked,
            int waitingAcks,
            boolean fallback,
            String lastError,
            long lastCatchUpEvents,
            long lastCatchUpMillis) {}

    private void poll() {
        boolean down;
        try {
            down = view.peerDeclaredDown();
        } catch (RuntimeException e) {
            LOG.error("replication: reading the coordinator's view of {} failed", config.peer(), e);
            return;
        }
        boolean release = down || catchingUp();
        if (release != released) {
            if (release) {
                LOG.warn("replication: the coordinator declared {} down; both-acks fall back to local", config.peer());
            } else {
                LOG.warn(
                        "replication: {} is back and holds this site's events up to sequence {}; both-acks wait for it"
                                + " again",
                        config.peer(),
                        acks.ackedSeq());
            }
        }
        released = release;
        int n = acks.release(release);
        if (n > 0) {
            meters.released.increment(n);
        }
    }

    /**
     * Whether a peer that was declared down and is back is still catching up: both-acks keep falling back to local
     * until it has acknowledged what this site held when it returned, then what came during that catch-up, and so on
     * until it is within one batch of the end (else every live append would wait behind the backlog), as long as it
     * pulls, or for {@link #rejoinGrace()} while it connects.
     */
    private boolean catchingUp() {
        if (!released) {
            rejoinTarget = -1;
            return false;
        }
        long now = System.nanoTime();
        if (rejoinTarget < 0) {
            rejoinTarget = journal.maxSeq(config.site());
            rejoinNanos = now;
        }
        boolean pulling =
                server.peerConnected() || now - rejoinNanos < rejoinGrace().toNanos();
        if (!pulling) {
            rejoinTarget = -1;
            return false;
        }
        long acked = acks.ackedSeq();
        if (acked >= rejoinTarget) {
            // what arrived during the catch-up is the next target, until the peer is within a batch of the end
            long end = journal.maxSeq(config.site());
            if (end - acked <= config.batchRecords()) {
                rejoinTarget = -1;
                return false;
            }
            rejoinTarget = end;
        }
        return true;
    }

    /** How long a returned peer may take to connect before both-acks wait for it again: one reconnect and idle. */
    private Duration rejoinGrace() {
        return config.reconnectMax().plus(config.idleTimeout());
    }

    @Override
    public void close() {
        poller.cancel(false);
        client.close();
        server.close();
        acks.failAll(new IOException("replication with " + config.peer() + " closed before the peer acknowledged; "
                + "the events are durable on " + config.site()));
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        meters.close();
    }
}
