package io.triad.failover;

import io.triad.failover.ClusterState.Component;
import io.triad.failover.ClusterState.Mode;
import io.triad.failover.ClusterState.Placement;
import io.triad.failover.ClusterState.PlacementRole;
import io.triad.failover.ComponentSpec.Hook;
import io.triad.failover.SiteAgent.HookEvent;
import io.triad.failover.agent.HealthCheck;
import io.triad.failover.agent.HealthMonitor;
import io.triad.failover.agent.HookRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * One component's reconciliation on one site, on a thread of its own: brings the component to the role the placement
 * gives this site by running its hooks, demotes it ahead of the lease's end (self-fencing), reports role and health,
 * and runs this site's part of a rollout step. The agent ({@link SiteAgent}) holds the shared coordinator, hook runner
 * and listeners.
 *
 * <p>NOTE: the worker's fields are owned by its thread; {@link #role()} may be read from any thread.
 */
final class ComponentWorker {
    private static final Logger LOG = SiteAgent.LOG;

    private final SiteAgent agent;
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

    ComponentWorker(SiteAgent agent, ComponentSpec spec) {
        this.agent = agent;
        this.spec = spec;
        this.thread = new Thread(this::run, "triad-agent-" + agent.site + "-" + spec.name());
        this.thread.setDaemon(true);
        this.monitor = new HealthMonitor(
                spec.name() + "@" + agent.site,
                HealthCheck.of(spec.health(), agent.runner),
                spec.health(),
                (h, d) -> wake());
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
        while (!agent.closed) {
            try {
                if (!agent.caughtUp()) {
                    if (!pause()) {
                        return;
                    }
                    continue;
                }
                // a dip below the self-fencing lead counts as a loss: the leader may have counted this site out of
                // reach (its reports stale) though the cut healed before the lease itself ran out
                boolean leased = agent.coordinator.lease().validAt(System.nanoTime() + agent.selfFenceLeadNanos);
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
                LOG.warn("agent of {} on {} failed a round; the next retries", spec.name(), agent.site, e);
            }
            if (!pause()) {
                return;
            }
        }
    }

