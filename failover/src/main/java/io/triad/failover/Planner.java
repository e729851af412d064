package io.triad.failover;

import io.triad.failover.ClusterState.AppliedRole;
import io.triad.failover.ClusterState.Component;
import io.triad.failover.ClusterState.Control;
import io.triad.failover.ClusterState.HealthReport;
import io.triad.failover.ClusterState.Mode;
import io.triad.failover.ClusterState.Placement;
import io.triad.failover.ClusterState.PlacementRole;
import io.triad.failover.ClusterState.Site;
import io.triad.failover.ClusterState.SiteRole;
import io.triad.failover.ClusterState.SiteState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The controller's decisions: from the cluster state, which sites the leader can reach and what it has observed so
 * far, the changes that bring the placement to where it should be. One planner lives for one leadership term; what it
 * remembers (since when a site has been reachable, a component healthy, a demotion asked for) starts afresh with the
 * next term, which can only delay a failback, never hasten one.
 *
 * <p>The rules, per component:
 *
 * <ul>
 *   <li>A data site is <em>usable</em> for a component when it is {@code up}, reachable, not drained for it and the
 *       component is not failed there (its latest health report is not unhealthy; a component stopped after a failure
 *       is tried again after the failure timeout).
 *   <li>Active-active: every usable site is {@code active} with an even share of the weight; the rest {@code stopped}.
 *       A site that was stopped joins again only after it has been usable for the stabilization period (failback).
 *       If no site is usable, the reachable ones keep serving (better a sick instance than none).
 *   <li>Active-standby: the primary stays where it is while it is usable, unless its preferred (or pinned) site has
 *       been usable for the stabilization period (failback, a planned switchover). A switchover of a reachable primary
 *       takes two steps: demote it (no primary), then, once its agent reported the demotion or the demote timeout
 *       passed, promote the new one in a new epoch. A primary whose site went silent is replaced only once that site
 *       is fenced (its lease has run out): in one step, in a new epoch.
 *   <li>Anti-flapping: the stabilization period doubles with every failover of the component within the last hour;
 *       past {@link FailoverPolicy#maxFailoversPerHour} failovers its automatic failback stops until the hour has
 *       passed (failover away from a failed site always happens).
 * </ul>
 *
 * <p>Sites: a data site or the witness that is fenced is marked {@code down}; one that is reachable again, {@code up}.
 * {@code maintenance} is an operator's and stays until an operator ends it.
 *
 * <p>NOTE: not thread safe; the controller's single thread owns it.
 */
final class Planner {
    /** What the leader knows of a site's reachability at the moment of a round. */
    record SiteView(String id, boolean reachable, boolean fenced) {}

    private final FailoverPolicy policy;
    private final List<ComponentSpec> specs;
    private final List<String> dataSiteOrder;
    private final SiteObservations seen;
    // component -> nanoTime when this planner asked its primary to step down (a switchover's first step)
    private final Map<String, Long> demoteAskedAt = new HashMap<>();
    // component -> "failover:<reason>" or "failback:<reason>" of a switchover between its two steps
    private final Map<String, String> pendingReason = new HashMap<>();

    Planner(FailoverPolicy policy, List<ComponentSpec> specs, List<String> dataSiteOrder) {
        this.policy = policy;
        this.specs = List.copyOf(specs);
        this.dataSiteOrder = List.copyOf(dataSiteOrder);
        this.seen = new SiteObservations(policy);
    }

    /** The changes of this round, in the order they should be submitted; empty when all is as it should be. */
    List<ClusterChange> plan(ClusterState s, Map<String, SiteView> views, long now, Instant wallNow) {
        seen.observe(s, views, now);
        // each decision is taken on the state the earlier ones of the round lead to, so a promotion's epoch is the
        // one the next component's placement expects
        Round r = new Round(s);
        for (Site site : s.sites().values()) {
            SiteView v = views.get(site.id());
            if (v == null) {
                continue;
            }
            if (site.state() == SiteState.UP && v.fenced()) {
                r.add(List.of(new ClusterChange.SetSiteState(site.id(), SiteState.DOWN, wallNow)));
            } else if (site.state() == SiteState.DOWN && v.reachable()) {
                r.add(List.of(new ClusterChange.SetSiteState(site.id(), SiteState.UP, wallNow)));
            }
        }
        r.state.openRollout().ifPresent(ro -> r.add(rollout(r.state, ro, views, now, wallNow)));
        int activeStandbyIndex = 0;
        for (ComponentSpec spec : specs) {
            ClusterState w = r.state;
            String preferred = preferredSite(w, spec, activeStandbyIndex);
            if (spec.mode() == Mode.ACTIVE_STANDBY) {
                activeStandbyIndex++;
            }
            Optional<Component> current = w.component(spec.name());
            if (current.isEmpty() || current.get().mode() != spec.mode()) {
                r.add(single(define(w, spec, preferred, views, now, wallNow)));
            } else if (spec.mode() == Mode.ACTIVE_ACTIVE) {
                r.add(activeActive(w, current.get(), views, now, wallNow));
            } else {
                r.add(activeStandby(w, current.get(), preferred, views, now, wallNow));
            }
        }
        return r.changes;
    }

    /** The changes of a round and the state they lead to. */
    private static final class Round {
        ClusterState state;
        final List<ClusterChange> changes = new ArrayList<>();

        Round(ClusterState s) {
            state = s;
        }

        void add(List<ClusterChange> cs) {
            for (ClusterChange c : cs) {
                try {
                    state = c.applyTo(state);
                } catch (RejectedChangeException e) {
                    return; // the state refuses it: drop it and what follows of this decision
                }
                changes.add(c);
            }
        }
    }

    private String preferredSite(ClusterState s, ComponentSpec spec, int index) {
        String pinned = s.control(spec.name()).pinned();
        if (!pinned.isEmpty()) {
            return pinned;
        }
        if (!spec.preferredSite().isEmpty()) {
            return spec.preferredSite();
        }
        List<String> data = dataSites(s);
        return data.isEmpty() ? "" : data.get(index % data.size());
    }

    private List<String> dataSites(ClusterState s) {
        List<String> out = new ArrayList<>();
        for (String id : dataSiteOrder) {
            Site site = s.sites().get(id);
            if (site != null && site.role() == SiteRole.DATA) {
                out.add(id);
            }
        }
        for (Site site : s.sites().values()) {
            if (site.role() == SiteRole.DATA && !out.contains(site.id())) {
                out.add(site.id());
            }
        }
        return out;
    }

    private @Nullable ClusterChange define(
            ClusterState s,
            ComponentSpec spec,
            String preferred,
            Map<String, SiteView> views,
            long now,
            Instant wallNow) {
        List<String> data = dataSites(s);
        if (data.isEmpty()) {
            return null;
        }
        List<Placement> ps = new ArrayList<>();
        if (spec.mode() == Mode.ACTIVE_ACTIVE) {
            List<String> usable = data.stream()
                    .filter(d -> seen.usable(s, spec.name(), views, d, now))
                    .toList();
            for (String d : data) {
                ps.add(
                        usable.contains(d)
                                ? new Placement(d, PlacementRole.ACTIVE, share(usable.size()))
                                : new Placement(d, PlacementRole.STOPPED, 0));
            }
        } else {
            // defined without a primary: the agents start it as standby, report its health, and the next round
            // promotes one (in a new epoch)
            for (String d : data) {
                ps.add(new Placement(
                        d,
                        seen.available(s, spec.name(), views, d) ? PlacementRole.STANDBY : PlacementRole.STOPPED,
                        0));
            }
        }
        return new ClusterChange.Place(spec.name(), spec.mode(), ps, s.epoch(), wallNow);
    }

    private static int share(int sites) {
        return sites == 0 ? 0 : 100 / sites;
    }

    private List<ClusterChange> activeActive(
            ClusterState s, Component c, Map<String, SiteView> views, long now, Instant wallNow) {
        List<String> data = dataSites(s);
        List<String> serving = new ArrayList<>();
        for (String d : data) {
            boolean was = c.placement().stream()
                    .anyMatch(p -> p.site().equals(d) && p.role() == PlacementRole.ACTIVE && p.weight() > 0);
            if (was ? seen.usable(s, c.name(), views, d, now) : seen.settled(s, c.name(), views, d, now, wallNow)) {
                serving.add(d);
            }
        }
        if (serving.isEmpty()) {
            // nothing serves: any usable site starts at once (the stabilization guards a move back, not a restart)
            for (String d : data) {
                if (seen.usable(s, c.name(), views, d, now)) {
                    serving.add(d);
                }
            }
        }
        if (serving.isEmpty()) {
            // nothing well: keep what still runs where the sites are reachable
            for (String d : data) {
                if (seen.available(s, c.name(), views, d)
                        && c.placement().stream()
                                .anyMatch(p -> p.site().equals(d) && p.role() == PlacementRole.ACTIVE)) {
                    serving.add(d);
                }
            }
            if (serving.isEmpty() && data.stream().anyMatch(d -> seen.available(s, c.name(), views, d))) {
                return List.of();
            }
            // else no site may run it at all (drained or in maintenance everywhere, by an operator): stop it
        }
        List<Placement> ps = new ArrayList<>();
        for (String d : data) {
            ps.add(
                    serving.contains(d)
                            ? new Placement(d, PlacementRole.ACTIVE, share(serving.size()))
                            : new Placement(d, PlacementRole.STOPPED, 0));
        }
        if (samePlacement(c.placement(), ps)) {
            return List.of();
        }
        List<ClusterChange> out = new ArrayList<>();
        out.add(new ClusterChange.Place(c.name(), c.mode(), ps, s.epoch(), wallNow));
        for (Placement p : c.placement()) {
            boolean was = p.role() == PlacementRole.ACTIVE && p.weight() > 0;
            if (was && !serving.contains(p.site())) {
                String reason = why(s, c.name(), views, p.site(), now);
                out.add(new ClusterChange.Note(
                        planned(reason) ? "switchover" : "failover",
                        p.site(),
                        c.name() + " moved off " + p.site() + " (" + reason + "); now " + ClusterChange.describe(ps),
                        wallNow));
            } else if (!was && serving.contains(p.site())) {
                out.add(new ClusterChange.Note(
                        "failback",
                        p.site(),
                        c.name() + " back on " + p.site() + "; now " + ClusterChange.describe(ps),
                        wallNow));
            }
        }
        return out;
    }

    /**
     * The controller's part of the running step of a rollout: before it, check that another site can take the
     * component and drain it off the step's site; once its agent stopped it there, let the agent update it; once
     * updated, undrain it (the agent then checks its health and ends the step).
     */
    private List<ClusterChange> rollout(
            ClusterState s, ClusterState.Rollout ro, Map<String, SiteView> views, long now, Instant wallNow) {
        if (ro.status() != ClusterState.RolloutStatus.RUNNING || ro.step().isEmpty()) {
            return List.of();
        }
        ClusterState.RolloutStep st = ro.step().get();
        int i = ro.current();
        Control control = s.control(st.component());
        switch (st.phase()) {
            case PENDING -> {
                boolean other = dataSites(s).stream()
                        .anyMatch(d -> !d.equals(st.site()) && seen.usable(s, st.component(), views, d, now));
                if (!other) {
                    return List.of(new ClusterChange.AdvanceRollout(
                            ro.id(),
                            i,
                            ClusterState.StepPhase.PENDING,
                            ClusterState.StepPhase.FAILED,
                            "no other site can take " + st.component() + " while " + st.site() + " updates",
                            wallNow));
                }
                List<String> drained = new ArrayList<>(control.drained());
                if (!drained.contains(st.site())) {
                    drained.add(st.site());
                }
                String pinned = control.pinned().equals(st.site()) ? "" : control.pinned();
                return List.of(
                        new ClusterChange.SetControl(st.component(), pinned, drained, "rollout " + ro.id(), wallNow),
                        new ClusterChange.AdvanceRollout(
                                ro.id(),
                                i,
                                ClusterState.StepPhase.PENDING,
                                ClusterState.StepPhase.DRAINING,
                                "drained off " + st.site(),
                                wallNow));
            }
            case DRAINING -> {
                Optional<Component> c = s.component(st.component());
                boolean placedOff = c.isPresent()
                        && c.get().placement().stream()
                                .filter(p -> p.site().equals(st.site()))
                                .allMatch(p -> p.role() == PlacementRole.STOPPED);
                AppliedRole a = s.roles().get(st.site() + "/" + st.component());
                boolean stopped = a == null || a.role() == PlacementRole.STOPPED;
                if (placedOff && stopped) {
                    return List.of(new ClusterChange.AdvanceRollout(
                            ro.id(),
                            i,
                            ClusterState.StepPhase.DRAINING,
                            ClusterState.StepPhase.UPDATING,
                            "stopped on " + st.site() + "; updating",
                            wallNow));
                }
                return List.of();
            }
            case CHECKING -> {
                if (control.drains(st.site())) {
                    List<String> drained = new ArrayList<>(control.drained());
                    drained.remove(st.site());
                    return List.of(new ClusterChange.SetControl(
                            st.component(), control.pinned(), drained, "rollout " + ro.id(), wallNow));
                }
                return List.of();
            }
            default -> {
                return List.of();
            }
        }
    }

    /**
     * Whether a move for this reason ({@link #why}) is an operator's or a rollout's choice (a switchover) rather than
     * a failure (a failover): only failovers count toward {@code maxFailoversPerHour}.
     */
    private static boolean planned(String reason) {
        return reason.equals("drained") || reason.equals("site maintenance");
    }

    /** Why the component may not run on the site, for the history. */
    private String why(ClusterState s, String component, Map<String, SiteView> views, String site, long now) {
        Site st = s.sites().get(site);
        if (st == null) {
            return "site unknown";
        }
        if (st.state() != SiteState.UP) {
            return "site " + st.state().name().toLowerCase(java.util.Locale.ROOT);
        }
        if (!seen.reachable(views, site)) {
            return "site unreachable";
        }
        if (s.control(component).drains(site)) {
            return "drained";
        }
        HealthReport r = s.health().get(site + "/" + component);
        if (r != null && !r.healthy()) {
            return "unhealthy: " + r.detail();
        }
        return seen.usable(s, component, views, site, now) ? "rebalanced" : "not usable";
    }

    private List<ClusterChange> activeStandby(
            ClusterState s, Component c, String preferred, Map<String, SiteView> views, long now, Instant wallNow) {
        Optional<String> primary = c.primary();
        String target = target(s, c, primary, preferred, views, now, wallNow);
        if (target == null) {
            demoteAskedAt.remove(c.name());
            // nowhere to go: keep the primary (if any) and tidy the others; but a primary an operator took out of
            // service (drained, maintenance) steps down even so
            String keep = primary.filter(p -> !seen.reachable(views, p) || seen.available(s, c.name(), views, p))
                    .orElse(null);
            return single(tidy(s, c, keep, views, wallNow));
        }
        if (primary.isPresent() && primary.get().equals(target)) {
            demoteAskedAt.remove(c.name());
            return single(tidy(s, c, target, views, wallNow));
        }
        boolean failback = primary.isPresent() && seen.usable(s, c.name(), views, primary.get(), now);
        // the primary changes
        if (primary.isPresent()) {
            String old = primary.get();
            if (seen.fenced(views, old)) {
                // its site went silent and its lease has run out: promote at once, in a new epoch
                return promote(s, c, old, target, "failover", why(s, c.name(), views, old, now), views, wallNow);
            }
            if (!seen.reachable(views, old)) {
                return List.of(); // silent but maybe still acting: wait until it is fenced
            }
            // first step of a switchover: the reachable primary steps down, nobody is primary meanwhile
            return stepDown(s, c, old, target, failback, views, now, wallNow);
        }
        // no primary: wait for the demotion of whoever was primary, unless it is fenced or took too long
        for (AppliedRole r : s.roles().values()) {
            if (!r.component().equals(c.name())
                    || r.role() != PlacementRole.PRIMARY
                    || r.site().equals(target)) {
                continue;
            }
            if (seen.fenced(views, r.site())) {
                continue;
            }
            Long asked = demoteAskedAt.get(c.name());
            if (asked == null) {
                demoteAskedAt.put(c.name(), now);
                return List.of();
            }
            if (now - asked < policy.demoteTimeout().toNanos()) {
                return List.of();
            }
        }
        demoteAskedAt.remove(c.name());
        String pending = pendingReason.remove(c.name());
        String kind = pending != null ? pending.substring(0, pending.indexOf(':')) : "failover";
        String reason = pending != null ? pending.substring(pending.indexOf(':') + 1) : "no primary";
        return promote(s, c, "", target, kind, reason, views, wallNow);
    }

    /**
     * Where the component's primary belongs now: the current one while usable (or the preferred site once it settled:
     * failback, or a move to the pinned site), else the preferred site or the first usable data site; null when no
     * site is usable.
     */
    private @Nullable String target(
            ClusterState s,
            Component c,
            Optional<String> primary,
            String preferred,
            Map<String, SiteView> views,
            long now,
            Instant wallNow) {
        List<String> data = dataSites(s);
        String target = null;
        if (primary.isPresent() && seen.usable(s, c.name(), views, primary.get(), now)) {
            target = primary.get();
            if (!preferred.isEmpty()
                    && !preferred.equals(target)
                    && seen.settled(s, c.name(), views, preferred, now, wallNow)) {
                target = preferred; // failback, or a move to the pinned site
            }
        } else {
            if (!preferred.isEmpty() && seen.usable(s, c.name(), views, preferred, now)) {
                target = preferred;
            } else {
                for (String d : data) {
                    if (seen.usable(s, c.name(), views, d, now)) {
                        target = d;
                        break;
                    }
                }
            }
        }
        return target;
    }

    /** The first step of a switchover: the reachable primary {@code old} steps down before {@code target} takes over. */
    private List<ClusterChange> stepDown(
            ClusterState s,
            Component c,
            String old,
            String target,
            boolean failback,
            Map<String, SiteView> views,
            long now,
            Instant wallNow) {
        demoteAskedAt.put(c.name(), now);
        String reason = failback ? "back to its preferred site" : why(s, c.name(), views, old, now);
        pendingReason.put(
                c.name(), (failback ? "failback" : planned(reason) ? "switchover" : "failover") + ":" + reason);
        List<Placement> ps = new ArrayList<>();
        for (Placement p : c.placement()) {
            ps.add(
                    p.site().equals(old)
                            ? new Placement(
                                    old,
                                    seen.available(s, c.name(), views, old)
                                            ? PlacementRole.STANDBY
                                            : PlacementRole.STOPPED,
                                    0)
                            : p);
        }
        return List.of(
                new ClusterChange.Place(c.name(), c.mode(), ps, s.epoch(), wallNow),
                new ClusterChange.Note(
                        "demote",
                        old,
                        c.name() + " primary on " + old + " steps down before " + target + " takes over",
                        wallNow));
    }

    private List<ClusterChange> promote(
            ClusterState s,
            Component c,
            String old,
            String target,
            String kind,
            String reason,
            Map<String, SiteView> views,
            Instant wallNow) {
        List<Placement> ps = new ArrayList<>();
        for (String d : dataSites(s)) {
            if (d.equals(target)) {
                ps.add(new Placement(d, PlacementRole.PRIMARY, 100));
            } else {
                ps.add(new Placement(
                        d, seen.available(s, c.name(), views, d) ? PlacementRole.STANDBY : PlacementRole.STOPPED, 0));
            }
        }
        boolean first = c.placement().stream().noneMatch(p -> p.role() == PlacementRole.PRIMARY)
                && s.roles().values().stream()
                        .noneMatch(r -> r.component().equals(c.name()) && r.role() == PlacementRole.PRIMARY);
        List<ClusterChange> out = new ArrayList<>();
        out.add(new ClusterChange.Place(c.name(), c.mode(), ps, s.epoch(), wallNow));
        if (!(first && old.isEmpty() && reason.equals("no primary"))) {
            out.add(new ClusterChange.Note(
                    kind,
                    target,
                    c.name() + " primary " + (old.isEmpty() ? "(stepped down)" : old) + " -> " + target + " (" + reason
                            + ")",
                    wallNow));
        }
        return out;
    }

    private static List<ClusterChange> single(@Nullable ClusterChange c) {
        return c == null ? List.of() : List.of(c);
    }

    /** Keeps the primary (or none) and makes the others standby where they may run, stopped where not. */
    private @Nullable ClusterChange tidy(
            ClusterState s, Component c, @Nullable String primary, Map<String, SiteView> views, Instant wallNow) {
        List<Placement> ps = new ArrayList<>();
        for (String d : dataSites(s)) {
            if (d.equals(primary)) {
                ps.add(new Placement(d, PlacementRole.PRIMARY, 100));
            } else if (seen.available(s, c.name(), views, d)) {
                ps.add(new Placement(d, PlacementRole.STANDBY, 0));
            } else if (!seen.reachable(views, d) && !seen.fenced(views, d)) {
                // silent but not yet fenced: leave its entry as it is until it is
                Placement old = c.placement().stream()
                        .filter(p -> p.site().equals(d))
                        .findFirst()
                        .orElse(new Placement(d, PlacementRole.STOPPED, 0));
                ps.add(old);
            } else {
                ps.add(new Placement(d, PlacementRole.STOPPED, 0));
            }
        }
        if (samePlacement(c.placement(), ps)) {
            return null;
        }
        return new ClusterChange.Place(c.name(), c.mode(), ps, s.epoch(), wallNow);
    }

    private static boolean samePlacement(List<Placement> a, List<Placement> b) {
        List<Placement> x = new ArrayList<>(a);
        List<Placement> y = new ArrayList<>(b);
        x.sort(java.util.Comparator.comparing(Placement::site));
        y.sort(java.util.Comparator.comparing(Placement::site));
        return Objects.equals(x, y);
    }
}
