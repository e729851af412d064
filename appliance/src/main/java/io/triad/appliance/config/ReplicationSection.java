package io.triad.appliance.config;

/**
 * Log replication with the peer data site (mutual TLS with the cluster's certificates).
 *
 * @param enabled whether a clustered data site replicates its logs; a single site or the witness never does
 * @param bind the address the replication server listens on; empty = {@code cluster.bind}
 * @param port the port it listens on; the peers list each other's as {@code cluster.peers[].replicationPort}
 * @param catchUpMiBPerSecond the rate at which a peer that is behind is sent events (0 = no limit), so live ingest
 *     keeps priority
 * @param catchUpThresholdRecords how far behind the journal's end (records) a peer must be for that rate to apply
 * @param batchRecords journal records per replication batch
 * @param maxFrameMiB the largest replication frame; must hold the journal's largest record
 * @param heartbeatMillis how often an idle stream sends a heartbeat
 * @param idleTimeoutMillis a connection with no frame for this long is closed and opened again
 * @param maxInFlightBatches batches the puller appends at once before it stops reading
 * @param maxWaitingAcks appends waiting for the peer's acknowledgement beyond which the inputs are back-pressured
 */
public record ReplicationSection(
        boolean enabled,
        String bind,
        int port,
        int catchUpMiBPerSecond,
        long catchUpThresholdRecords,
        int batchRecords,
        int maxFrameMiB,
        int heartbeatMillis,
        int idleTimeoutMillis,
        int maxInFlightBatches,
        int maxWaitingAcks) {
    /** The defaults. */
    public ReplicationSection() {
        this(true, "", 7401, 64, 10_000, 1024, 8, 500, 3000, 8, 100_000);
    }

    public ReplicationSection withEnabled(boolean enabled) {
        return new ReplicationSection(
                enabled,
                bind,
                port,
                catchUpMiBPerSecond,
                catchUpThresholdRecords,
                batchRecords,
                maxFrameMiB,
                heartbeatMillis,
                idleTimeoutMillis,
                maxInFlightBatches,
                maxWaitingAcks);
    }

    public ReplicationSection withPort(int port) {
        return new ReplicationSection(
                enabled,
                bind,
                port,
                catchUpMiBPerSecond,
                catchUpThresholdRecords,
                batchRecords,
                maxFrameMiB,
                heartbeatMillis,
                idleTimeoutMillis,
                maxInFlightBatches,
                maxWaitingAcks);
    }

    /** The values of this section; {@code maxFrameMiB} must hold the journal's largest record. */
    void check(Problems p, JournalSection journal) {
        p.port("replication.port", port);
        p.positive("replication.batchRecords", batchRecords);
        p.positive("replication.heartbeatMillis", heartbeatMillis);
        p.positive("replication.maxInFlightBatches", maxInFlightBatches);
        p.positive("replication.maxWaitingAcks", maxWaitingAcks);
        if (catchUpMiBPerSecond < 0 || catchUpThresholdRecords < 0) {
            p.add("replication.catchUpMiBPerSecond and catchUpThresholdRecords must be >= 0 (0 = no limit); got: "
                    + catchUpMiBPerSecond + ", " + catchUpThresholdRecords);
        }
        if (idleTimeoutMillis < 2L * heartbeatMillis) {
            p.add("replication.idleTimeoutMillis must be at least twice heartbeatMillis (" + 2L * heartbeatMillis
                    + "); got: " + idleTimeoutMillis);
        }
        if (((long) maxFrameMiB << 20) < journal.maxRecordBytes() + 65_536L) {
            p.add("replication.maxFrameMiB must hold the journal's largest record (journal.maxRecordBytes "
                    + journal.maxRecordBytes() + " + 64 KiB); got: " + maxFrameMiB);
        }
    }
}
