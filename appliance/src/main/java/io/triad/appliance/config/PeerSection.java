package io.triad.appliance.config;

import org.jspecify.annotations.Nullable;

/** One site of the cluster. */
public final class PeerSection {
    public String id = "";

    /** {@code data} or {@code witness}. */
    public String role = "data";

    public String host = "";
    public int raftPort = 7400;

    /** The port its log replication serves on (a data site's {@code replication.port}). */
    public int replicationPort = 7401;

    /** Ratis's leader priority; default 1 for a data site, 0 for the witness. */
    public @Nullable Integer priority;

    void check(Problems p, String key) {
        if (!id.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
            p.add(key + ".id must match [a-z0-9][a-z0-9_-]{0,62}; got: '" + id + "'");
        }
        if (!witness() && !"data".equals(role)) {
            p.add(key + ".role must be 'data' or 'witness'; got: '" + role + "'");
        }
        if (host.isBlank()) {
            p.add(key + ".host is required");
        }
        if (raftPort <= 0 || raftPort > 65535) {
            p.add(key + ".raftPort must be within 1..65535; got: " + raftPort);
        }
    }

    /** Whether this site is the witness. */
    public boolean witness() {
        return "witness".equals(role);
    }
}
