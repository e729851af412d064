package io.triad.collector.replication;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one data site's replication with its peer; every limit is explicit.
 *
 * @param site this site's id
 * @param peer the peer data site's id (its certificate must name it)
 * @param bindAddress the address this site's replication server listens on
 * @param port the port it listens on (7401; 0 picks a free one)
 * @param peerHost the peer's replication host
 * @param peerPort the peer's replication port
 * @param stateDirectory where the pull checkpoint is kept
 * @param maxFrameBytes the largest frame either side accepts; must exceed the journal's largest record
 * @param batchRecords journal records read per batch
 * @param catchUpBytesPerSecond the rate at which a peer that is behind is sent events, so live ingest keeps
 *     priority; 0 for no limit
 * @param catchUpThresholdRecords how far behind the journal's end a peer's stream must be to be rate limited
 * @param heartbeatInterval how often an idle stream tells the peer how far the journal is
 * @param idleTimeout a connection with no frame for this long is closed and opened again
 * @param reconnectMin the first wait before connecting again after a failure (doubled up to reconnectMax)
 * @param reconnectMax the longest wait between connection attempts
 * @param maxInFlightBatches batches the puller appends at once before it stops reading
 * @param maxWaitingAcks appends (ack policy both) waiting for the peer beyond which inputs are back-pressured
 */
public record ReplicationConfig(
        String site,
        String peer,
        String bindAddress,
        int port,
        String peerHost,
        int peerPort,
        Path stateDirectory,
        int maxFrameBytes,
        int batchRecords,
        long catchUpBytesPerSecond,
        long catchUpThresholdRecords,
        Duration heartbeatInterval,
        Duration idleTimeout,
        Duration reconnectMin,
        Duration reconnectMax,
        int maxInFlightBatches,
        int maxWaitingAcks) {

    public ReplicationConfig {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(peerHost, "peerHost");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        if (site.equals(peer)) {
            throw new IllegalArgumentException("peer must differ from the site itself; got: " + peer);
        }
        if (port < 0 || port > 65535 || peerPort < 1 || peerPort > 65535) {
            throw new IllegalArgumentException(
                    "port must be within 0..65535 and peerPort within 1..65535; got: " + port + ", " + peerPort);
        }
        if (maxFrameBytes < 64 * 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be >= 65536; got: " + maxFrameBytes);
        }
        if (batchRecords < 1) {
            throw new IllegalArgumentException("batchRecords must be >= 1; got: " + batchRecords);
        }
        if (catchUpBytesPerSecond < 0 || catchUpThresholdRecords < 0) {
            throw new IllegalArgumentException("catchUpBytesPerSecond and catchUpThresholdRecords must be >= 0; got: "
                    + catchUpBytesPerSecond + ", " + catchUpThresholdRecords);
        }
        if (heartbeatInterval.isNegative()
                || heartbeatInterval.isZero()
                || idleTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("heartbeatInterval must be > 0 and idleTimeout at least twice it; got: "
                    + heartbeatInterval + ", " + idleTimeout);
        }
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnectMin must be > 0 and reconnectMax >= reconnectMin; got: "
                    + reconnectMin + ", " + reconnectMax);
        }
        if (maxInFlightBatches < 1 || maxWaitingAcks < 1) {
            throw new IllegalArgumentException("maxInFlightBatches and maxWaitingAcks must be >= 1; got: "
                    + maxInFlightBatches + ", " + maxWaitingAcks);
        }
    }

    /**
     * Defaults: 8 MiB frames, 1024 records a batch, catch-up at 64 MiB/s once 10,000 records behind, heartbeats every
     * 500 ms, 3 s idle timeout, reconnects from 100 ms up to 2 s, 8 batches in flight, 100,000 waiting appends.
     */
    public static ReplicationConfig defaults(
            String site, String peer, int port, String peerHost, int peerPort, Path stateDirectory) {
        return new ReplicationConfig(
                site,
                peer,
                "0.0.0.0",
                port,
                peerHost,
                peerPort,
                stateDirectory,
                8 << 20,
                1024,
                64L << 20,
                10_000,
                Duration.ofMillis(500),
                Duration.ofSeconds(3),
                Duration.ofMillis(100),
                Duration.ofSeconds(2),
                8,
                100_000);
    }

    public ReplicationConfig withBindAddress(String address) {
        return new ReplicationConfig(
                site,
                peer,
                address,
                port,
                peerHost,
                peerPort,
                stateDirectory,
                maxFrameBytes,
                batchRecords,
                catchUpBytesPerSecond,
                catchUpThresholdRecords,
                heartbeatInterval,
                idleTimeout,
                reconnectMin,
                reconnectMax,
                maxInFlightBatches,
                maxWaitingAcks);
    }
}
