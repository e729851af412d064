package io.triad.failover;

import io.triad.failover.ClusterState.SiteRole;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator of a three-site cluster: this site's member of one Apache Ratis group whose voters are the two data
 * sites (priority 1) and the witness (priority 0, so Ratis hands leadership back to a data site whenever one can take
 * it). Peers talk gRPC over mutual TLS with the certificates of {@link ClusterCertificates}; the Raft log and the
 * snapshots live in {@code <storage>/<group id>/}.
 *
 * <p>Changes go through a Ratis client to the leader; {@link #submit} completes once the change is applied on this
 * site. The lease is computed from Ratis's own view of contacts ({@link DivisionInfo#getRoleInfoProto()}), polled
 * every few milliseconds so it survives an election without a gap, see {@link Lease}.
 *
 * <p>NOTE: thread safe. Lifecycle: {@link #start} formats the storage at the first start and recovers it after;
 * {@link #close} stops the poller, the client, the server (which takes a snapshot), then the listeners' thread.
 */
public final class RatisCoordinator implements Coordinator {
    private static final Logger LOG = LoggerFactory.getLogger(RatisCoordinator.class);

    /**
     * One voter of the group.
     *
     * @param priority Ratis's leader priority: 1 for data sites, 0 for the witness
     */
    public record Peer(String id, SiteRole role, String host, int port, int priority) {
        public Peer {
            Names.requireId("peer id", id);
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("peer " + id + " port must be within 1..65535; got: " + port);
            }
        }

        String address() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    /**
     * Everything a Ratis coordinator needs.
     *
     * @param cluster the cluster name (the Raft group id is derived from it)
     * @param site this site's id, one of {@code peers}
     * @param bindHost the address the Raft port listens on ({@code 0.0.0.0}: all)
     * @param bindPort the port it listens on; 0: this site's peer port (they differ behind a proxy or NAT)
     * @param storage the directory of the Raft log and snapshots ({@code <data>/raft})
     * @param electionTimeoutMin a follower that hears no leader for a random time within min..max starts an election;
     *     the leader's heartbeats come every min / 2
     * @param requestTimeout of one Raft RPC and of one client attempt
     * @param leaseTimeout how long after its last quorum contact a site keeps its lease; at least the election timeout
     *     max plus two heartbeats (a follower counts its contact one heartbeat early), so a lease rides out an election
     * @param snapshotEvery changes between two snapshots
     * @param cipherSuites TLS 1.3 cipher suites in order of preference (empty: the JDK's)
     */
    public record Config(
            String cluster,
            String site,
            List<Peer> peers,
            String bindHost,
            int bindPort,
            Path storage,
            ClusterCertificates certificates,
            Duration electionTimeoutMin,
            Duration electionTimeoutMax,
            Duration requestTimeout,
            Duration leaseTimeout,
            long snapshotEvery,
            List<String> cipherSuites) {
        public Config {
            peers = List.copyOf(peers);
            cipherSuites = List.copyOf(cipherSuites);
            if (peers.stream().noneMatch(p -> p.id().equals(site))) {
                throw new IllegalArgumentException("site " + site + " is not one of the peers "
                        + peers.stream().map(Peer::id).toList());
            }
            if (peers.stream().map(Peer::id).distinct().count() != peers.size()) {
                throw new IllegalArgumentException("peer ids must differ; got: " + peers);
            }
            if (electionTimeoutMin.isNegative()
                    || electionTimeoutMin.isZero()
                    || electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
                throw new IllegalArgumentException("election timeouts must be 0 < min < max; got: min "
                        + electionTimeoutMin.toMillis() + " ms, max " + electionTimeoutMax.toMillis() + " ms");
            }
            Duration minLease = electionTimeoutMax.plus(electionTimeoutMin);
            if (leaseTimeout.compareTo(minLease) < 0) {
                throw new IllegalArgumentException("leaseTimeout must be >= election timeout max + min ("
                        + minLease.toMillis() + " ms) so a lease outlives an election; got: "
                        + leaseTimeout.toMillis() + " ms");
            }
            if (requestTimeout.compareTo(electionTimeoutMin) < 0) {
                throw new IllegalArgumentException("requestTimeout must be >= election timeout min ("
                        + electionTimeoutMin.toMillis() + " ms); got: " + requestTimeout.toMillis() + " ms");
            }
            if (snapshotEvery <= 0) {
                throw new IllegalArgumentException("snapshotEvery must be > 0; got: " + snapshotEvery);
            }
        }

        Peer self() {
            return peers.stream().filter(p -> p.id().equals(site)).findFirst().orElseThrow();
        }

        int listenPort() {
            return bindPort > 0 ? bindPort : self().port();
        }
    }

    private final Config config;
    private final RaftGroup group;
    private final RaftPeerId self;
    private final Watchers watchers;
    private final ClusterStateMachine stateMachine;
    private final RaftServer server;
    private final RaftProperties properties;
    private final Parameters parameters;
    private final ClientId localClient = ClientId.randomId();
    private final java.util.concurrent.atomic.AtomicLong callIds = new java.util.concurrent.atomic.AtomicLong();
    private volatile RaftClient client;
    private volatile @Nullable String clientLeader;
    // guarded by itself: clients replaced after a change of leader, closed 30 s later or at close
    private final List<RaftClient> former = new ArrayList<>();
    private final ScheduledExecutorService poller;
    // guarded by itself: futures of submits waiting for their version to be applied here
    private final java.util.TreeMap<Long, List<CompletableFuture<Long>>> waiting = new java.util.TreeMap<>();
    private final long leaseNanos;
    private final long heartbeatNanos;

    // guarded by this
    private long lastContactNanos;
    private java.util.Map<String, Long> peerContacts = java.util.Map.of();
    private long leaderSinceNanos;
    private long seenTerm = -1;
    private @Nullable String seenLeader;
    private boolean closed;

    private RatisCoordinator(Config config) throws IOException, GeneralSecurityException {
        this.config = config;
        this.leaseNanos = config.leaseTimeout().toNanos();
        this.heartbeatNanos = config.electionTimeoutMin().toNanos() / 2;
        this.lastContactNanos = System.nanoTime() - leaseNanos - 1;
        this.self = RaftPeerId.valueOf(config.site());
        this.group = RaftGroup.valueOf(RatisSetup.groupId(config.cluster()), RatisSetup.peers(config.peers()));
        this.watchers = new Watchers(config.site());
        this.stateMachine = new ClusterStateMachine(this::applied, this::pollSoon);

        RaftProperties properties = RatisSetup.properties(config);
        Parameters parameters = new Parameters();
        GrpcConfigKeys.TLS.setConf(parameters, RatisSetup.tls(config));
        Files.createDirectories(config.storage());
        boolean recover = Files.isDirectory(
                config.storage().resolve(group.getGroupId().getUuid().toString()));
        this.server = RaftServer.newBuilder()
                .setServerId(self)
                .setGroup(group)
                .setStateMachine(stateMachine)
                .setProperties(properties)
                .setParameters(parameters)
                .setOption(recover ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        this.properties = properties;
        this.parameters = parameters;
        this.client = newClient(null);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "triad-cluster-lease-" + config.site());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts this site's member: opens the Raft port, recovers the log and the latest snapshot, joins the group.
     *
     * @throws IOException if the storage or the port cannot be opened
     * @throws GeneralSecurityException if the certificates do not make a TLS configuration
     */
    public static RatisCoordinator start(Config config) throws IOException, GeneralSecurityException {
        RatisCoordinator c = new RatisCoordinator(config);
        try {
            c.server.start();
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        long period = Math.max(5, Math.min(20, config.electionTimeoutMin().toMillis() / 10));
        c.poller.scheduleWithFixedDelay(c::pollQuietly, 0, period, TimeUnit.MILLISECONDS);
        LOG.info(
                "cluster member {} of {} listening on {}:{} (peers {})",
                config.site(),
                config.cluster(),
                config.bindHost(),
                config.listenPort(),
                config.peers().stream().map(Peer::address).collect(Collectors.joining(", ")));
        return c;
    }

    /**
     * A client of the group; aimed at {@code leader} first when it is known (a new client after each change of leader,
     * so that submits from a follower do not first try the old leader and time out there).
     */
    private RaftClient newClient(@Nullable RaftPeerId leader) {
        RaftClient.Builder b = RaftClient.newBuilder()
                .setRaftGroup(group)
                .setProperties(properties)
                .setParameters(parameters)
                // a failover may leave the client on a dead leader for a few attempts: retry for about 50 election
                // timeouts (7.5 s by default) before the submit fails
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                        50, TimeDuration.valueOf(config.electionTimeoutMin().toMillis(), TimeUnit.MILLISECONDS)));
        if (leader != null) {
            b.setLeaderId(leader);
        }
        return b.build();
    }

    /** Aims new submits at the leader this site now knows; the old client is closed once its calls had time. */
    private void followLeader(@Nullable String leader) {
        if (leader == null || leader.equals(config.site()) || leader.equals(clientLeader)) {
            return;
        }
        RaftClient old = client;
        client = newClient(RaftPeerId.valueOf(leader));
        clientLeader = leader;
        synchronized (former) {
            former.add(old);
        }
        try {
            poller.schedule(
                    () -> {
                        synchronized (former) {
                            if (!former.remove(old)) {
                                return;
                            }
                        }
                        closeQuietly(old);
                    },
                    30,
                    TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: close() closes it
        }
    }

    private static void closeQuietly(RaftClient c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing a former Raft client failed", e);
        }
    }

    @Override
    public String siteId() {
        return config.site();
    }

    @Override
    public CompletableFuture<Long> submit(ClusterChange change) {
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("coordinator is closed"));
            }
        }
        Message m = Message.valueOf(ByteString.copyFrom(ClusterJson.change(change)));
        boolean leading;
        try {
            leading = server.getDivision(group.getGroupId()).getInfo().isLeader();
        } catch (IOException e) {
            leading = false;
        }
        if (!leading) {
            return viaClient(m);
        }
        // the leader (its controller, its agent) submits to its own server, not through the network
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(localClient)
                .setServerId(self)
                .setGroupId(group.getGroupId())
                .setCallId(callIds.incrementAndGet())
                .setMessage(m)
                .setType(RaftClientRequest.writeRequestType())
                .build();
        try {
            return server.submitClientRequestAsync(request)
                    .thenApply(java.util.Optional::of)
                    .exceptionally(e -> notReady(e) ? java.util.Optional.empty() : rethrow(e))
                    .thenCompose(r -> {
                        if (r.isEmpty()) {
                            return viaClient(m);
                        }
                        RaftClientReply reply = r.get();
                        if (!reply.isSuccess()
                                && (reply.getNotLeaderException() != null
                                        || reply.getException()
                                                instanceof
                                                org.apache.ratis.protocol.exceptions.LeaderNotReadyException)) {
                            // not (or not yet ready as) the leader: the client retries until one takes it
                            return viaClient(m);
                        }
                        return appliedHere(reply);
                    });
        } catch (IOException e) {
            return viaClient(m);
        }
    }

    private static boolean notReady(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return c instanceof org.apache.ratis.protocol.exceptions.LeaderNotReadyException
                || c instanceof org.apache.ratis.protocol.exceptions.NotLeaderException;
    }

    private static <T> T rethrow(Throwable e) {
        throw e instanceof CompletionException ce ? ce : new CompletionException(e);
    }

    /** Submits through the client (to the leader this site knows of), completing once applied here. */
    private CompletableFuture<Long> viaClient(Message m) {
        return client.async().send(m).thenCompose(this::appliedHere);
    }

    private CompletableFuture<Long> appliedHere(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            Exception e = reply.getException();
            throw new CompletionException(e != null ? e : new IOException("the cluster did not take the change"));
        }
        ClusterJson.Outcome o;
        try {
            o = ClusterJson.outcome(reply.getMessage().getContent().toByteArray());
        } catch (IOException e) {
            throw new CompletionException(e);
        }
        String rejected = o.rejected();
        if (rejected != null) {
            throw new CompletionException(new RejectedChangeException(rejected));
        }
        CompletableFuture<Long> f = new CompletableFuture<>();
        synchronized (waiting) {
            waiting.computeIfAbsent(o.version(), v -> new ArrayList<>()).add(f);
        }
        completeWaiting(stateMachine.state().version());
        return f;
    }

    private void applied(ClusterState s) {
        watchers.stateChanged(s);
        completeWaiting(s.version());
    }

    private void completeWaiting(long version) {
        java.util.Map<Long, List<CompletableFuture<Long>>> done;
        synchronized (waiting) {
            var ready = waiting.headMap(version, true);
            done = new java.util.TreeMap<>(ready);
            ready.clear();
        }
        done.forEach((v, fs) -> fs.forEach(f -> f.complete(v)));
    }

    @Override
    public ClusterState state() {
        return stateMachine.state();
    }

    @Override
    public boolean isLeader() {
        try {
            DivisionInfo info = server.getDivision(group.getGroupId()).getInfo();
            return info.isLeader() && info.isLeaderReady();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Optional<String> leader() {
        return Optional.ofNullable(lease().leader());
    }

    @Override
    public Lease lease() {
        try {
            return poll();
        } catch (IOException e) {
            return new Lease(config.site(), seenTerm(), null, System.nanoTime() - 1, Long.MAX_VALUE);
        }
    }

    private synchronized long seenTerm() {
        return Math.max(0, seenTerm);
    }

    /**
     * Reads Ratis's view of contacts, advances the last quorum contact and reports a leadership change.
     *
     * <p>A follower's contact is its last RPC from the leader it knows, less one heartbeat interval; a leader's is the
     * latest time by which a
     * majority (itself included) had answered, taken from the answers' arrival (rounded down to whole milliseconds,
     * one more subtracted).
     */
    private Lease poll() throws IOException {
        DivisionInfo info = server.getDivision(group.getGroupId()).getInfo();
        RoleInfoProto role = info.getRoleInfoProto();
        long term = info.getCurrentTerm();
        RaftPeerId leaderId = info.getLeaderId();
        long now = System.nanoTime();
        Long contact = null;
        boolean leading = role.getRole() == RaftPeerRole.LEADER;
        java.util.Map<String, Long> contacts = java.util.Map.of();
        if (leading) {
            List<Long> elapsed = new ArrayList<>();
            contacts = new java.util.TreeMap<>();
            for (ServerRpcProto f : role.getLeaderInfo().getFollowerInfoList()) {
                elapsed.add(f.getLastRpcElapsedTimeMs());
                contacts.put(
                        f.getId().getId().toStringUtf8(),
                        now - TimeUnit.MILLISECONDS.toNanos(f.getLastRpcElapsedTimeMs() + 1));
            }
            elapsed.sort(null);
            int voters = group.getPeers().size();
            int needed = voters / 2; // followers that must have answered, with this site a majority
            if (needed == 0) {
                contact = now;
            } else if (elapsed.size() >= needed) {
                contact = now - TimeUnit.MILLISECONDS.toNanos(elapsed.get(needed - 1) + 1);
            }
        } else if (role.getRole() == RaftPeerRole.FOLLOWER
                && leaderId != null
                && !leaderId.equals(self)
                && role.getFollowerInfo().getLeaderInfo().hasId()) {
            // Ratis stamps an append's start and its completion; the leader stamps its reply's arrival. When the
            // reply to the last append is lost, the leader's last stamp is the reply to the one before, a heartbeat
            // interval earlier: count from there, so this site's lease never outlives the leader's view of it
            long ms = role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs();
            contact = now - TimeUnit.MILLISECONDS.toNanos(ms + 1) - heartbeatNanos;
        }
        String leader = leaderId == null ? null : leaderId.toString();
        boolean changed;
        Lease lease;
        synchronized (this) {
            if (contact != null && contact - lastContactNanos > 0) {
                lastContactNanos = contact;
            }
            if (leading && (term != seenTerm || !config.site().equals(seenLeader))) {
                leaderSinceNanos = now - TimeUnit.MILLISECONDS.toNanos(role.getRoleElapsedTimeMs());
            }
            peerContacts = java.util.Collections.unmodifiableMap(contacts);
            changed = term != seenTerm || !Objects.equals(leader, seenLeader);
            seenTerm = term;
            seenLeader = leader;
            lease = new Lease(
                    config.site(),
                    term,
                    leader,
                    lastContactNanos + leaseNanos,
                    leading ? leaderSinceNanos + leaseNanos : Long.MAX_VALUE);
            if (changed && !closed) {
                watchers.leaderChanged(Optional.ofNullable(leader), term);
                followLeader(leader);
            }
        }
        return lease;
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (IOException | RuntimeException e) {
            LOG.debug("lease poll failed", e);
        }
    }

    private void pollSoon() {
        try {
            poller.execute(this::pollQuietly);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    @Override
    public java.util.Map<String, Long> peerContacts() {
        try {
            poll();
        } catch (IOException e) {
            return java.util.Map.of();
        }
        synchronized (this) {
            return peerContacts;
        }
    }

    @Override
    public Subscription watch(Listener listener) {
        return watchers.add(listener);
    }

    /** The directory of this group's Raft log and snapshots. */
    Path groupDirectory() {
        return config.storage().resolve(group.getGroupId().getUuid().toString());
    }

    /** The snapshot files Ratis keeps now (for tests and diagnostics). */
    List<File> snapshotFiles() throws IOException {
        Path sm = groupDirectory().resolve("sm");
        if (!Files.isDirectory(sm)) {
            return List.of();
        }
        try (var s = Files.list(sm)) {
            // snapshot.<term>_<index> only: not its .md5, nor a .tmp that Ratis is still writing and renaming
            return s.filter(p -> p.getFileName().toString().matches("snapshot\\.\\d+_\\d+"))
                    .map(Path::toFile)
                    .sorted()
                    .toList();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        poller.shutdownNow();
        try {
            synchronized (former) {
                former.forEach(RatisCoordinator::closeQuietly);
                former.clear();
            }
            client.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing the Raft client of {} failed", config.site(), e);
        }
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing the Raft server of {} failed", config.site(), e);
        }
        IllegalStateException gone = new IllegalStateException("coordinator closed");
        synchronized (waiting) {
            waiting.values().forEach(fs -> fs.forEach(f -> f.completeExceptionally(gone)));
            waiting.clear();
        }
        watchers.close();
    }
}
