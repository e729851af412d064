package io.triad.failover;

import io.triad.failover.ClusterState.AppliedRole;
import io.triad.failover.ClusterState.Component;
import io.triad.failover.ClusterState.HealthReport;
import io.triad.failover.ClusterState.Mode;
import io.triad.failover.ClusterState.PlacementRole;
import io.triad.failover.ClusterState.Site;
import io.triad.failover.ClusterState.SiteRole;
import io.triad.failover.ClusterState.SiteState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What the planner has seen of each site and component over time, from the states and the sites' reachability of
 * each round: since when a site has been reachable, a component running and healthy there, when it failed, and which
 * reports date from before its site went out of reach (stale until its agent reports again). From these it answers
 * whether a site may run a component ({@link #available}), may take it now ({@link #usable}) and has been usable long
 * enough for work to move back ({@link #settled}).
 *
 * <p>NOTE: not thread-safe; the controller's thread owns it with its planner.
 */
final class SiteObservations {
    private final FailoverPolicy policy;
    // site -> nanoTime since which it has been reachable without a break (absent while unreachable)
    private final Map<String, Long> reachableSince = new HashMap<>();
    // site/component -> nanoTime since which its report has been healthy (as this planner saw it)
    private final Map<String, Long> healthySince = new HashMap<>();
    // site/component -> nanoTime since which its agent has reported it running (not stopped)
    private final Map<String, Long> runningSince = new HashMap<>();
    // site/component -> the role and health reports current when its site went out of reach: stale until the
    // site's agent reports again (a crashed site's last reports say nothing of what its restarted agent runs)
    private final Map<String, AppliedRole> staleRoles = new HashMap<>();
    private final Map<String, HealthReport> staleHealth = new HashMap<>();
    // site/component -> nanoTime when this planner saw its report turn unhealthy
    private final Map<String, Long> failedAt = new HashMap<>();

    SiteObservations(FailoverPolicy policy) {
        this.policy = policy;
    }

    void observe(ClusterState s, Map<String, Planner.SiteView> views, long now) {
        for (Planner.SiteView v : views.values()) {
            if (v.reachable()) {
                reachableSince.putIfAbsent(v.id(), now);
            } else {
                reachableSince.remove(v.id());
            }
        }
        for (AppliedRole a : s.roles().values()) {
            if (!reachable(views, a.site())) {
                runningSince.remove(a.key());
                staleRoles.put(a.key(), a);
                continue;
            }
            if (a.equals(staleRoles.get(a.key()))) {
                continue;
            }
            staleRoles.remove(a.key());
            if (a.role() == PlacementRole.STOPPED) {
                runningSince.remove(a.key());
            } else {
                runningSince.putIfAbsent(a.key(), now);
            }
        }
        for (HealthReport r : s.health().values()) {
            if (r.component().isEmpty()) {
                continue;
            }
            if (!reachable(views, r.site())) {
                healthySince.remove(r.key());
                staleHealth.put(r.key(), r);
                continue;
            }
            if (r.equals(staleHealth.get(r.key()))) {
                continue;
            }
            staleHealth.remove(r.key());
            if (r.healthy()) {
                healthySince.putIfAbsent(r.key(), now);
                failedAt.remove(r.key());
            } else {
                healthySince.remove(r.key());
                failedAt.putIfAbsent(r.key(), now);
            }
        }
    }

    boolean reachable(Map<String, Planner.SiteView> views, String site) {
        Planner.SiteView v = views.get(site);
        return v != null && v.reachable();
    }

    boolean fenced(Map<String, Planner.SiteView> views, String site) {
        Planner.SiteView v = views.get(site);
        return v == null || v.fenced();
    }

    /** Up, reachable and not drained: the site may run the component at all. */
    boolean available(ClusterState s, String component, Map<String, Planner.SiteView> views, String site) {
        Site st = s.sites().get(site);
        return st != null
                && st.role() == SiteRole.DATA
                && st.state() == SiteState.UP
                && reachable(views, site)
                && !s.control(component).drains(site);
    }

    /** Available and the component not failed there. */
    boolean usable(ClusterState s, String component, Map<String, Planner.SiteView> views, String site, long now) {
        if (!available(s, component, views, site)) {
            return false;
        }
        String key = site + "/" + component;
        HealthReport r = s.health().get(key);
        if (r == null || r.healthy()) {
            return true;
        }
        // failed: tried again only once it is stopped there and the failure timeout has passed
        AppliedRole applied = s.roles().get(key);
        boolean stopped = applied == null || applied.role() == PlacementRole.STOPPED;
        Long failed = failedAt.get(key);
        return stopped
                && failed != null
                && now - failed >= policy.failureTimeout().toNanos();
    }

    /** Usable, and for long enough (the stabilization period, with the flapping backoff) that work may move back. */
    boolean settled(
            ClusterState s,
            String component,
            Map<String, Planner.SiteView> views,
            String site,
            long now,
            Instant wallNow) {
        if (!usable(s, component, views, site, now)) {
            return false;
        }
        Long reach = reachableSince.get(site);
        String key = site + "/" + component;
        if (reach == null || staleRoles.containsKey(key) || staleHealth.containsKey(key)) {
            return false; // a returning site's agent has not reported since
        }
        long since = reach;
        Long healthy = healthySince.get(site + "/" + component);
        HealthReport r = s.health().get(site + "/" + component);
        if (r != null && r.healthy() && healthy != null) {
            since = Math.max(since, healthy);
        }
        Component c = s.components().get(component);
        if (c != null && c.mode() == Mode.ACTIVE_STANDBY) {
            // a primary moves back only to an instance that has run (as standby) for the whole period: one that was
            // stopped there (drained, updated, failed) reported no health meanwhile
            Long running = runningSince.get(site + "/" + component);
            if (running == null) {
                return false;
            }
            since = Math.max(since, running);
        }
        int failovers = s.failoversWithinHour(component, wallNow);
        if (failovers >= policy.maxFailoversPerHour()) {
            return false;
        }
        long stabilization = policy.stabilization().toNanos() << Math.min(Math.max(0, failovers - 1), 6);
        return now - since >= stabilization;
    }
}
