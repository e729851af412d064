package io.triad.failover;

import io.triad.failover.ClusterState.PlacementRole;
import io.triad.failover.ComponentSpec.Hook;
import io.triad.failover.agent.HookRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This site's agent: it applies this site's part of the placement through the components' hooks, reports what they
 * did ({@link ClusterChange.ReportRole}) and the components' health ({@link ClusterChange.ReportHealth}), and fences
 * this site: a primary whose site is about to lose its lease is demoted here without waiting for anyone.
 *
 * <p>Each component has its own thread, so a slow hook of one never delays another. A component's thread wakes at
 * every state change and every {@link #TICK}; it compares the role the placement gives this site with the role its
 * hooks last brought it to and runs the hooks of the transition, in order, stopping at the first that fails (retried
 * after {@link #RETRY_AFTER}). A promotion runs only while this site holds its lease, with the state's epoch in
 * {@code TRIAD_EPOCH}; a primary is demoted once its lease would run out within the self-fencing lead.
 *
 * <p>Hooks see, besides the JVM's environment: {@code TRIAD_HOOK, TRIAD_SITE, TRIAD_COMPONENT, TRIAD_MODE,
 * TRIAD_ROLE} (the role being entered), {@code TRIAD_PREVIOUS_ROLE, TRIAD_WEIGHT, TRIAD_EPOCH, TRIAD_LEADER,
 * TRIAD_REASON} and {@code TRIAD_VERSION} (the state version decided on).
 *
 * <p>NOTE: thread safe. Lifecycle: {@link #start()} once; {@link #close()} stops the threads and the health checks but
 * runs no hook: the components keep the role they have (a restart of the appliance must not interrupt them).
 */
public final class SiteAgent implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger(SiteAgent.class);

    /** How often each component's thread looks again without a state change. */
    static final Duration TICK = Duration.ofMillis(50);

    /** How long a promotion waits for the quorum to confirm this site's state before it gives up (and retries). */
    static final Duration BARRIER_TIMEOUT = Duration.ofSeconds(3);

    /**
     * How often an unchanged health result is reported again, so its detail and time stay current in the state (and
     * on the cluster page) without a Raft entry per check.
     */
    static final Duration HEALTH_REFRESH = Duration.ofSeconds(30);

    /** How long after a failed hook its transition is tried again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /** How much of a failed update hook's output its rollout step keeps (the step is in the replicated state). */
    static final int FAILED_OUTPUT_CHARS = 400;

    /** What a hook run did, for the logs of the appliance. */
    public record HookEvent(
            String site,
            String component,
            String hook,
            PlacementRole from,
            PlacementRole to,
            long epoch,
            boolean ok,
            String summary,
            String output) {}

    final Coordinator coordinator;
    final String site;
    final HookRunner runner;
    final @Nullable Path workDir;
    final Clock clock;
    private final List<ComponentWorker> workers = new ArrayList<>();
    final List<Consumer<HookEvent>> hookListeners = new CopyOnWriteArrayList<>();
    private final Coordinator.Subscription subscription;
    volatile boolean closed;
    final Duration rolloutHealthTimeout;
    final long selfFenceLeadNanos;
    private final Object catchUpLock = new Object();
    // guarded by catchUpLock: the report whose commit shows that this site's state holds what the quorum had
    private @Nullable CompletableFuture<Long> catchUp;
    private volatile boolean caughtUp;

    /**
     * The agent's timing.
     *
     * @param selfFenceLead how long before this site's lease runs out its primaries are demoted ({@link
     *     FailoverPolicy#selfFenceLead()})
     * @param rolloutHealthTimeout how long a rollout step waits for the updated component to run and be healthy on
     *     this site again before the step fails (and the rollout pauses)
     */
    public record Settings(Duration selfFenceLead, Duration rolloutHealthTimeout) {
        public Settings {
            if (selfFenceLead.isNegative() || rolloutHealthTimeout.isNegative() || rolloutHealthTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "agent settings must be positive; got: " + selfFenceLead + ", " + rolloutHealthTimeout);
            }
        }

        /** The lead and rollout timeout of a policy ({@code rolloutHealthTimeout} is not part of it). */
        public static Settings of(FailoverPolicy policy, Duration rolloutHealthTimeout) {
            return new Settings(policy.selfFenceLead(), rolloutHealthTimeout);
        }
    }

    public SiteAgent(
            Coordinator coordinator,
            List<ComponentSpec> components,
            HookRunner runner,
            @Nullable Path workDir,
            Clock clock,
            Settings settings) {
        this.rolloutHealthTimeout = settings.rolloutHealthTimeout();
        this.selfFenceLeadNanos = settings.selfFenceLead().toNanos();
        this.coordinator = coordinator;
        this.site = coordinator.siteId();
        this.runner = runner;
        this.workDir = workDir;
        this.clock = clock;
        for (ComponentSpec c : components) {
            workers.add(new ComponentWorker(this, c));
        }
        this.subscription = coordinator.watch(new Coordinator.Listener() {
            @Override
            public void stateChanged(ClusterState state) {
                workers.forEach(ComponentWorker::wake);
            }

            @Override
            public void leaderChanged(Optional<String> leader, long term) {
                workers.forEach(ComponentWorker::wake);
            }
        });
    }

    /** Starts the health checks and the components' threads. */
    public SiteAgent start() {
        workers.forEach(ComponentWorker::start);
        return this;
    }

    /**
     * Whether this site's state holds every decision the quorum committed before the agent started: a restarted site
     * replays its own log first and would otherwise start and stop components on a stale placement until it caught
     * up. The agent commits one report through the quorum (this site's own health entry, "agent started") and acts
     * once it is applied here; a failed submit is sent again.
     */
    boolean caughtUp() {
        if (caughtUp) {
            return true;
        }
        synchronized (catchUpLock) {
            if (catchUp == null || catchUp.isCompletedExceptionally()) {
                catchUp = coordinator.submit(new ClusterChange.ReportHealth(
                        site, "", true, "agent started; its state caught up with the quorum", clock.instant()));
                catchUp.whenComplete((v, e) -> workers.forEach(ComponentWorker::wake));
            }
            if (catchUp.isDone() && !catchUp.isCompletedExceptionally()) {
                caughtUp = true;
                LOG.info("agent on {}: state caught up with the quorum (version {})", site, catchUp.join());
            }
        }
        return caughtUp;
    }

    /** Hears every hook run (the appliance writes them to its log). */
    public void onHook(Consumer<HookEvent> listener) {
        hookListeners.add(listener);
    }

    /** The role the hooks brought each component to on this site, by component name. */
    public Map<String, PlacementRole> roles() {
        Map<String, PlacementRole> out = new LinkedHashMap<>();
        for (ComponentWorker w : workers) {
            out.put(w.spec.name(), w.role());
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        subscription.close();
        for (ComponentWorker w : workers) {
            w.close();
        }
    }

    /** The hooks that bring a component from one role to another, in order. */
    static List<Hook> transition(PlacementRole from, PlacementRole to, boolean weightChanged) {
        return switch (from) {
            case STOPPED ->
                switch (to) {
                    case STOPPED -> List.of();
                    case STANDBY -> List.of(Hook.START);
                    case ACTIVE -> List.of(Hook.START, Hook.SET_WEIGHT);
                    case PRIMARY -> List.of(Hook.START, Hook.PROMOTE);
                };
            case STANDBY ->
                switch (to) {
                    case STOPPED -> List.of(Hook.STOP);
                    case STANDBY -> List.of();
                    case ACTIVE -> List.of(Hook.SET_WEIGHT);
                    case PRIMARY -> List.of(Hook.PROMOTE);
                };
            case PRIMARY ->
                switch (to) {
                    case STOPPED -> List.of(Hook.DEMOTE, Hook.STOP);
                    case STANDBY -> List.of(Hook.DEMOTE);
                    case ACTIVE -> List.of(Hook.DEMOTE, Hook.SET_WEIGHT);
                    case PRIMARY -> List.of();
                };
            case ACTIVE ->
                switch (to) {
                    case STOPPED -> List.of(Hook.STOP);
                    case STANDBY -> List.of(Hook.SET_WEIGHT);
                    case ACTIVE -> weightChanged ? List.of(Hook.SET_WEIGHT) : List.of();
                    case PRIMARY -> List.of(Hook.PROMOTE);
                };
        };
    }

    /** The role a component holds after one hook of the transition towards {@code to}. */
    static PlacementRole after(Hook h, PlacementRole current, PlacementRole to) {
        return switch (h) {
            case START -> to == PlacementRole.ACTIVE ? PlacementRole.ACTIVE : PlacementRole.STANDBY;
            case PROMOTE -> PlacementRole.PRIMARY;
            case DEMOTE -> PlacementRole.STANDBY;
            case SET_WEIGHT -> to;
            case STOP -> PlacementRole.STOPPED;
            case UPDATE -> current;
        };
    }

    static String label(PlacementRole r) {
        return r.name().toLowerCase(Locale.ROOT);
    }
}
