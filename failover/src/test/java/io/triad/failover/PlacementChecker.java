package io.triad.failover;

import io.triad.failover.ClusterState.Component;
import io.triad.failover.ClusterState.Mode;
import io.triad.failover.ClusterState.Placement;
import io.triad.failover.ClusterState.PlacementRole;
import io.triad.failover.ClusterState.Site;
import io.triad.failover.ClusterState.SiteRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds the placement's safety invariants over every state a test sees, on every site: never two primaries of an
 * active-standby component in one epoch, the witness never runs a component, an active-active component never loses
 * its last active site, and no component once defined disappears. Feed it states ({@link #check}) or watch a
 * coordinator with it; then read {@link #violations()}.
 */
final class PlacementChecker implements Coordinator.Listener {
    private final Map<String, String> primaryOfEpoch = new HashMap<>();
    // per site: the components it has seen defined, and the last version it applied
    private final Map<String, Set<String>> defined = new HashMap<>();
    private final Map<String, Long> lastVersion = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private long states;

    @Override
    public void stateChanged(ClusterState state) {
        check("", state);
    }

    /** A listener for one site's coordinator (each site's states are checked in their own order). */
    Coordinator.Listener forSite(String site) {
        return new Coordinator.Listener() {
            @Override
            public void stateChanged(ClusterState state) {
                check(site, state);
            }
        };
    }

    synchronized void check(ClusterState s) {
        check("", s);
    }

    synchronized void check(String site, ClusterState s) {
        states++;
        Long last = lastVersion.put(site, s.version());
        Set<String> seen = defined.computeIfAbsent(site, k -> new HashSet<>());
        if (last != null && s.version() < last) {
            seen.clear(); // the site restarted and replays its log
        }
        for (String name : seen) {
            if (s.component(name).isEmpty() && s.version() > 0) {
                violations.add(site + " version " + s.version() + ": component " + name + " lost its placement");
            }
        }
        for (Component c : s.components().values()) {
            seen.add(c.name());
            for (Placement p : c.placement()) {
                Site placed = s.sites().get(p.site());
                if (placed != null && placed.role() == SiteRole.WITNESS && p.role() != PlacementRole.STOPPED) {
                    violations.add("version " + s.version() + ": the witness runs " + c.name() + " as " + p.role());
                }
            }
            if (c.mode() == Mode.ACTIVE_STANDBY) {
                c.primary().ifPresent(p -> {
                    String key = c.name() + "@" + s.epoch();
                    String before = primaryOfEpoch.putIfAbsent(key, p);
                    if (before != null && !before.equals(p)) {
                        violations.add("version " + s.version() + ": " + c.name() + " has two primaries in epoch "
                                + s.epoch() + ": " + before + " and " + p);
                    }
                });
            } else if (c.placement().stream().noneMatch(p -> p.role() == PlacementRole.ACTIVE)
                    && c.placement().stream().anyMatch(p -> p.role() != PlacementRole.STOPPED)) {
                violations.add("version " + s.version() + ": active-active " + c.name() + " has no active site");
            }
        }
    }

    synchronized List<String> violations() {
        return new ArrayList<>(violations);
    }

    /** The states checked so far. */
    synchronized long states() {
        return states;
    }
}
