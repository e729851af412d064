package io.triad.failover;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.triad.failover.ClusterState.AppliedRole;
import io.triad.failover.ClusterState.Attestation;
import io.triad.failover.ClusterState.Component;
import io.triad.failover.ClusterState.Control;
import io.triad.failover.ClusterState.Event;
import io.triad.failover.ClusterState.HealthReport;
import io.triad.failover.ClusterState.Mode;
import io.triad.failover.ClusterState.Placement;
import io.triad.failover.ClusterState.PlacementRole;
import io.triad.failover.ClusterState.Site;
import io.triad.failover.ClusterState.SiteRole;
import io.triad.failover.ClusterState.SiteState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A change to the {@link ClusterState}, submitted through a {@link Coordinator} and applied by every site's state
 * machine in log order. A change is a record serialised as JSON with a {@code type} field; it carries the time its
 * proposer stamped ({@code at}), because applying reads no clock: {@link #applyTo} is a pure function of the state and
 * the change, so every site computes the same state.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClusterChange.PutSite.class, name = "put-site"),
    @JsonSubTypes.Type(value = ClusterChange.SetSiteState.class, name = "set-site-state"),
    @JsonSubTypes.Type(value = ClusterChange.ReportHealth.class, name = "report-health"),
    @JsonSubTypes.Type(value = ClusterChange.Place.class, name = "place"),
    @JsonSubTypes.Type(value = ClusterChange.RecordAttestation.class, name = "record-attestation"),
    @JsonSubTypes.Type(value = ClusterChange.Note.class, name = "note"),
    @JsonSubTypes.Type(value = ClusterChange.ReportRole.class, name = "report-role"),
    @JsonSubTypes.Type(value = ClusterChange.SetControl.class, name = "set-control"),
    @JsonSubTypes.Type(value = ClusterChange.StartRollout.class, name = "start-rollout"),
    @JsonSubTypes.Type(value = ClusterChange.AdvanceRollout.class, name = "advance-rollout"),
    @JsonSubTypes.Type(value = ClusterChange.ControlRollout.class, name = "control-rollout"),
    @JsonSubTypes.Type(value = ClusterChange.Batch.class, name = "batch")
})
public sealed interface ClusterChange {

    /** When the proposer made the change (its clock, read once at proposal). */
    Instant at();

    /**
     * The state after this change.
     *
     * @throws RejectedChangeException if the change does not fit the state (the state stays as it was)
     */
    ClusterState applyTo(ClusterState s) throws RejectedChangeException;

    /** Adds a site or changes its role and state. */
    record PutSite(String id, SiteRole role, SiteState state, Instant at) implements ClusterChange {
        public PutSite {
            Names.requireId("site id", id);
        }

        @Override
        public ClusterState applyTo(ClusterState s) throws RejectedChangeException {
            Site old = s.sites().get(id);
            if (old != null && old.role() != role && role == SiteRole.WITNESS && placesAnything(s, id)) {
                throw new RejectedChangeException("site " + id + " runs components and cannot become the witness");
            }
            ClusterState.Edit e = s.edit();
            e.sites.put(id, new Site(id, role, state));
            String what = old == null
                    ? "added as " + role + ", " + state
                    : old.role() + "/" + old.state() + " -> " + role + "/" + state;
            return e.next(new Event(s.version() + 1, at, "site", id, what));
        }
    }

    /** Marks a site up, down or in maintenance. */
    record SetSiteState(String site, SiteState state, Instant at) implements ClusterChange {
        @Override
        public ClusterState applyTo(ClusterState s) throws RejectedChangeException {
            Site old = knownSite(s, site);
            if (old.state() == state) {
                return s.edit().next(null);
            }
            ClusterState.Edit e = s.edit();
            e.sites.put(site, new Site(site, old.role(), state));
            return e.next(new Event(s.version() + 1, at, "site-state", site, old.state() + " -> " + state));
        }
    }

