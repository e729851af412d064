package io.triad.failover;

import io.triad.failover.ClusterState.SiteRole;
import io.triad.failover.ClusterState.SiteState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller loop. It runs on every site and acts only on the one that is the exclusive leader ({@link
 * Lease#leaderAt}): each round it reads which sites it can reach (the coordinator's {@link Coordinator#peerContacts()
 * contacts}), asks a {@link Planner} for the changes that bring the placement to where it should be, and submits them
 * one by one; a change refused by the state (a newer epoch, say) ends the round. Rounds run every {@link
 * FailoverPolicy#round()} and at once after a change of the state.
 *
 * <p>Its decisions go through the replicated log, and a promotion carries the epoch it was decided in, so a controller
 * that lost its leadership in the middle of a round can commit nothing that contradicts the next leader.
 *
 * <p>NOTE: thread safe; one daemon thread ({@code triad-failover-controller}) runs the rounds. Lifecycle: {@link
 * #start()} once, {@link #close()} idempotent.
 */
public final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    /** A site as this site's configuration lists it. */
    public record SiteSpec(String id, SiteRole role) {}

    private final Coordinator coordinator;
    private final FailoverPolicy policy;
    private final List<ComponentSpec> components;
    private final List<SiteSpec> sites;
    private final Clock clock;
    private final Duration submitTimeout;
    private final Object wake = new Object();
    private final Thread thread;
    private final Coordinator.Subscription subscription;
    private volatile boolean closed;
    private @Nullable Planner planner;
    private long plannerTerm = -1;
    private long rounds;
    private long decisions;
    private boolean woken;

    /**
     * @param sites every site of the cluster (this one included), as configured; the first data site is preferred for
     *     the first active-standby component, the next for the next, and so on
     * @param submitTimeout how long one submit may take before the round ends (it may still be applied later)
     */
    public Controller(
            Coordinator coordinator,
            FailoverPolicy policy,
            List<ComponentSpec> components,
            List<SiteSpec> sites,
            Clock clock,
            Duration submitTimeout) {
        this.coordinator = coordinator;
        this.policy = policy;
        this.components = List.copyOf(components);
        this.sites = List.copyOf(sites);
        this.clock = clock;
        this.submitTimeout = submitTimeout;
        this.thread = new Thread(this::run, "triad-failover-controller-" + coordinator.siteId());
        this.thread.setDaemon(true);
        this.subscription = coordinator.watch(new Coordinator.Listener() {
            @Override
            public void stateChanged(ClusterState state) {
                wakeUp();
            }

            @Override
            public void leaderChanged(java.util.Optional<String> leader, long term) {
                wakeUp();
            }
        });
    }

    /** Starts the loop. */
    public Controller start() {
        thread.start();
        return this;
    }

    /** Rounds run as the exclusive leader so far (for tests and metrics). */
    public synchronized long rounds() {
        return rounds;
    }

    /** Changes this controller committed so far. */
    public synchronized long decisions() {
        return decisions;
    }

    private void wakeUp() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void run() {
        while (!closed) {
            try {
                round();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("controller round failed; the next one retries", e);
            }
            synchronized (wake) {
                if (!woken && !closed) {
                    try {
                        wake.wait(Math.max(1, policy.round().toMillis()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    private void round() throws InterruptedException {
        long now = System.nanoTime();
        Lease lease = coordinator.lease();
        if (!lease.leaderAt(now)) {
            if (planner != null) {
                LOG.info("{} is no longer the controlling leader (term {})", coordinator.siteId(), plannerTerm);
                planner = null;
                plannerTerm = -1;
            }
            return;
        }
        if (planner == null || plannerTerm != lease.term()) {
            planner = new Planner(
                    policy,
                    components,
                    sites.stream()
                            .filter(s -> s.role() == SiteRole.DATA)
                            .map(SiteSpec::id)
                            .toList());
            plannerTerm = lease.term();
            LOG.info("{} controls the cluster in term {}", coordinator.siteId(), plannerTerm);
            if (!submit(new ClusterChange.Note(
                    "leader",
                    coordinator.siteId(),
                    coordinator.siteId() + " controls in term " + plannerTerm,
                    clock.instant()))) {
                return;
            }
        }
        synchronized (this) {
            rounds++;
        }
        ClusterState state = coordinator.state();
        List<ClusterChange> changes = new ArrayList<>();
        for (SiteSpec s : sites) {
            if (state.site(s.id()).isEmpty()) {
                changes.add(new ClusterChange.PutSite(s.id(), s.role(), SiteState.UP, clock.instant()));
            }
        }
        if (changes.isEmpty()) {
            changes = planner.plan(state, views(now), now, clock.instant());
        }
        // the round's changes in one log entry: one consensus round trip, all or none (a refused one: replan)
        for (int i = 0; i < changes.size(); i += ClusterChange.Batch.MAX_CHANGES) {
            if (!submit(ClusterChange.Batch.of(
                    changes.subList(i, Math.min(changes.size(), i + ClusterChange.Batch.MAX_CHANGES))))) {
                return;
            }
        }
    }

    /** What this leader knows of each site's reachability now. */
    Map<String, Planner.SiteView> views(long now) {
        Map<String, Long> contacts = coordinator.peerContacts();
        Map<String, Planner.SiteView> views = new LinkedHashMap<>();
        long lease = policy.leaseTimeout().toNanos();
        long fence = policy.fenceAfter().toNanos();
        for (SiteSpec s : sites) {
            if (s.id().equals(coordinator.siteId())) {
                views.put(s.id(), new Planner.SiteView(s.id(), true, false));
                continue;
            }
            Long contact = contacts.get(s.id());
            if (contact == null) {
                views.put(s.id(), new Planner.SiteView(s.id(), false, true));
            } else {
                long age = now - contact;
                views.put(s.id(), new Planner.SiteView(s.id(), age < lease, age > fence));
            }
        }
        return views;
    }

    private boolean submit(ClusterChange c) throws InterruptedException {
        try {
            coordinator.submit(c).get(submitTimeout.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (this) {
                decisions += c instanceof ClusterChange.Batch b ? b.changes().size() : 1;
            }
            for (ClusterChange one : c instanceof ClusterChange.Batch b ? b.changes() : List.of(c)) {
                if (!(one instanceof ClusterChange.Note)) {
                    LOG.info("controller: {}", one);
                }
            }
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RejectedChangeException r) {
                LOG.info("controller: change refused, replanning: {}", r.getMessage());
            } else {
                LOG.warn("controller: submit failed: {}", String.valueOf(e.getCause()));
            }
            return false;
        } catch (TimeoutException e) {
            LOG.warn("controller: submit took more than {}; replanning", submitTimeout);
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        subscription.close();
        wakeUp();
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
