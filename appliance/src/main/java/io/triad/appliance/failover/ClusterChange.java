package io.triad.appliance.failover;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.triad.appliance.failover.ClusterState.AppliedRole;
import io.triad.appliance.failover.ClusterState.Attestation;
import io.triad.appliance.failover.ClusterState.Component;
import io.triad.appliance.failover.ClusterState.Control;
import io.triad.appliance.failover.ClusterState.Event;
import io.triad.appliance.failover.ClusterState.HealthReport;
import io.triad.appliance.failover.ClusterState.Mode;
import io.triad.appliance.failover.ClusterState.Placement;
import io.triad.appliance.failover.ClusterState.PlacementRole;
import io.triad.appliance.failover.ClusterState.Site;
import io.triad.appliance.failover.ClusterState.SiteRole;
import io.triad.appliance.failover.ClusterState.SiteState;
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
    @JsonSubTypes.Type(value = ClusterChange.SetControl.class, name = "set-control")
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
                    pinned,
                    component + (pinned.isEmpty() ? " not pinned" : " pinned to " + pinned)
                            + (c.drained().isEmpty() ? ", drained nowhere" : ", drained off " + c.drained()) + " by "
                            + by));
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
