package io.triad.failover;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslProvider;
import org.apache.ratis.util.TimeDuration;

/**
 * How {@link RatisCoordinator} sets up Apache Ratis: the group id from the cluster's name, the peers with their
 * priorities, the server's properties (storage, address, election and request timeouts, snapshots, the leader's
 * step-down wait) and the mutual TLS 1.3 of the gRPC transport from the cluster certificates.
 */
final class RatisSetup {
    private RatisSetup() {}

    static RaftGroupId groupId(String cluster) {
        return RaftGroupId.valueOf(
                UUID.nameUUIDFromBytes(("triad-cluster:" + cluster).getBytes(StandardCharsets.UTF_8)));
    }

    static List<RaftPeer> peers(List<RatisCoordinator.Peer> peers) {
        List<RaftPeer> out = new ArrayList<>();
        for (RatisCoordinator.Peer p : peers) {
            out.add(RaftPeer.newBuilder()
                    .setId(p.id())
                    .setAddress(p.address())
                    .setPriority(p.priority())
                    .build());
        }
        return out;
    }

    static RaftProperties properties(RatisCoordinator.Config c) {
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(c.storage().toFile()));
        GrpcConfigKeys.Server.setHost(p, c.bindHost());
        GrpcConfigKeys.Server.setPort(p, c.listenPort());
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, millis(c.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, millis(c.electionTimeoutMax()));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, millis(c.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, millis(c.electionTimeoutMax()));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, millis(c.requestTimeout()));
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(c.requestTimeout()));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, c.snapshotEvery());
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        // Ratis's own leader lease serves its linearizable reads; reads here are local, the lease is ours (Lease)
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, false);
        // a leader that stepped down for lost heartbeats stays out of elections this long (Ratis: 10 s); with the
        // witness never leading, 10 s would leave a group of a data site and the witness leaderless that long
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(p, millis(c.electionTimeoutMax()));
        return p;
    }

    static TimeDuration millis(Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    static GrpcTlsConfig tls(RatisCoordinator.Config c) throws GeneralSecurityException {
        Set<String> ids = c.peers().stream().map(RatisCoordinator.Peer::id).collect(Collectors.toSet());
        GrpcTlsConfig.Builder b = GrpcTlsConfig.newBuilder()
                .setKeyManager(c.certificates().keyManagers()[0])
                .setTrustManager(c.certificates().trustManager(ids))
                .setMutualTls(true)
                .setSslProvider(SslProvider.JDK)
                .setProtocols("TLSv1.3");
        if (!c.cipherSuites().isEmpty()) {
            b.setCipherSuites(c.cipherSuites());
        }
        return b.build();
    }
}
