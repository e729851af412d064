package io.triad.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Ratis coordinator passes the contract with three members in one JVM on loopback over mutual TLS; its snapshots
 * are versioned JSON files that a restarted member loads.
 */
class RatisCoordinatorIT extends CoordinatorContract {
    private RatisTestCluster cluster;

    @Override
    List<Coordinator> open(Path dir) throws Exception {
        if (cluster == null) {
            cluster = new RatisTestCluster(dir, false, 5);
        }
        return cluster.startAll();
    }

    @Override
    void closeAll() {
        if (cluster != null) {
            cluster.stopAll();
        }
    }

    @Test
    void snapshotsAreVersionedJsonAndARestartedMemberLoadsThem() throws Exception {
        Coordinator a = open(dir).get(0);
        for (ClusterChange ch : threeSites()) {
            await(a.submit(ch));
        }
        for (int i = 0; i < 12; i++) {
            await(a.submit(new ClusterChange.Note("test", "site-a", "note " + i, T0.plusSeconds(i))));
        }
        RatisCoordinator b = cluster.member("site-b");
        eventually("site-b took a snapshot", Duration.ofSeconds(10), () -> {
            try {
                return !b.snapshotFiles().isEmpty();
            } catch (java.io.IOException e) {
                return false;
            }
        });
        File snapshot = b.snapshotFiles().get(b.snapshotFiles().size() - 1);
        String json = Files.readString(snapshot.toPath(), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"format\":1,\"term\":");
        ClusterJson.Snapshot parsed = ClusterJson.snapshot(json.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.state().sites()).containsOnlyKeys("site-a", "site-b", "witness");
        ClusterState before = a.state();
        cluster.stop("site-b");
        await(a.submit(new ClusterChange.Note("test", "", "while site-b was down", T0)));
        RatisCoordinator again = cluster.start("site-b");
        ClusterState expected = a.state();
        eventually(
                "site-b caught up", Duration.ofSeconds(10), () -> again.state().equals(expected));
        assertThat(expected.version()).isEqualTo(before.version() + 1);
    }

    @Test
    void aPeerWithACertificateOfAnotherClusterIsRefused() throws Exception {
        Path other = dir.resolve("other-tls");
        ClusterCertificates.init(
                other, "other", RatisTestCluster.SITES, Duration.ofDays(1), java.time.Clock.systemUTC());
        ClusterCertificates foreign = ClusterCertificates.load(other, "site-a");
        javax.net.ssl.X509ExtendedTrustManager trust =
                ClusterCertificates.load(other, "site-b").trustManager(java.util.Set.of("site-a"));
        // the same CA trusts its own site...
        trust.checkClientTrusted(new java.security.cert.X509Certificate[] {foreign.certificate(), foreign.ca()}, "EC");
        // ...but not a site of the tested cluster, nor a site id outside the group
        open(dir);
        ClusterCertificates ours = ClusterCertificates.load(dir.resolve("tls"), "site-a");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> trust.checkClientTrusted(
                        new java.security.cert.X509Certificate[] {ours.certificate(), ours.ca()}, "EC"))
                .isInstanceOf(java.security.cert.CertificateException.class);
        ClusterCertificates b = ClusterCertificates.load(other, "site-b");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> trust.checkClientTrusted(
                        new java.security.cert.X509Certificate[] {b.certificate(), b.ca()}, "EC"))
                .hasMessageContaining("none of the cluster's sites");
    }
}