    /**
     * A site's health report of itself ({@code component} empty) or of a component it runs. Reports replace the
     * previous one of the same key and are not written to the history (they come every few seconds).
     */
    record ReportHealth(String site, String component, boolean healthy, String detail, Instant at)
            implements ClusterChange {
        @Override
        public ClusterState applyTo(ClusterState s) throws RejectedChangeException {
            knownSite(s, site);
            HealthReport r = new HealthReport(site, component, healthy, detail, at);
            ClusterState.Edit e = s.edit();
            e.health.put(r.key(), r);
            return e.next(null);
        }
    }

    /**
     * Defines a component or replaces its placement. When an active-standby component gets a primary other than the
     * one it had, the epoch grows by one (a promotion); the new epoch is the fencing token of the new primary.
     *
     * @param expectedEpoch the epoch the proposer decided on, or -1 for any: a decision taken on a state whose epoch
     *     has moved on since is refused, so a deposed controller cannot undo a newer promotion
     */
    record Place(String component, Mode mode, List<Placement> placement, long expectedEpoch, Instant at)
            implements ClusterChange {
        public Place {
            placement = List.copyOf(placement);
        }

        @Override
        public ClusterState applyTo(ClusterState s) throws RejectedChangeException {
            if (expectedEpoch >= 0 && expectedEpoch != s.epoch()) {
                throw new RejectedChangeException("placement of " + component + " was decided in epoch " + expectedEpoch
                        + " but the cluster is in epoch " + s.epoch());
            }
            for (Placement p : placement) {
                Site site = knownSite(s, p.site());
                if (site.role() == SiteRole.WITNESS && p.role() != PlacementRole.STOPPED) {
                    throw new RejectedChangeException("the witness " + p.site() + " never runs a component; "
                            + component + " places it as " + p.role());
                }
            }
            Component c;
            try {
                c = new Component(component, mode, placement);
            } catch (IllegalArgumentException e) {
                throw new RejectedChangeException(String.valueOf(e.getMessage()));
            }
            Optional<String> before = s.component(component).flatMap(Component::primary);
            Optional<String> after = c.primary();
            boolean promotion = mode == Mode.ACTIVE_STANDBY && after.isPresent() && !after.equals(before);
            long epoch = promotion ? s.epoch() + 1 : s.epoch();
            ClusterState.Edit edit = s.edit();
            edit.epoch = epoch;
            edit.components.put(component, c);
            Event e = promotion
                    ? new Event(
                            s.version() + 1,
                            at,
                            "promotion",
                            after.get(),
                            component + " primary " + before.orElse("none") + " -> " + after.get() + " in epoch "
                                    + epoch)
                    : new Event(s.version() + 1, at, "placement", "", component + " " + describe(c.placement()));
            return edit.next(e);
        }
    }

    /** A site's license attestation, kept as opaque JSON. */
    record RecordAttestation(String site, JsonNode evidence, Instant at) implements ClusterChange {
        @Override
        public ClusterState applyTo(ClusterState s) throws RejectedChangeException {
            knownSite(s, site);
            ClusterState.Edit e = s.edit();
            e.attestations.put(site, new Attestation(site, evidence, at));
            return e.next(null);
        }
    }

    /**
     * Several changes as one log entry, applied in order and all or none: the controller's round (a failover's
     * promotion of several components, the site marked down, the notes) costs one consensus round trip instead of one
     * each, and watchers see its end state at once.
     */
    record Batch(List<ClusterChange> changes, Instant at) implements ClusterChange {
        /** The most changes in one batch. */
        public static final int MAX_CHANGES = 256;

        public Batch {
            changes = List.copyOf(changes);
            if (changes.isEmpty() || changes.size() > MAX_CHANGES) {
                throw new IllegalArgumentException(
                        "a batch holds 1.." + MAX_CHANGES + " changes; got " + changes.size());
            }
            if (changes.stream().anyMatch(c -> c instanceof Batch)) {
                throw new IllegalArgumentException("a batch cannot hold a batch");
            }
        }

