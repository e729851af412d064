package io.triad.failover;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The replicated state of the cluster, as every site's state machine holds it after applying the same changes in the
 * same order: the sites, their health reports, the components and their placement, the epoch, the sites' license
 * attestations and a bounded history of events.
 *
 * <p>{@code version} counts the changes applied; {@code epoch} is the fencing token: it grows by one each time an
 * active-standby component gets a new primary, and a hook or a component that acts as primary passes it on, so a
 * stale primary can be told apart from the current one.
 *
 * <p>NOTE: instances are immutable (maps are sorted and unmodifiable, so the JSON of equal states is equal) and thread
 * safe. The attestation evidence is an opaque JSON tree: never change it in place.
 *
 * @param version the number of changes applied since the cluster began
 * @param epoch the fencing token, incremented on each promotion
 * @param sites by site id
 * @param components by component name
 * @param health the latest report of each site and component (key: {@link HealthReport#key()})
 * @param attestations the latest license attestation of each site, by site id
 * @param roles what each site's agent last reported doing for a component (key: {@link AppliedRole#key()}): the
 *     role its hooks brought it to, in which epoch, and whether they succeeded
 * @param controls the operators' settings of a component (pinned site, drained sites), by component name
 * @param rollouts the rolling updates, running and recent, by id (at most {@link #MAX_ROLLOUTS})
 * @param history the latest events, oldest first, at most {@link #MAX_HISTORY}
 */
public record ClusterState(
        long version,
        long epoch,
        SortedMap<String, Site> sites,
        SortedMap<String, Component> components,
        SortedMap<String, HealthReport> health,
        SortedMap<String, Attestation> attestations,
        SortedMap<String, AppliedRole> roles,
        SortedMap<String, Control> controls,
        SortedMap<String, Rollout> rollouts,
        List<Event> history) {

    /** Rollouts the state keeps; the oldest finished ones are dropped first. */
    public static final int MAX_ROLLOUTS = 20;

    /** Events the history keeps; older ones are dropped first. */
    public static final int MAX_HISTORY = 500;

    /** The state of a cluster before its first change. */
    public static final ClusterState EMPTY = new ClusterState(
            0,
            0,
            new TreeMap<>(),
            new TreeMap<>(),
            new TreeMap<>(),
            new TreeMap<>(),
            new TreeMap<>(),
            new TreeMap<>(),
            new TreeMap<>(),
            List.of());

    public ClusterState {
        if (version < 0 || epoch < 0) {
            throw new IllegalArgumentException(
                    "version and epoch must be >= 0; got: version " + version + ", epoch " + epoch);
        }
        sites = sorted(sites);
        components = sorted(components);
        health = sorted(health);
        attestations = sorted(attestations);
        roles = sorted(roles);
        controls = sorted(controls);
        rollouts = sorted(rollouts);
        if (history == null) {
            history = List.of();
        }
        if (history.size() > MAX_HISTORY) {
            history = history.subList(history.size() - MAX_HISTORY, history.size());
        }
        history = List.copyOf(history);
    }

    private static <V> SortedMap<String, V> sorted(@Nullable Map<String, V> m) {
        return Collections.unmodifiableSortedMap(m == null ? new TreeMap<>() : new TreeMap<>(m));
    }

    /** The site, if it is known. */
    public Optional<Site> site(String id) {
        return Optional.ofNullable(sites.get(id));
    }

    /** The component, if it is defined. */
    public Optional<Component> component(String name) {
        return Optional.ofNullable(components.get(name));
    }

    /** The operators' settings of a component; the defaults when there are none. */
    public Control control(String component) {
        return controls.getOrDefault(component, Control.NONE);
    }

    /**
     * What taking the site out of service would stop: the components placed on it (any role but stopped) that no
     * other data site could take, because every other one is down, in maintenance or drained for the component. The
     * API asks an operator to confirm these ({@code force}) before a drain or maintenance stops them (as Pacemaker's
     * standby of the last node does, and {@code kubectl drain} refuses without {@code --force}).
     *
     * @param component only this component; empty: every component (the site's maintenance)
     */
    public List<String> stoppedIfOutOfService(String site, Optional<String> component) {
        List<String> out = new ArrayList<>();
        for (Component c : components.values()) {
            if (component.isPresent() && !component.get().equals(c.name())) {
                continue;
            }
            boolean runsHere =
                    c.placement().stream().anyMatch(p -> p.site().equals(site) && p.role() != PlacementRole.STOPPED);
            boolean elsewhere = sites.values().stream()
                    .anyMatch(o -> !o.id().equals(site)
                            && o.role() == SiteRole.DATA
                            && o.state() == SiteState.UP
                            && !control(c.name()).drains(o.id()));
            if (runsHere && !elsewhere) {
                out.add(c.name());
            }
        }
        return out;
    }

    /** A mutable copy of the maps, from which the next state is built. */
    Edit edit() {
        return new Edit(this);
    }

    /** The maps of the next state, changed in place by one change; {@link #next} builds the state. */
    static final class Edit {
        private final ClusterState from;
        long epoch;
        final TreeMap<String, Site> sites;
        final TreeMap<String, Component> components;
        final TreeMap<String, HealthReport> health;
        final TreeMap<String, Attestation> attestations;
        final TreeMap<String, AppliedRole> roles;
        final TreeMap<String, Control> controls;
        final TreeMap<String, Rollout> rollouts;

        private Edit(ClusterState s) {
            from = s;
            epoch = s.epoch;
            sites = new TreeMap<>(s.sites);
            components = new TreeMap<>(s.components);
            health = new TreeMap<>(s.health);
            attestations = new TreeMap<>(s.attestations);
            roles = new TreeMap<>(s.roles);
            controls = new TreeMap<>(s.controls);
            rollouts = new TreeMap<>(s.rollouts);
        }

        /** The next version, with the event (if any) appended to the history. */
        ClusterState next(@Nullable Event event) {
            List<Event> h = from.history;
            if (event != null) {
                h = new ArrayList<>(from.history.size() + 1);
                h.addAll(from.history);
                h.add(event);
            }
            return new ClusterState(
                    from.version + 1, epoch, sites, components, health, attestations, roles, controls, rollouts, h);
        }
    }

    /** What a site is for. */
    public enum SiteRole {
        /** A data center: runs the backbone's components. */
        @JsonProperty("data")
        DATA,
        /** The third site: votes, never runs a component. */
        @JsonProperty("witness")
        WITNESS
    }

    /** Whether a site takes part. */
    public enum SiteState {
        @JsonProperty("up")
        UP,
        @JsonProperty("down")
        DOWN,
        /** Drained by an operator: runs nothing, is not failed over to. */
        @JsonProperty("maintenance")
        MAINTENANCE
    }

    /** One site of the cluster. */
    public record Site(String id, SiteRole role, SiteState state) {
        public Site {
            Names.requireId("site id", id);
        }
    }

    /** How the sites share a component. */
    public enum Mode {
        /** Both data sites serve, load shared by weight; on a failure the survivor takes 100 %. */
        @JsonProperty("active-active")
        ACTIVE_ACTIVE,
        /** One primary; a failover promotes the standby in a new epoch. */
        @JsonProperty("active-standby")
        ACTIVE_STANDBY
    }

    /** What a component does on one site. */
    public enum PlacementRole {
        @JsonProperty("primary")
        PRIMARY,
        @JsonProperty("standby")
        STANDBY,
        @JsonProperty("active")
        ACTIVE,
        @JsonProperty("stopped")
        STOPPED
    }

    /**
     * One site's part of a component.
     *
     * @param weight the share of load, 0..100
     */
    public record Placement(String site, PlacementRole role, int weight) {
        public Placement {
            Names.requireId("placement site", site);
            if (weight < 0 || weight > 100) {
                throw new IllegalArgumentException("placement weight must be within 0..100; got: " + weight);
            }
        }
    }

    /**
     * A component (EEP, EAP, ... or one of the user's) and where it runs.
     *
     * @param placement one entry per site it is placed on, sorted by site
     */
    public record Component(String name, Mode mode, List<Placement> placement) {
        public Component {
            Names.requireName("component name", name);
            List<Placement> ps = new ArrayList<>(placement);
            ps.sort(java.util.Comparator.comparing(Placement::site));
            for (int i = 1; i < ps.size(); i++) {
                if (ps.get(i).site().equals(ps.get(i - 1).site())) {
                    throw new IllegalArgumentException(
                            "component " + name + " places site " + ps.get(i).site() + " twice");
                }
            }
            long primaries =
                    ps.stream().filter(p -> p.role() == PlacementRole.PRIMARY).count();
            if (mode == Mode.ACTIVE_STANDBY && primaries > 1) {
                throw new IllegalArgumentException(
                        "active-standby component " + name + " has " + primaries + " primaries; at most 1 allowed");
            }
            if (mode == Mode.ACTIVE_ACTIVE
                    && ps.stream()
                            .anyMatch(p -> p.role() == PlacementRole.PRIMARY || p.role() == PlacementRole.STANDBY)) {
                throw new IllegalArgumentException(
                        "active-active component " + name + " takes the roles active and stopped only; got: " + ps);
            }
            placement = List.copyOf(ps);
        }

        /** The site that is primary, if any (active-standby only). */
        public Optional<String> primary() {
            return placement.stream()
                    .filter(p -> p.role() == PlacementRole.PRIMARY)
                    .map(Placement::site)
                    .findFirst();
        }
    }

    /**
     * The latest health of a site ({@code component} empty) or of a component on a site, as the site reported it.
     *
     * @param at when the reporting site took the measurement
     */
    public record HealthReport(String site, String component, boolean healthy, String detail, Instant at) {
        public HealthReport {
            Names.requireId("health site", site);
        }

        /** {@code site} or {@code site/component}: the key in {@link ClusterState#health()}. */
        public String key() {
            return component.isEmpty() ? site : site + "/" + component;
        }
    }

    /**
     * A site's license attestation (opaque to the coordinator: the licensing module reads it).
     *
     * @param evidence the attestation's JSON, as the licensing module wrote it
     */
    public record Attestation(String site, JsonNode evidence, Instant at) {
        public Attestation {
            Names.requireId("attestation site", site);
            evidence = evidence.deepCopy();
        }
    }

    /**
     * What a site's agent last did for a component: the role its hooks brought the component to and the epoch of the
     * placement it acted on. The controller waits for a demotion's report before it promotes elsewhere.
     *
     * @param ok whether the hooks succeeded (a failed demotion is reported with the role the agent still holds)
     * @param detail the hooks' summary
     * @param at when the agent finished (its clock)
     */
    public record AppliedRole(
            String site,
            String component,
            PlacementRole role,
            int weight,
            long epoch,
            boolean ok,
            String detail,
            Instant at) {
        public AppliedRole {
            Names.requireId("role site", site);
            Names.requireName("role component", component);
        }

        /** {@code site/component}: the key in {@link ClusterState#roles()}. */
        public String key() {
            return site + "/" + component;
        }
    }

    /**
     * An operator's settings of one component.
     *
     * @param pinned the site that should be primary (active-standby) whatever the controller would prefer, or empty;
     *     a pinned component is still failed over when its site fails
     * @param drained the sites the component must not run on (it is moved off them)
     */
    public record Control(String pinned, List<String> drained) {
        /** No operator setting. */
        public static final Control NONE = new Control("", List.of());

        public Control {
            drained = List.copyOf(new java.util.TreeSet<>(drained));
        }

        /** Whether the component is drained off the site. */
        public boolean drains(String site) {
            return drained.contains(site);
        }
    }

    /** Where a rollout is. */
    public enum RolloutStatus {
        @JsonProperty("running")
        RUNNING,
        /** A step failed or an operator paused it: nothing moves until it is resumed or cancelled. */
        @JsonProperty("paused")
        PAUSED,
        @JsonProperty("done")
        DONE,
        @JsonProperty("cancelled")
        CANCELLED
    }

    /** Where one step of a rollout is. */
    public enum StepPhase {
        /** Not begun. */
        @JsonProperty("pending")
        PENDING,
        /** The component is drained off the site; waiting until it stopped there. */
        @JsonProperty("draining")
        DRAINING,
        /** The site's agent runs the update hook. */
        @JsonProperty("updating")
        UPDATING,
        /** Undrained; waiting until the component runs and is healthy on the site again. */
        @JsonProperty("checking")
        CHECKING,
        @JsonProperty("done")
        DONE,
        @JsonProperty("failed")
        FAILED
    }

    /** One step of a rollout: update one component on one site. */
    public record RolloutStep(String component, String site, StepPhase phase, String detail) {
        public RolloutStep {
            Names.requireName("rollout component", component);
            Names.requireId("rollout site", site);
        }

        RolloutStep with(StepPhase p, String d) {
            return new RolloutStep(component, site, p, d);
        }
    }

    /**
     * A rolling update: its steps run one at a time, in order, each draining the component off the site, updating
     * it there, waiting for its health and undraining it.
     *
     * @param current the index of the step that runs (or the one that failed, while paused)
     */
    public record Rollout(
            String id,
            List<RolloutStep> steps,
            int current,
            RolloutStatus status,
            String detail,
            String by,
            Instant created,
            Instant updated) {
        public Rollout {
            Names.requireId("rollout id", id);
            steps = List.copyOf(steps);
        }

        /** The step that runs now, if the rollout is not finished. */
        public Optional<RolloutStep> step() {
            return current >= 0 && current < steps.size() ? Optional.of(steps.get(current)) : Optional.empty();
        }

        /** Whether the rollout is running or paused (not finished). */
        public boolean open() {
            return status == RolloutStatus.RUNNING || status == RolloutStatus.PAUSED;
        }
    }

    /** The rollout that is running or paused, if any (there is at most one). */
    public Optional<Rollout> openRollout() {
        return rollouts.values().stream().filter(Rollout::open).findFirst();
    }

    /**
     * One entry of the history.
     *
     * @param version the state version the change that recorded it produced
     * @param type what happened, e.g. {@code site-state}, {@code placement}, {@code promotion}
     * @param site the site it concerns, or empty
     */
    public record Event(long version, Instant at, String type, String site, String detail) {}

    /**
     * The failovers of {@code component} in the hour before {@code wallNow} (from the history), which
     * {@code maxFailoversPerHour} limits; operators' and rollouts' switchovers do not count.
     */
    public int failoversWithinHour(String component, Instant wallNow) {
        Instant hourAgo = wallNow.minus(java.time.Duration.ofHours(1));
        int n = 0;
        String prefix = component + " ";
        for (Event e : history()) {
            if (e.type().equals("failover") && e.detail().startsWith(prefix) && e.at().isAfter(hourAgo)) {
                n++;
            }
        }
        return n;
    }
}