    /** Waits until woken, one tick, or the self-fencing instant; false when interrupted. */
    private boolean pause() {
        synchronized (lock) {
            if (!woken && !agent.closed) {
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
                1, Math.min(SiteAgent.TICK.toMillis(), java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(untilFence)));
    }

    private void reconcile() {
        try {
            reconcileOnce();
        } finally {
            fenceAtNanos = role == PlacementRole.PRIMARY
                    ? agent.coordinator.lease().expiresAtNanos() - agent.selfFenceLeadNanos
                    : Long.MAX_VALUE;
        }
    }

    private void reconcileOnce() {
        ClusterState s = agent.coordinator.state();
        Optional<Component> c = s.component(spec.name());
        PlacementRole want = PlacementRole.STOPPED;
        int wantWeight = 0;
        if (c.isPresent()) {
            for (Placement p : c.get().placement()) {
                if (p.site().equals(agent.site)) {
                    want = p.role();
                    wantWeight = p.weight();
                }
            }
        }
        long now = System.nanoTime();
        Lease lease = agent.coordinator.lease();
        String reason = "placement of version " + s.version();
        // self-fencing: no primary here once the lease would run out within the lead
        if (want == PlacementRole.PRIMARY && !lease.validAt(now + agent.selfFenceLeadNanos)) {
            want = PlacementRole.STANDBY;
            reason = "no lease: this agent.site lost touch with the quorum";
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
        runTransition(s, c.map(Component::mode).orElse(spec.mode()), want, wantWeight, reason, fencing);
    }

    /**
     * Runs the hooks that bring the component from its role to {@code want}, one after another, and reports the new
     * role; a promotion first passes the {@link #barrier}, a failed hook stops the transition (and is retried).
     */
    private void runTransition(
            ClusterState s, Mode mode, PlacementRole want, int wantWeight, String reason, boolean fencing) {
        List<Hook> hooks = SiteAgent.transition(role, want, weight != wantWeight);
        StringBuilder summary = new StringBuilder();
        PlacementRole from = role;
        for (Hook h : hooks) {
            PlacementRole next = SiteAgent.after(h, role, want);
            if (h == Hook.PROMOTE) {
                String refused = barrier(s);
                if (refused != null) {
                    LOG.info(
                            "{} on {}: promotion in epoch {} not run: {}", spec.name(), agent.site, s.epoch(), refused);
                    retryAtNanos = System.nanoTime() + SiteAgent.TICK.toNanos();
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
                LOG.warn("{} hook of {} on {} failed: {}", h.label(), spec.name(), agent.site, o.summary());
                retryAtNanos = System.nanoTime() + SiteAgent.RETRY_AFTER.toNanos();
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
        LOG.info("{} on {}: {} -> {} (epoch {}): {}", spec.name(), agent.site, from, role, s.epoch(), summary);
        report(true, summary.length() == 0 ? "no hooks" : summary.toString());
    }

    /** A hook's outcome and its summary for events ({@code <hook> (no hook)} when none is configured). */
    private record Ran(HookRunner.Outcome outcome, String summary) {}

    /** {@code : <the last lines of the output>}, at most {@value SiteAgent#FAILED_OUTPUT_CHARS} characters; empty if none. */
    private static String outputEnd(String output) {
        String s = output.strip();
        if (s.isEmpty()) {
            return "";
        }
        if (s.length() > SiteAgent.FAILED_OUTPUT_CHARS) {
            s = "…" + s.substring(s.length() - SiteAgent.FAILED_OUTPUT_CHARS);
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
        env.put("TRIAD_SITE", agent.site);
        env.put("TRIAD_COMPONENT", spec.name());
        env.put("TRIAD_MODE", mode == Mode.ACTIVE_ACTIVE ? "active-active" : "active-standby");
        env.put("TRIAD_ROLE", SiteAgent.label(next));
        env.put("TRIAD_PREVIOUS_ROLE", SiteAgent.label(role));
        env.put("TRIAD_WEIGHT", Integer.toString(nextWeight));
        env.put("TRIAD_EPOCH", Long.toString(s.epoch()));
        env.put("TRIAD_LEADER", agent.coordinator.leader().orElse(""));
        env.put("TRIAD_REASON", reason);
        env.put("TRIAD_VERSION", Long.toString(s.version()));
        env.putAll(extra);
        String command = spec.hooks().get(h);
        boolean none = command == null || command.isBlank();
        HookRunner.Outcome o = command == null || none
                ? new HookRunner.Outcome(h.label(), 0, false, 0, "")
                : agent.runner.runCommand(h.label(), command, env, spec.hookTimeout(), agent.workDir);
        String summary = none ? h.label() + " (no hook)" : o.summary();
        for (Consumer<HookEvent> l : agent.hookListeners) {
            l.accept(new HookEvent(
                    agent.site, spec.name(), h.label(), role, next, s.epoch(), o.ok(), summary, o.output()));
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
            agent.coordinator
                    .submit(new ClusterChange.ReportRole(
                            agent.site,
                            spec.name(),
                            role,
                            weight,
                            epoch,
                            true,
                            "promoting in epoch " + decided.epoch(),
                            agent.clock.instant()))
                    .get(SiteAgent.BARRIER_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "no quorum confirmed the state (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        ClusterState now = agent.coordinator.state();
        if (now.epoch() != decided.epoch()) {
            return "the cluster moved on to epoch " + now.epoch();
        }
        boolean primary = now.component(spec.name())
                .flatMap(Component::primary)
                .map(agent.site::equals)
                .orElse(false);
        if (!primary) {
            return "the current placement makes another agent.site primary";
        }
        if (!agent.coordinator.lease().validAt(System.nanoTime() + agent.selfFenceLeadNanos)) {
            return "no lease";
        }
        return null;
    }

    private void report(boolean ok, String detail) {
        reportPending = false;
        lastReportOk = ok;
        lastReportDetail = detail;
        agent.coordinator
                .submit(new ClusterChange.ReportRole(
                        agent.site, spec.name(), role, weight, epoch, ok, detail, agent.clock.instant()))
                .exceptionally(e -> {
                    LOG.debug("report of {} on {} not taken: {}", spec.name(), agent.site, e.toString());
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
        ClusterState s = agent.coordinator.state();
        Optional<ClusterState.Rollout> open = s.openRollout();
        if (open.isEmpty()
                || open.get().status() != ClusterState.RolloutStatus.RUNNING
                || open.get().step().isEmpty()) {
            return;
        }
        ClusterState.Rollout ro = open.get();
        ClusterState.RolloutStep st = ro.step().get();
        if (!st.site().equals(agent.site) || !st.component().equals(spec.name())) {
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
            advance(ro, st.phase(), o.ok() ? ClusterState.StepPhase.CHECKING : ClusterState.StepPhase.FAILED, summary);
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
                            SiteAgent.label(role) + " and healthy: " + r.get().detail());
                    return;
                }
            }
            if (now - checkSinceNanos > agent.rolloutHealthTimeout.toNanos()) {
                checked = key;
                advance(
                        ro,
                        st.phase(),
                        ClusterState.StepPhase.FAILED,
                        "not running and healthy within " + agent.rolloutHealthTimeout.toSeconds() + " s ("
                                + SiteAgent.label(role)
                                + ", "
                                + monitor.current()
                                        .map(HealthCheck.Result::detail)
                                        .orElse("no check yet") + ")");
            }
        }
    }

    private void advance(
            ClusterState.Rollout ro, ClusterState.StepPhase from, ClusterState.StepPhase to, String detail) {
        agent.coordinator
                .submit(new ClusterChange.AdvanceRollout(
                        ro.id(), ro.current(), from, to, detail, agent.clock.instant()))
                .exceptionally(e -> {
                    LOG.debug("rollout step of {} on {} not taken: {}", spec.name(), agent.site, e.toString());
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
                && System.nanoTime() - runningSinceNanos < spec.hookTimeout().toNanos()) {
            return; // still starting: a failure counts once it was healthy, or after the start hook's timeout
        }
        long now = System.nanoTime();
        if (reportedHealthy != null
                && reportedHealthy == healthy
                && now - reportedHealthAtNanos < SiteAgent.HEALTH_REFRESH.toNanos()) {
            return;
        }
        reportedHealthy = healthy;
        reportedHealthAtNanos = now;
        reportedDetail = r.get().detail();
        agent.coordinator
                .submit(new ClusterChange.ReportHealth(
                        agent.site, spec.name(), healthy, reportedDetail, agent.clock.instant()))
                .exceptionally(e -> {
                    reportedHealthy = null; // try again at the next round
                    return -1L;
                });
    }
}
