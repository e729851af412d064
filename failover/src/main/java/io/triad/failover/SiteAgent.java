package io.triad.failover;

import io.triad.failover.ClusterState.Component;
import io.triad.failover.ClusterState.Mode;
import io.triad.failover.ClusterState.Placement;
import io.triad.failover.ClusterState.PlacementRole;
import io.triad.failover.ComponentSpec.Hook;
import io.triad.failover.agent.HealthCheck;
import io.triad.failover.agent.HealthMonitor;
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
    private static final Logger LOG = LoggerFactory.getLogger(SiteAgent.class);

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

    private final Coordinator coordinator;
    private final String site;
    private final HookRunner runner;
    private final @Nullable Path workDir;
    private final Clock clock;
    private final List<Worker> workers = new ArrayList<>();
    private final List<Consumer<HookEvent>> hookListeners = new CopyOnWriteArrayList<>();
    private final Coordinator.Subscription subscription;
    private volatile boolean closed;
    private final Duration rolloutHealthTimeout;
    private final long selfFenceLeadNanos;
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
            workers.add(new Worker(c));
        }
        this.subscription = coordinator.watch(new Coordinator.Listener() {
            @Override
            public void stateChanged(ClusterState state) {
                workers.forEach(Worker::wake);
            }

            @Override
            public void leaderChanged(Optional<String> leader, long term) {
                workers.forEach(Worker::wake);
            }
        });
    }

    /** Starts the health checks and the components' threads. */
    public SiteAgent start() {
        workers.forEach(Worker::start);
        return this;
    }

    /**
     * Whether this site's state holds every decision the quorum committed before the agent started: a restarted site
     * replays its own log first and would otherwise start and stop components on a stale placement until it caught
     * up. The agent commits one report through the quorum (this site's own health entry, "agent started") and acts
     * once it is applied here; a failed submit is sent again.
     */
    private boolean caughtUp() {
        if (caughtUp) {
            return true;
        }
        synchronized (catchUpLock) {
            if (catchUp == null || catchUp.isCompletedExceptionally()) {
                catchUp = coordinator.submit(new ClusterChange.ReportHealth(
                        site, "", true, "agent started; its state caught up with the quorum", clock.instant()));
                catchUp.whenComplete((v, e) -> workers.forEach(Worker::wake));
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
        for (Worker w : workers) {
            out.put(w.spec.name(), w.role());
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        subscription.close();
        for (Worker w : workers) {
            w.close();
        }
    }

    /** One component's reconciliation on this site. */
    private final class Worker {
        final ComponentSpec spec;
        final Thread thread;
        final HealthMonitor monitor;
        final Object lock = new Object();
        boolean woken;
        // owned by the worker's thread, read by roles()
        volatile PlacementRole role = PlacementRole.STOPPED;
        int weight;
        long epoch = -1;
        long retryAtNanos;
        volatile @Nullable Boolean reportedHealthy;
        boolean everHealthy;
        // the rollout step whose update ran here, and the one whose health is being checked (id#index)
        String updated = "";
        String checkKey = "";
        String checked = "";
        long checkSinceNanos;
        long checkBaseline;
        long runningSinceNanos = System.nanoTime();
        // while primary: when the lease comes within the self-fencing lead (the thread wakes then)
        volatile long fenceAtNanos = Long.MAX_VALUE;
        // a role report the quorum did not take (sent again), and whether this site held its lease last round: on
        // regaining it the agent reports role and health again, as the leader counts reports from before as stale
        volatile boolean reportPending;
        boolean hadLease;
        volatile boolean lastReportOk = true;
        volatile String lastReportDetail = "no hooks";
        String reportedDetail = "";
        long reportedHealthAtNanos;

        Worker(ComponentSpec spec) {
            this.spec = spec;
            this.thread = new Thread(this::run, "triad-agent-" + site + "-" + spec.name());
            this.thread.setDaemon(true);
            this.monitor = new HealthMonitor(
                    spec.name() + "@" + site, HealthCheck.of(spec.health(), runner), spec.health(), (h, d) -> wake());
        }

        PlacementRole role() {
            return role;
        }

        void start() {
            monitor.start();
            thread.start();
        }

        void wake() {
            synchronized (lock) {
                woken = true;
                lock.notifyAll();
            }
        }

        void close() {
            monitor.close();
            wake();
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void run() {
            while (!closed) {
                try {
                    if (!caughtUp()) {
                        if (!pause()) {
                            return;
                        }
                        continue;
                    }
                    // a dip below the self-fencing lead counts as a loss: the leader may have counted this site out of
                    // reach (its reports stale) though the cut healed before the lease itself ran out
                    boolean leased = coordinator.lease().validAt(System.nanoTime() + selfFenceLeadNanos);
                    if (leased && !hadLease) {
                        reportPending = true;
                        reportedHealthy = null;
                    }
                    hadLease = leased;
                    reconcile();
                    if (reportPending && leased) {
                        report(lastReportOk, lastReportDetail);
                    }
                    reportHealth();
                    rolloutStep();
                } catch (RuntimeException e) {
                    LOG.warn("agent of {} on {} failed a round; the next retries", spec.name(), site, e);
                }
                if (!pause()) {
                    return;
                }
            }
        }

        /** Waits until woken, one tick, or the self-fencing instant; false when interrupted. */
        private boolean pause() {
            synchronized (lock) {
                if (!woken && !closed) {
                    try {
                        lock.wait(waitMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                woken = false;
            }
            return true;
        }

        /** One tick, or less when the self-fencing instant comes sooner. */
        private long waitMillis() {
            long untilFence = fenceAtNanos - System.nanoTime();
            return Math.max(
                    1, Math.min(TICK.toMillis(), java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(untilFence)));
        }

        private void reconcile() {
            try {
                reconcileOnce();
            } finally {
                fenceAtNanos = role == PlacementRole.PRIMARY
                        ? coordinator.lease().expiresAtNanos() - selfFenceLeadNanos
                        : Long.MAX_VALUE;
            }
        }

        private void reconcileOnce() {
            ClusterState s = coordinator.state();
            Optional<Component> c = s.component(spec.name());
            PlacementRole want = PlacementRole.STOPPED;
            int wantWeight = 0;
            if (c.isPresent()) {
                for (Placement p : c.get().placement()) {
                    if (p.site().equals(site)) {
                        want = p.role();
                        wantWeight = p.weight();
                    }
                }
            }
            long now = System.nanoTime();
            Lease lease = coordinator.lease();
            String reason = "placement of version " + s.version();
            // self-fencing: no primary here once the lease would run out within the lead
            if (want == PlacementRole.PRIMARY && !lease.validAt(now + selfFenceLeadNanos)) {
                want = PlacementRole.STANDBY;
                reason = "no lease: this site lost touch with the quorum";
            }
            if (want == role && (want != PlacementRole.ACTIVE || wantWeight == weight)) {
                if (want == PlacementRole.PRIMARY && epoch != s.epoch()) {
                    epoch = s.epoch(); // a newer epoch keeps this site primary: report the token it now holds
                    report(true, "primary in epoch " + s.epoch());
                }
                return;
            }
            boolean fencing = role == PlacementRole.PRIMARY && want != PlacementRole.PRIMARY;
            if (!fencing && now - retryAtNanos < 0) {
                return;
            }
            List<Hook> hooks = transition(role, want, weight != wantWeight);
            Mode mode = c.map(Component::mode).orElse(spec.mode());
            StringBuilder summary = new StringBuilder();
            PlacementRole from = role;
            for (Hook h : hooks) {
                PlacementRole next = after(h, role, want);
                if (h == Hook.PROMOTE) {
                    String refused = barrier(s);
                    if (refused != null) {
                        LOG.info("{} on {}: promotion in epoch {} not run: {}", spec.name(), site, s.epoch(), refused);
                        retryAtNanos = System.nanoTime() + TICK.toNanos();
                        return;
                    }
                }
                int nextWeight = next == PlacementRole.ACTIVE ? wantWeight : next == PlacementRole.PRIMARY ? 100 : 0;
                Ran ran = runHook(h, s, mode, next, nextWeight, reason, Map.of());
                HookRunner.Outcome o = ran.outcome();
                if (summary.length() > 0) {
                    summary.append("; ");
                }
                summary.append(ran.summary());
                if (!o.ok()) {
                    LOG.warn("{} hook of {} on {} failed: {}", h.label(), spec.name(), site, o.summary());
                    retryAtNanos = System.nanoTime() + RETRY_AFTER.toNanos();
                    if (fencing && h == Hook.DEMOTE) {
                        // it may still act as before; count it as demoted only where fencing demanded it
                        role = PlacementRole.STANDBY;
                    }
                    report(false, summary.toString());
                    return;
                }
                if (role == PlacementRole.STOPPED && next != PlacementRole.STOPPED) {
                    runningSinceNanos = System.nanoTime();
                    everHealthy = false;
                }
                role = next;
                if (next == PlacementRole.ACTIVE) {
                    weight = wantWeight;
                } else {
                    weight = next == PlacementRole.PRIMARY ? 100 : 0;
                }
                epoch = s.epoch();
            }
            if (hooks.isEmpty()) {
                role = want;
                weight = wantWeight;
                epoch = s.epoch();
            }
            LOG.info("{} on {}: {} -> {} (epoch {}): {}", spec.name(), site, from, role, s.epoch(), summary);
            report(true, summary.length() == 0 ? "no hooks" : summary.toString());
        }

        /** A hook's outcome and its summary for events ({@code <hook> (no hook)} when none is configured). */
        private record Ran(HookRunner.Outcome outcome, String summary) {}

        /** {@code : <the last lines of the output>}, at most {@value #FAILED_OUTPUT_CHARS} characters; empty if none. */
        private static String outputEnd(String output) {
            String s = output.strip();
            if (s.isEmpty()) {
                return "";
            }
            if (s.length() > FAILED_OUTPUT_CHARS) {
                s = "…" + s.substring(s.length() - FAILED_OUTPUT_CHARS);
            }
            return ": " + s.replaceAll("\\s*\\R\\s*", " | ");
        }

        /**
         * Runs one hook of this component with the decision's environment and tells the hook listeners; a hook that is
         * not configured succeeds at once.
         */
        private Ran runHook(
                Hook h,
                ClusterState s,
                Mode mode,
                PlacementRole next,
                int nextWeight,
                String reason,
                Map<String, String> extra) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("TRIAD_HOOK", h.label());
            env.put("TRIAD_SITE", site);
            env.put("TRIAD_COMPONENT", spec.name());
            env.put("TRIAD_MODE", mode == Mode.ACTIVE_ACTIVE ? "active-active" : "active-standby");
            env.put("TRIAD_ROLE", label(next));
            env.put("TRIAD_PREVIOUS_ROLE", label(role));
            env.put("TRIAD_WEIGHT", Integer.toString(nextWeight));
            env.put("TRIAD_EPOCH", Long.toString(s.epoch()));
            env.put("TRIAD_LEADER", coordinator.leader().orElse(""));
            env.put("TRIAD_REASON", reason);
            env.put("TRIAD_VERSION", Long.toString(s.version()));
            env.putAll(extra);
            String command = spec.hooks().get(h);
            boolean none = command == null || command.isBlank();
            HookRunner.Outcome o = command == null || none
                    ? new HookRunner.Outcome(h.label(), 0, false, 0, "")
                    : runner.runCommand(h.label(), command, env, spec.hookTimeout(), workDir);
            String summary = none ? h.label() + " (no hook)" : o.summary();
            for (Consumer<HookEvent> l : hookListeners) {
                l.accept(new HookEvent(
                        site, spec.name(), h.label(), role, next, s.epoch(), o.ok(), summary, o.output()));
            }
            return new Ran(o, summary);
        }

        /**
         * The check before a promotion: this site's state may be stale (it was cut off, or it restarted on its own
         * log), so it first commits a report through the quorum and waits until that report is applied here: the
         * state it then reads holds every decision committed before. The promotion runs only if that state still
         * makes this site primary in the same epoch and the lease still runs.
         *
         * @return why the promotion must not run, or null when it may
         */
        private @Nullable String barrier(ClusterState decided) {
            try {
                coordinator
                        .submit(new ClusterChange.ReportRole(
                                site,
                                spec.name(),
                                role,
                                weight,
                                epoch,
                                true,
                                "promoting in epoch " + decided.epoch(),
                                clock.instant()))
                        .get(BARRIER_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return "no quorum confirmed the state (" + e + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
            ClusterState now = coordinator.state();
            if (now.epoch() != decided.epoch()) {
                return "the cluster moved on to epoch " + now.epoch();
            }
            boolean primary = now.component(spec.name())
                    .flatMap(Component::primary)
                    .map(site::equals)
                    .orElse(false);
            if (!primary) {
                return "the current placement makes another site primary";
            }
            if (!coordinator.lease().validAt(System.nanoTime() + selfFenceLeadNanos)) {
                return "no lease";
            }
            return null;
        }

        private void report(boolean ok, String detail) {
            reportPending = false;
            lastReportOk = ok;
            lastReportDetail = detail;
            coordinator
                    .submit(new ClusterChange.ReportRole(
                            site, spec.name(), role, weight, epoch, ok, detail, clock.instant()))
                    .exceptionally(e -> {
                        LOG.debug("report of {} on {} not taken: {}", spec.name(), site, e.toString());
                        reportPending = true;
                        return -1L;
                    });
        }

        /**
         * This site's part of a rollout step for this component: run the update hook while the step is {@code
         * updating}, then, once the controller undrained it ({@code checking}), wait until the component runs here and
         * {@code rise} health checks made since passed; end the step done, or failed after the health timeout.
         */
        private void rolloutStep() {
            ClusterState s = coordinator.state();
            Optional<ClusterState.Rollout> open = s.openRollout();
            if (open.isEmpty()
                    || open.get().status() != ClusterState.RolloutStatus.RUNNING
                    || open.get().step().isEmpty()) {
                return;
            }
            ClusterState.Rollout ro = open.get();
            ClusterState.RolloutStep st = ro.step().get();
            if (!st.site().equals(site) || !st.component().equals(spec.name())) {
                return;
            }
            String key = ro.id() + "#" + ro.current();
            // an attempt of the update is told apart by when the step entered 'updating' (a resumed step runs again)
            String attempt = key + "@" + ro.updated();
            if (st.phase() == ClusterState.StepPhase.UPDATING && !attempt.equals(updated)) {
                Ran ran = runHook(
                        Hook.UPDATE,
                        s,
                        s.component(spec.name()).map(Component::mode).orElse(spec.mode()),
                        role,
                        0,
                        "rollout " + ro.id() + " step " + (ro.current() + 1) + "/"
                                + ro.steps().size(),
                        Map.of("TRIAD_ROLLOUT", ro.id()));
                HookRunner.Outcome o = ran.outcome();
                // a failed update's step says why in the hook's own words: the end of its output
                String summary = o.ok() ? ran.summary() : ran.summary() + outputEnd(o.output());
                updated = attempt;
                checkKey = "";
                checked = "";
                advance(
                        ro,
                        st.phase(),
                        o.ok() ? ClusterState.StepPhase.CHECKING : ClusterState.StepPhase.FAILED,
                        summary);
            } else if (st.phase() == ClusterState.StepPhase.CHECKING && !key.equals(checked)) {
                long now = System.nanoTime();
                if (!key.equals(checkKey)) {
                    checkKey = key;
                    checkSinceNanos = now;
                    checkBaseline = monitor.checks();
                }
                if (role == PlacementRole.STOPPED) {
                    checkBaseline = monitor.checks(); // count only checks of the running component
                } else {
                    Optional<HealthCheck.Result> r = monitor.current();
                    if (r.isPresent()
                            && r.get().healthy()
                            && monitor.checks() - checkBaseline >= spec.health().rise()) {
                        checked = key;
                        advance(
                                ro,
                                st.phase(),
                                ClusterState.StepPhase.DONE,
                                label(role) + " and healthy: " + r.get().detail());
                        return;
                    }
                }
                if (now - checkSinceNanos > rolloutHealthTimeout.toNanos()) {
                    checked = key;
                    advance(
                            ro,
                            st.phase(),
                            ClusterState.StepPhase.FAILED,
                            "not running and healthy within " + rolloutHealthTimeout.toSeconds() + " s (" + label(role)
                                    + ", "
                                    + monitor.current()
                                            .map(HealthCheck.Result::detail)
                                            .orElse("no check yet") + ")");
                }
            }
        }

        private void advance(
                ClusterState.Rollout ro, ClusterState.StepPhase from, ClusterState.StepPhase to, String detail) {
            coordinator
                    .submit(new ClusterChange.AdvanceRollout(ro.id(), ro.current(), from, to, detail, clock.instant()))
                    .exceptionally(e -> {
                        LOG.debug("rollout step of {} on {} not taken: {}", spec.name(), site, e.toString());
                        return -1L;
                    });
        }

        /** Reports a change of health (checked whatever the role: a stopped component's check may fail). */
        private void reportHealth() {
            Optional<HealthCheck.Result> r = monitor.current();
            if (r.isEmpty()) {
                return;
            }
            boolean healthy = r.get().healthy();
            if (healthy) {
                everHealthy = true;
            }
            if (role == PlacementRole.STOPPED && !healthy) {
                return; // a stopped component is not expected to answer: its failure is no news
            }
            if (!healthy
                    && !everHealthy
                    && System.nanoTime() - runningSinceNanos
                            < spec.hookTimeout().toNanos()) {
                return; // still starting: a failure counts once it was healthy, or after the start hook's timeout
            }
            long now = System.nanoTime();
            if (reportedHealthy != null
                    && reportedHealthy == healthy
                    && now - reportedHealthAtNanos < HEALTH_REFRESH.toNanos()) {
                return;
            }
            reportedHealthy = healthy;
            reportedHealthAtNanos = now;
            reportedDetail = r.get().detail();
            coordinator
                    .submit(new ClusterChange.ReportHealth(site, spec.name(), healthy, reportedDetail, clock.instant()))
                    .exceptionally(e -> {
                        reportedHealthy = null; // try again at the next round
                        return -1L;
                    });
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
    private static PlacementRole after(Hook h, PlacementRole current, PlacementRole to) {
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
