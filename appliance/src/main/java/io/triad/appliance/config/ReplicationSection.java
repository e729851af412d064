package io.triad.appliance.config;

/** Log replication with the peer data site (mutual TLS with the cluster's certificates). */
public final class ReplicationSection {
    /** Whether a clustered data site replicates its logs; a single site or the witness never does. */
    public boolean enabled = true;

    /** The address the replication server listens on; empty = {@code cluster.bind}. */
    public String bind = "";

    /** The port it listens on; the peers list each other's as {@code cluster.peers[].replicationPort}. */
    public int port = 7401;

    /** The rate at which a peer that is behind is sent events (0 = no limit), so live ingest keeps priority. */
    public int catchUpMiBPerSecond = 64;

    /** How far behind the journal's end (records) a peer must be for that rate to apply. */
    public long catchUpThresholdRecords = 10_000;

    /** Journal records per replication batch. */
    public int batchRecords = 1024;

    /** The largest replication frame; must hold the journal's largest record. */
    public int maxFrameMiB = 8;

    /** How often an idle stream sends a heartbeat. */
    public int heartbeatMillis = 500;

    /** A connection with no frame for this long is closed and opened again. */
    public int idleTimeoutMillis = 3000;

    /** Batches the puller appends at once before it stops reading. */
    public int maxInFlightBatches = 8;

    /** Appends waiting for the peer's acknowledgement beyond which the inputs are back-pressured. */
    public int maxWaitingAcks = 100_000;

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
