package io.triad.appliance;

import io.triad.appliance.config.FailoverConfigs;
import io.triad.appliance.config.TriadConfig;
import io.triad.failover.ClusterCertificates;
import io.triad.failover.Coordinator;
import io.triad.failover.RatisCoordinator;
import io.triad.failover.SingleSiteCoordinator;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** Opens this site's {@link Coordinator} from the configuration: Ratis when {@code cluster.peers} is set, else single site. */
final class Cluster {
    private Cluster() {}

    /**
     * The started coordinator of this site; the caller closes it (before the components that read the state are
     * closed last, after those that change it).
     */
    static Coordinator open(TriadConfig c) throws IOException, GeneralSecurityException {
        Path raft = Path.of(c.data, "raft");
        if (!c.clustered()) {
            return SingleSiteCoordinator.open(c.site.id(), raft);
        }
        ClusterCertificates certs = ClusterCertificates.load(c.clusterTlsDir(), c.site.id());
        return RatisCoordinator.start(FailoverConfigs.ratisConfig(c, certs));
    }
}
