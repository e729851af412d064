package io.triad.appliance.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The translation of {@code site} and {@code cluster} into the failover module's own configuration: the components,
 * the controller's policy, the sites and the Ratis coordinator.
 *
 * <p>NOTE: stateless; each method reads a validated {@link TriadConfig} and returns a new value.
 */
public final class FailoverConfigs {
    private FailoverConfigs() {}

    /** The components of {@code cluster.components} (validated). */
    public static List<io.triad.failover.ComponentSpec> componentSpecs(TriadConfig config) {
        List<io.triad.failover.ComponentSpec> out = new ArrayList<>();
        for (ComponentSection c : config.cluster.components) {
            Map<io.triad.failover.ComponentSpec.Hook, String> hooks =
                    new EnumMap<>(io.triad.failover.ComponentSpec.Hook.class);
            HooksSection h = c.hooks();
            putHook(hooks, io.triad.failover.ComponentSpec.Hook.START, h.start());
            putHook(hooks, io.triad.failover.ComponentSpec.Hook.STOP, h.stop());
            putHook(hooks, io.triad.failover.ComponentSpec.Hook.PROMOTE, h.promote());
            putHook(hooks, io.triad.failover.ComponentSpec.Hook.DEMOTE, h.demote());
            putHook(hooks, io.triad.failover.ComponentSpec.Hook.SET_WEIGHT, h.setWeight());
            putHook(hooks, io.triad.failover.ComponentSpec.Hook.UPDATE, h.update());
            out.add(new io.triad.failover.ComponentSpec(
                    c.name(),
                    "active-standby".equals(c.mode())
                            ? io.triad.failover.ClusterState.Mode.ACTIVE_STANDBY
                            : io.triad.failover.ClusterState.Mode.ACTIVE_ACTIVE,
                    c.preferredSite(),
                    new io.triad.failover.agent.HealthCheckSpec(
                            c.health().type(),
                            c.health().target(),
                            c.health().intervalMillis(),
                            c.health().timeoutMillis(),
                            c.health().rise(),
                            c.health().fall()),
                    hooks,
                    Duration.ofSeconds(h.timeoutSeconds())));
        }
        return out;
    }

    private static void putHook(
            Map<io.triad.failover.ComponentSpec.Hook, String> hooks,
            io.triad.failover.ComponentSpec.Hook hook,
            String command) {
        if (!command.isBlank()) {
            hooks.put(hook, command);
        }
    }

    /** The controller's policy from {@code cluster.failover} and the lease timeout. */
    public static io.triad.failover.FailoverPolicy failoverPolicy(TriadConfig config) {
        FailoverSection f = config.cluster.failover;
        Duration lease = Duration.ofMillis(config.cluster.leaseTimeoutMillis);
        io.triad.failover.FailoverPolicy d = io.triad.failover.FailoverPolicy.defaults(lease);
        return new io.triad.failover.FailoverPolicy(
                lease,
                f.fenceMarginMillis() < 0 ? d.fenceMargin() : Duration.ofMillis(f.fenceMarginMillis()),
                f.selfFenceLeadMillis() < 0 ? d.selfFenceLead() : Duration.ofMillis(f.selfFenceLeadMillis()),
                Duration.ofSeconds(f.stabilizationSeconds()),
                Duration.ofSeconds(f.failureTimeoutSeconds()),
                f.maxFailoversPerHour(),
                Duration.ofSeconds(f.demoteTimeoutSeconds()),
                Duration.ofMillis(f.roundMillis()));
    }

    /** The sites as the controller knows them: the peers, or this site alone. */
    public static List<io.triad.failover.Controller.SiteSpec> siteSpecs(TriadConfig config) {
        List<io.triad.failover.Controller.SiteSpec> out = new ArrayList<>();
        if (config.cluster.peers.isEmpty()) {
            out.add(new io.triad.failover.Controller.SiteSpec(config.site.id(), role(config.site.witness())));
        }
        for (PeerSection p : config.cluster.peers) {
            out.add(new io.triad.failover.Controller.SiteSpec(p.id(), role(p.witness())));
        }
        return out;
    }

    private static io.triad.failover.ClusterState.SiteRole role(boolean witness) {
        return witness ? io.triad.failover.ClusterState.SiteRole.WITNESS : io.triad.failover.ClusterState.SiteRole.DATA;
    }

    /**
     * The Ratis coordinator's configuration of this site (only when {@link TriadConfig#clustered()}); the storage is
     * {@code <data>/raft}.
     */
    public static io.triad.failover.RatisCoordinator.Config ratisConfig(
            TriadConfig config, io.triad.failover.ClusterCertificates certificates) {
        List<io.triad.failover.RatisCoordinator.Peer> peers = new ArrayList<>();
        for (PeerSection p : config.cluster.peers) {
            boolean witness = p.witness();
            peers.add(new io.triad.failover.RatisCoordinator.Peer(
                    p.id(),
                    role(witness),
                    p.host(),
                    p.raftPort(),
                    p.priority() != null ? p.priority() : (witness ? 0 : 1)));
        }
        ClusterSection c = config.cluster;
        return new io.triad.failover.RatisCoordinator.Config(
                config.site.cluster(),
                config.site.id(),
                peers,
                c.bind,
                0,
                Path.of(config.data, "raft"),
                certificates,
                Duration.ofMillis(c.electionTimeoutMinMillis),
                Duration.ofMillis(c.electionTimeoutMaxMillis),
                Duration.ofMillis(c.requestTimeoutMillis),
                Duration.ofMillis(c.leaseTimeoutMillis),
                c.snapshotEvery,
                List.of());
    }
}