        /** One change as it is, several as a batch (stamped with the first one's time). */
        public static ClusterChange of(List<ClusterChange> changes) {
            return changes.size() == 1
                    ? changes.getFirst()
                    : new Batch(changes, changes.getFirst().at());
        }

        @Override
        public ClusterState applyTo(ClusterState s) throws RejectedChangeException {
            ClusterState out = s;
            for (ClusterChange c : changes) {
                out = c.applyTo(out);
            }
            return out;
        }
    }

    /** An event for the history only (a controller's decision, an operator's action). */
    record Note(String type, String site, String detail, Instant at) implements ClusterChange {
        @Override
        public ClusterState applyTo(ClusterState s) {
            return s.edit().next(new Event(s.version() + 1, at, type, site, detail));
        }
    }

    /**
     * A site's agent reports what its hooks did for a component: the role it holds now and the epoch of the placement
     * it acted on. Written to the history only when the role changes or the hooks failed.
     */
    record ReportRole(
            String site,
            String component,
            PlacementRole role,
            int weight,
            long epoch,
            boolean ok,
            String detail,
            Instant at)
            implements ClusterChange {
        @Override
        public ClusterState applyTo(ClusterState s) throws RejectedChangeException {
            knownSite(s, site);
            AppliedRole r = new AppliedRole(site, component, role, weight, epoch, ok, detail, at);
            AppliedRole old = s.roles().get(r.key());
            ClusterState.Edit e = s.edit();
            e.roles.put(r.key(), r);
            boolean news = !ok || old == null || old.role() != role;
            return e.next(
                    news
                            ? new Event(
                                    s.version() + 1,
                                    at,
                                    ok ? "role" : "hook-failed",
                                    site,
                                    component + " " + (old == null ? "unknown" : old.role()) + " -> " + role
                                            + " (epoch " + epoch + "): " + detail)
                            : null);
        }
    }

    /**
     * An operator's settings of a component: pin it to a site, drain it off sites. The controller follows them on its
     * next round.
     *
     * @param by who asked (a user name, {@code rollout}, ...)
     */
    record SetControl(String component, String pinned, List<String> drained, String by, Instant at)
            implements ClusterChange {
        public SetControl {
            drained = List.copyOf(drained);
        }

        @Override
        public ClusterState applyTo(ClusterState s) throws RejectedChangeException {
            if (s.component(component).isEmpty()) {
                throw new RejectedChangeException("unknown component '" + component + "'; known: "
                        + s.components().keySet());
            }
            if (!pinned.isEmpty()) {
                Site p = knownSite(s, pinned);
                if (p.role() == SiteRole.WITNESS) {
                    throw new RejectedChangeException("the witness " + pinned + " never runs a component");
                }
            }
            for (String d : drained) {
                knownSite(s, d);
            }
            if (!pinned.isEmpty() && drained.contains(pinned)) {
                throw new RejectedChangeException(component + " cannot be pinned to " + pinned + " and drained off it");
            }
            Control c = new Control(pinned, drained);
            Control before = s.control(component);
            // the event's site: the one this change is about (the site drained or undrained, else the pin)
            java.util.Set<String> touched = new java.util.TreeSet<>(c.drained());
            touched.addAll(before.drained());
            touched.removeIf(d -> c.drained().contains(d) && before.drained().contains(d));
            if (!before.pinned().equals(pinned)) {
                touched.add(pinned.isEmpty() ? before.pinned() : pinned);
            }
            String site = touched.size() == 1 ? touched.iterator().next() : pinned;
            ClusterState.Edit e = s.edit();
            if (c.equals(Control.NONE)) {
                e.controls.remove(component);
            } else {
                e.controls.put(component, c);
            }
            return e.next(new Event(
                    s.version() + 1,
                    at,
                    "control",
                    site,
                    component + (pinned.isEmpty() ? " not pinned" : " pinned to " + pinned)
                            + (c.drained().isEmpty() ? ", drained nowhere" : ", drained off " + c.drained()) + " by "
                            + by));
        }
    }

