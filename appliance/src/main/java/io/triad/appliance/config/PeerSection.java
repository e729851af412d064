package io.triad.appliance.config;

import org.jspecify.annotations.Nullable;

/**
 * One site of the cluster.
 *
 * @param role {@code data} or {@code witness}
 * @param replicationPort the port its log replication serves on (a data site's {@code replication.port})
 * @param priority ratis's leader priority; default 1 for a data site, 0 for the witness
 */
public record PeerSection(
        String id,
        String role,
        String host,
        int raftPort,
        int replicationPort,
        @Nullable Integer priority) {
    /** The defaults. */
    public PeerSection() {
        this("", "data", "", 7400, 7401, null);
    }

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
