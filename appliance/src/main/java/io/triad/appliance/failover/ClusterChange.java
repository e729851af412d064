package io.triad.appliance.failover;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.triad.appliance.failover.ClusterState.Attestation;
import io.triad.appliance.failover.ClusterState.Component;
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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
    @JsonSubTypes.Type(value = ClusterChange.Note.class, name = "note")
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
            Map<String, Site> sites = new TreeMap<>(s.sites());
            sites.put(id, new Site(id, role, state));
            String what = old == null
                    ? "added as " + role + ", " + state
                    : old.role() + "/" + old.state() + " -> " + role + "/" + state;
            return s.next(
                    s.epoch(),
                    sites,
                    s.components(),
                    s.health(),
                    s.attestations(),
                    new Event(s.version() + 1, at, "site", id, what));
        }
    }

    /** Marks a site up, down or in maintenance. */
    record SetSiteState(String site, SiteState state, Instant at) implements ClusterChange {
        @Override
        public ClusterState applyTo(ClusterState s) throws RejectedChangeException {
            Site old = knownSite(s, site);
            Map<String, Site> sites = new TreeMap<>(s.sites());
            sites.put(site, new Site(site, old.role(), state));
            return s.next(
                    s.epoch(),
                    sites,
                    s.components(),
                    s.health(),
                    s.attestations(),
                    new Event(s.version() + 1, at, "site-state", site, old.state() + " -> " + state));
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
            Map<String, HealthReport> health = new TreeMap<>(s.health());
            health.put(r.key(), r);
            return s.next(s.epoch(), s.sites(), s.components(), health, s.attestations(), null);
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
            Map<String, Component> components = new TreeMap<>(s.components());
            components.put(component, c);
            Event e = promotion
                    ? new Event(
                            s.version() + 1,
                            at,
                            "promotion",
                            after.get(),
                            component + " primary " + before.orElse("none") + " -> " + after.get() + " in epoch "
                                    + epoch)
                    : new Event(s.version() + 1, at, "placement", "", component + " " + c.placement());
            return s.next(epoch, s.sites(), components, s.health(), s.attestations(), e);
        }
    }

    /** A site's license attestation, kept as opaque JSON. */
    record RecordAttestation(String site, JsonNode evidence, Instant at) implements ClusterChange {
        @Override
        public ClusterState applyTo(ClusterState s) throws RejectedChangeException {
            knownSite(s, site);
            Map<String, Attestation> a = new TreeMap<>(s.attestations());
            a.put(site, new Attestation(site, evidence, at));
            return s.next(s.epoch(), s.sites(), s.components(), s.health(), a, null);
        }
    }

    /** An event for the history only (a controller's decision, an operator's action). */
    record Note(String type, String site, String detail, Instant at) implements ClusterChange {
        @Override
        public ClusterState applyTo(ClusterState s) {
            return s.next(
                    s.epoch(),
                    s.sites(),
                    s.components(),
                    s.health(),
                    s.attestations(),
                    new Event(s.version() + 1, at, type, site, detail));
        }
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