    /**
     * Begins a rolling update: the steps (component, site) run one at a time in the order given. Refused while another
     * rollout is open, for an unknown component or site, the witness, or a step listed twice.
     */
    record StartRollout(String id, List<ClusterState.RolloutStep> steps, String by, Instant at)
            implements ClusterChange {
        public StartRollout {
            steps = List.copyOf(steps);
        }

        @Override
        public ClusterState applyTo(ClusterState s) throws RejectedChangeException {
            Optional<ClusterState.Rollout> open = s.openRollout();
            if (open.isPresent()) {
                throw new RejectedChangeException("rollout " + open.get().id() + " is "
                        + open.get().status().name().toLowerCase(java.util.Locale.ROOT)
                        + "; finish or cancel it first");
            }
            if (s.rollouts().containsKey(id)) {
                throw new RejectedChangeException("a rollout " + id + " exists already");
            }
            if (steps.isEmpty()) {
                throw new RejectedChangeException("a rollout needs at least one step");
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            List<ClusterState.RolloutStep> fresh = new java.util.ArrayList<>();
            for (ClusterState.RolloutStep st : steps) {
                if (s.component(st.component()).isEmpty()) {
                    throw new RejectedChangeException("unknown component '" + st.component() + "'; known: "
                            + s.components().keySet());
                }
                Site site = knownSite(s, st.site());
                if (site.role() == SiteRole.WITNESS) {
                    throw new RejectedChangeException("the witness " + st.site() + " runs no component to update");
                }
                if (!seen.add(st.component() + "@" + st.site())) {
                    throw new RejectedChangeException(st.component() + " on " + st.site() + " is listed twice");
                }
                fresh.add(st.with(ClusterState.StepPhase.PENDING, ""));
            }
            ClusterState.Edit e = s.edit();
            e.rollouts.put(
                    id,
                    new ClusterState.Rollout(
                            id, fresh, 0, ClusterState.RolloutStatus.RUNNING, "started by " + by, by, at, at));
            while (e.rollouts.size() > ClusterState.MAX_ROLLOUTS) {
                String oldest = e.rollouts.values().stream()
                        .filter(r -> !r.open())
                        .min(java.util.Comparator.comparing(ClusterState.Rollout::created))
                        .map(ClusterState.Rollout::id)
                        .orElseThrow();
                e.rollouts.remove(oldest);
            }
            return e.next(new Event(
                    s.version() + 1,
                    at,
                    "rollout",
                    "",
                    "rollout " + id + " started by " + by + ": " + fresh.size() + " steps "
                            + fresh.stream()
                                    .map(x -> x.component() + "@" + x.site())
                                    .toList()));
        }
    }

    /**
     * Moves the running step of a rollout from one phase to the next (the controller and the site's agent do). It
     * names the step and the phase it expects, so a duplicate or a late report changes nothing. A step that ends
     * {@code done} starts the next one (the rollout is done after the last); one that ends {@code failed} pauses the
     * rollout.
     */
    record AdvanceRollout(
            String id, int step, ClusterState.StepPhase from, ClusterState.StepPhase to, String detail, Instant at)
            implements ClusterChange {
        @Override
        public ClusterState applyTo(ClusterState s) throws RejectedChangeException {
            ClusterState.Rollout r = s.rollouts().get(id);
            if (r == null || r.status() != ClusterState.RolloutStatus.RUNNING || r.current() != step) {
                throw new RejectedChangeException("rollout " + id + " is not running step " + step);
            }
            ClusterState.RolloutStep st = r.steps().get(step);
            if (st.phase() != from) {
                throw new RejectedChangeException(
                        "step " + step + " of rollout " + id + " is " + st.phase() + ", not " + from);
            }
            List<ClusterState.RolloutStep> steps = new java.util.ArrayList<>(r.steps());
            steps.set(step, st.with(to, detail));
            int current = step;
            ClusterState.RolloutStatus status = ClusterState.RolloutStatus.RUNNING;
            String what = st.component() + "@" + st.site() + " " + to.name().toLowerCase(java.util.Locale.ROOT)
                    + (detail.isEmpty() ? "" : ": " + detail);
            if (to == ClusterState.StepPhase.DONE) {
                current = step + 1;
                if (current >= steps.size()) {
                    status = ClusterState.RolloutStatus.DONE;
                    what += "; rollout done";
                }
            } else if (to == ClusterState.StepPhase.FAILED) {
                status = ClusterState.RolloutStatus.PAUSED;
                what += "; rollout paused";
            }
            ClusterState.Edit e = s.edit();
            e.rollouts.put(id, new ClusterState.Rollout(id, steps, current, status, what, r.by(), r.created(), at));
            boolean news = to == ClusterState.StepPhase.DONE
                    || to == ClusterState.StepPhase.FAILED
                    || to == ClusterState.StepPhase.UPDATING;
            return e.next(
                    news ? new Event(s.version() + 1, at, "rollout", st.site(), "rollout " + id + ": " + what) : null);
        }
    }

    /**
     * An operator pauses, resumes or cancels a rollout. Resuming a failed step runs it again from the start; cancelling
     * leaves the component drained off the site of an unfinished step until an operator undrains it.
     *
     * @param action {@code pause}, {@code resume} or {@code cancel}
     */
    record ControlRollout(String id, String action, String by, Instant at) implements ClusterChange {
        @Override
        public ClusterState applyTo(ClusterState s) throws RejectedChangeException {
            ClusterState.Rollout r = s.rollouts().get(id);
            if (r == null) {
                throw new RejectedChangeException(
                        "no rollout " + id + "; known: " + s.rollouts().keySet());
            }
            if (!r.open()) {
                throw new RejectedChangeException(
                        "rollout " + id + " is " + r.status().name().toLowerCase(java.util.Locale.ROOT));
            }
            List<ClusterState.RolloutStep> steps = new java.util.ArrayList<>(r.steps());
            ClusterState.RolloutStatus status;
            switch (action) {
                case "pause" -> status = ClusterState.RolloutStatus.PAUSED;
                case "resume" -> {
                    status = ClusterState.RolloutStatus.RUNNING;
                    ClusterState.RolloutStep st = steps.get(r.current());
                    if (st.phase() == ClusterState.StepPhase.FAILED) {
                        steps.set(r.current(), st.with(ClusterState.StepPhase.PENDING, "resumed by " + by));
                    }
                }
                case "cancel" -> status = ClusterState.RolloutStatus.CANCELLED;
                default ->
                    throw new RejectedChangeException("action must be pause, resume or cancel; got: '" + action + "'");
            }
            ClusterState.Edit e = s.edit();
            String what = (status == ClusterState.RolloutStatus.CANCELLED ? "cancelled" : action + "d") + " by " + by;
            e.rollouts.put(id, new ClusterState.Rollout(id, steps, r.current(), status, what, r.by(), r.created(), at));
            return e.next(new Event(s.version() + 1, at, "rollout", "", "rollout " + id + " " + what));
        }
    }

    /** {@code site-a primary 100, site-b standby 0}: a placement for events. */
    static String describe(List<Placement> placement) {
        StringBuilder b = new StringBuilder();
        for (Placement p : placement) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(p.site()).append(' ').append(p.role().name().toLowerCase(java.util.Locale.ROOT));
            if (p.role() == PlacementRole.ACTIVE) {
                b.append(' ').append(p.weight());
            }
        }
        return b.toString();
    }

    private static Site knownSite(ClusterState s, String id) throws RejectedChangeException {
        Site site = s.sites().get(id);
        if (site == null) {
            throw new RejectedChangeException(
                    "unknown site '" + id + "'; known: " + s.sites().keySet());
        }
        return site;
    }

    private static boolean placesAnything(ClusterState s, String site) {
        return s.components().values().stream()
                .flatMap(c -> c.placement().stream())
                .anyMatch(p -> p.site().equals(site) && p.role() != PlacementRole.STOPPED);
    }
}
