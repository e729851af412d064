package io.triad.appliance.e2e;

import io.triad.appliance.config.PeerSection;
import io.triad.appliance.config.TriadConfig;
import io.triad.failover.ClusterCertificates;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The three sites of one cluster as {@link RunningAppliance}s in this JVM on loopback: site-a and site-b data sites and
 * the witness, Raft over mutual TLS with a CA made under {@code DIR/cluster-tls}, each site's data under {@code
 * DIR/<site>/data}, all other ports ephemeral.
 *
 * <p>NOTE: not thread-safe. {@link #close} closes the sites still running, the witness first.
 */
final class ClusterSites implements AutoCloseable {
    static final List<String> SITES = List.of("site-a", "site-b", "witness");

    /** What a test adds to a site's configuration (its components, its licensing, ...). */
    @FunctionalInterface
    interface Customizer {
        void customize(String site, TriadConfig config) throws Exception;
    }

    private final Map<String, RunningAppliance> running;

    private ClusterSites(Map<String, RunningAppliance> running) {
        this.running = running;
    }

    /**
     * Makes the cluster's certificates and Raft ports, gives every site its configuration ({@link
     * RunningAppliance#loopbackConfig}, the site and its peers, then {@code customizer}'s part) and starts the three at
     * once: each waits for the others' Raft servers. If one fails to start, those started are closed.
     */
    static ClusterSites start(Path dir, String cluster, Customizer customizer) throws Exception {
        Path tls = dir.resolve("cluster-tls");
        ClusterCertificates.init(tls, cluster, SITES, Duration.ofDays(2), Clock.systemUTC());
        Map<String, Integer> raft = new LinkedHashMap<>();
        Map<String, Integer> replication = new LinkedHashMap<>();
        // every probe socket stays open until all ports are chosen, so no two sites get the same port
        List<ServerSocket> probes = new ArrayList<>();
        try {
            for (String s : SITES) {
                ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                probes.add(probe);
                raft.put(s, probe.getLocalPort());
                ServerSocket second = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                probes.add(second);
                replication.put(s, second.getLocalPort());
            }
        } finally {
            for (ServerSocket p : probes) {
                p.close();
            }
        }
        Map<String, TriadConfig> configs = new LinkedHashMap<>();
        for (String site : SITES) {
            TriadConfig c = RunningAppliance.loopbackConfig(dir.resolve(site).resolve("data"));
            c.site = c.site.withId(site);
            c.site = c.site.withRole(site.equals("witness") ? "witness" : "data");
            c.site = c.site.withCluster(cluster);
            c.cluster.bind = "127.0.0.1";
            c.cluster.tlsDir = tls.toString();
            c.replication = c.replication.withPort(replication.get(site));
            for (String s : SITES) {
                c.cluster.peers.add(new PeerSection(
                        s,
                        s.equals("witness") ? "witness" : "data",
                        "127.0.0.1",
                        raft.get(s),
                        replication.get(s),
                        null));
            }
            customizer.customize(site, c);
            configs.put(site, c);
        }
        ClusterSites sites = new ClusterSites(new LinkedHashMap<>());
        ExecutorService pool = Executors.newFixedThreadPool(SITES.size());
        try {
            Map<String, Future<RunningAppliance>> started = new LinkedHashMap<>();
            configs.forEach((site, c) -> started.put(site, pool.submit(() -> RunningAppliance.start(c))));
            ExecutionException failed = null;
            for (Map.Entry<String, Future<RunningAppliance>> e : started.entrySet()) {
                try {
                    sites.running.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException x) {
                    failed = failed == null ? x : failed;
                }
            }
            if (failed != null) {
                sites.close();
                throw failed;
            }
        } finally {
            pool.shutdown();
        }
        return sites;
    }

    /** The running site {@code id}. */
    RunningAppliance get(String id) {
        RunningAppliance t = running.get(id);
        if (t == null) {
            throw new IllegalArgumentException("site " + id + " is not running; running: " + running.keySet());
        }
        return t;
    }

    /** The sites still running, in the order of {@link #SITES}. */
    Map<String, RunningAppliance> running() {
        return Collections.unmodifiableMap(running);
    }

    /** Closes site {@code id} (as a lost site: the others carry on). */
    void stop(String id) {
        get(id).close();
        running.remove(id);
    }

    @Override
    public void close() {
        List<RunningAppliance> all = new ArrayList<>(running.values());
        Collections.reverse(all);
        for (RunningAppliance t : all) {
            t.close();
        }
        running.clear();
    }
}
