package io.triad.failover;

import io.triad.failover.ClusterState.SiteRole;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Three Ratis members in this JVM on loopback with real mutual TLS from a CA made by {@link ClusterCertificates}, each
 * optionally behind a {@link FaultProxy}. Members can be stopped and started again on the same storage and ports.
 */
final class RatisTestCluster implements AutoCloseable {
    static final List<String> SITES = List.of("site-a", "site-b", "witness");

    /** Each site's TLS 1.3 suites, in an order of its own: the first one tells the proxies who dials. */
    private static final Map<String, List<String>> SUITES = Map.of(
            "site-a", List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"),
            "site-b", List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"),
            "witness", List.of("TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"));

    static final Duration ELECTION_MIN = Duration.ofMillis(150);
    static final Duration ELECTION_MAX = Duration.ofMillis(300);
    static final Duration REQUEST_TIMEOUT = Duration.ofMillis(1000);
    static final Duration LEASE = Duration.ofMillis(800);

    private final Path dir;
    private final long snapshotEvery;
    private final Map<String, Integer> listenPorts = new LinkedHashMap<>();
    private final Map<String, FaultProxy> proxies = new LinkedHashMap<>();
    private final Map<String, RatisCoordinator> running = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    RatisTestCluster(Path dir, boolean withProxies, long snapshotEvery) throws Exception {
        this.dir = dir;
        this.snapshotEvery = snapshotEvery;
        if (!Files.exists(dir.resolve("tls/ca.crt"))) {
            ClusterCertificates.init(dir.resolve("tls"), "test", SITES, Duration.ofDays(1), Clock.systemUTC());
        }
        for (String s : SITES) {
            listenPorts.put(s, freePort());
        }
        if (withProxies) {
            for (String s : SITES) {
                proxies.put(s, new FaultProxy(s, listenPorts.get(s), RatisTestCluster::siteOfFirstSuite));
            }
        }
    }

    private static String siteOfFirstSuite(int suite) {
        return switch (suite) {
            case 0x1301 -> "site-a";
            case 0x1302 -> "site-b";
            case 0x1303 -> "witness";
            default -> "unknown";
        };
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private int advertisedPort(String site) {
        FaultProxy p = proxies.get(site);
        return p != null ? p.port() : listenPorts.get(site);
    }

    RatisCoordinator.Config config(String site) throws Exception {
        List<RatisCoordinator.Peer> peers = new ArrayList<>();
        for (String s : SITES) {
            boolean witness = s.equals("witness");
            peers.add(new RatisCoordinator.Peer(
                    s, witness ? SiteRole.WITNESS : SiteRole.DATA, "127.0.0.1", advertisedPort(s), witness ? 0 : 1));
        }
        return new RatisCoordinator.Config(
                "test",
                site,
                peers,
                "127.0.0.1",
                listenPorts.get(site),
                dir.resolve(site).resolve("raft"),
                ClusterCertificates.load(dir.resolve("tls"), site),
                ELECTION_MIN,
                ELECTION_MAX,
                REQUEST_TIMEOUT,
                LEASE,
                snapshotEvery,
                SUITES.get(site));
    }

    /** Waits until every running member has applied the same state (so that their logs are equal). */
    void awaitInSync(Duration within) throws InterruptedException {
        CoordinatorContract.eventually("members in sync", within, () -> {
            List<Coordinator> ms = members();
            return ms.stream().map(Coordinator::state).distinct().count() == 1;
        });
    }

    /** Starts every member that is not running; returns them in site order. */
    List<Coordinator> startAll() throws Exception {
        for (String s : SITES) {
            if (!running.containsKey(s)) {
                start(s);
            }
        }
        return members();
    }

    RatisCoordinator start(String site) throws Exception {
        RatisCoordinator c = RatisCoordinator.start(config(site));
        running.put(site, c);
        return c;
    }

    void stop(String site) {
        RatisCoordinator c = running.remove(site);
        if (c != null) {
            c.close();
        }
    }

    List<Coordinator> members() {
        synchronized (running) {
            return new ArrayList<>(running.values());
        }
    }

    @Nullable
    RatisCoordinator member(String site) {
        return running.get(site);
    }

    /** Cuts {@code site} off from the two others (both directions), or heals it. */
    void isolate(String site, boolean on) {
        for (String other : SITES) {
            if (!other.equals(site)) {
                proxies.get(site).blackhole(other, on);
                proxies.get(other).blackhole(site, on);
            }
        }
    }

    /** Delays every byte between {@code a} and {@code b} by {@code d}, each way. */
    void delay(String a, String b, Duration d) {
        proxies.get(a).delay(b, d);
        proxies.get(b).delay(a, d);
    }

    void drop(String a, String b) {
        proxies.get(a).drop(b);
        proxies.get(b).drop(a);
    }

    void stopAll() {
        List<String> sites;
        synchronized (running) {
            sites = new ArrayList<>(running.keySet());
        }
        List<Thread> stopping = new ArrayList<>();
        for (String s : sites) {
            stopping.add(Thread.ofPlatform().start(() -> stop(s))); // each close takes about a second
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        proxies.values().forEach(FaultProxy::close);
    }
}
