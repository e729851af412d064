package io.triad.appliance;

import io.micrometer.core.instrument.MeterRegistry;
import io.triad.appliance.config.ModuleConfigs;
import io.triad.appliance.config.TriadConfig;
import io.triad.collector.journal.Journal;
import io.triad.collector.replication.ReplicationConfig;
import io.triad.collector.replication.ReplicationTls;
import io.triad.collector.replication.SiteView;
import io.triad.failover.ClusterCertificates;
import io.triad.failover.ClusterState;
import io.triad.failover.Coordinator;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Set;

/**
 * Starts a clustered data site's log replication with the other data site from the configuration: the peer from
 * {@code cluster.peers}, mutual TLS with the cluster's certificates (the peer's certificate must name the peer), and
 * the coordinator's view of the peer and of this site's lease.
 */
final class LogReplication {
    private LogReplication() {}

    /** Starts replication; only for a {@link TriadConfig#replicated()} site. */
    static io.triad.collector.replication.Replication start(
            TriadConfig c, Path data, Journal journal, Coordinator coordinator, MeterRegistry registry, Clock clock)
            throws IOException, GeneralSecurityException {
        String peer = c.dataPeer().id();
        ClusterCertificates certs = ClusterCertificates.load(c.clusterTlsDir(), c.site.id());
        ReplicationTls tls = new ReplicationTls(certs.keyManagers()[0], certs.trustManager(Set.of(peer)));
        ReplicationConfig config = ModuleConfigs.replication(c, data);
        return io.triad.collector.replication.Replication.start(
                config, tls, journal, new CoordinatorView(coordinator, peer), registry, clock);
    }

    /**
     * The coordinator's view, for replication: the peer counts as declared down only while this site holds the
     * quorum's lease and the applied cluster state has the peer {@code down} (the controller marks a site down once
     * it has been out of touch for the lease timeout plus the fencing margin, so it no longer acts); this site is
     * fenced while it holds no lease.
     */
    record CoordinatorView(Coordinator coordinator, String peer) implements SiteView {
        @Override
        public boolean peerDeclaredDown() {
            return coordinator.holdsLease()
                    && coordinator
                            .state()
                            .site(peer)
                            .map(s -> s.state() == ClusterState.SiteState.DOWN)
                            .orElse(false);
        }

        @Override
        public boolean fenced() {
            return !coordinator.holdsLease();
        }

        @Override
        public long epoch() {
            return coordinator.state().epoch();
        }
    }
}
