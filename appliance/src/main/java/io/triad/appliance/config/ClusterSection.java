package io.triad.appliance.config;

import java.util.ArrayList;
import java.util.List;

/** Failover coordination across the three sites (see {@code docs/failover.md}). */
public final class ClusterSection {
    /** The three sites: two data sites and the witness. Empty = a single-site appliance. */
    public List<PeerSection> peers = new ArrayList<>();

    /** The address the Raft port listens on. */
    public String bind = "0.0.0.0";

    /** The CA certificate and this site's key and certificate ({@code triad cluster init}); empty = {@code <data>/cluster-tls}. */
    public String tlsDir = "";

    /** A follower that hears no leader for a random time between min and max starts an election. */
    public int electionTimeoutMinMillis = 150;

    public int electionTimeoutMaxMillis = 300;

    /** One Raft RPC and one attempt of a submitted change. */
    public int requestTimeoutMillis = 1000;

    /**
     * How long after its last contact with a quorum a site keeps its lease (may act as primary); at least
     * electionTimeoutMax + electionTimeoutMin, so that a lease outlives an election.
     */
    public int leaseTimeoutMillis = 1000;

    /** Changes between two snapshots of the state. */
    public long snapshotEvery = 1000;

    /** The most open {@code GET /api/v1/cluster/watch} streams. */
    public int maxWatchers = 256;

    /** How the controller decides (see {@code docs/failover.md}). */
    public FailoverSection failover = new FailoverSection();

    /** The components whose placement the cluster coordinates (the backbone server, its modules, ...). */
    public List<ComponentSection> components = new ArrayList<>();

    /** The components (their names once each) and the controller's policy. */
    void checkComponents(Problems p) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < components.size(); i++) {
            ComponentSection c = components.get(i);
            String key = "cluster.components[" + i + "]";
            if (!names.add(c.name())) {
                p.add(key + ".name '" + c.name() + "' is listed twice");
            }
            c.check(p, key);
        }
        failover.check(p);
    }

    /** The Raft timing and the three sites, of which {@code siteId} is one. */
    void checkSites(Problems p, String siteId) {
        p.positive("cluster.electionTimeoutMinMillis", electionTimeoutMinMillis);
        if (electionTimeoutMaxMillis <= electionTimeoutMinMillis) {
            p.add("cluster.electionTimeoutMaxMillis must be > cluster.electionTimeoutMinMillis ("
                    + electionTimeoutMinMillis + "); got: " + electionTimeoutMaxMillis);
        }
        if (leaseTimeoutMillis < electionTimeoutMaxMillis + electionTimeoutMinMillis) {
            p.add("cluster.leaseTimeoutMillis must be >= electionTimeoutMaxMillis + electionTimeoutMinMillis ("
                    + (electionTimeoutMaxMillis + electionTimeoutMinMillis) + "); got: " + leaseTimeoutMillis);
        }
        if (requestTimeoutMillis < electionTimeoutMinMillis) {
            p.add("cluster.requestTimeoutMillis must be >= cluster.electionTimeoutMinMillis ("
                    + electionTimeoutMinMillis + "); got: " + requestTimeoutMillis);
        }
        p.positive("cluster.snapshotEvery", snapshotEvery);
        if (peers.isEmpty()) {
            return;
        }
        if (peers.size() != 3) {
            p.add("cluster.peers must list the three sites (two data sites and the witness); got: " + peers.size());
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        int witnesses = 0;
        for (int i = 0; i < peers.size(); i++) {
            PeerSection peer = peers.get(i);
            String key = "cluster.peers[" + i + "]";
            peer.check(p, key);
            if (!ids.add(peer.id())) {
                p.add(key + ".id '" + peer.id() + "' is listed twice");
            }
            if (peer.witness()) {
                witnesses++;
            }
        }
        if (witnesses != 1) {
            p.add("cluster.peers must have exactly one witness; got: " + witnesses);
        }
        if (!ids.contains(siteId)) {
            p.add("cluster.peers must include this site (site.id '" + siteId + "'); got: " + ids);
        }
    }

    /** The replication port of every peer (a data site's {@code replication.port}). */
    void checkReplicationPorts(Problems p) {
        for (int i = 0; i < peers.size(); i++) {
            int port = peers.get(i).replicationPort();
            if (port <= 0 || port > 65535) {
                p.add("cluster.peers[" + i + "].replicationPort must be within 1..65535; got: " + port);
            }
        }
    }
}
