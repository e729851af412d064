package io.triad.failover;

import io.triad.failover.ClusterState.Mode;
import io.triad.failover.agent.HealthCheckSpec;
import java.time.Duration;
import java.util.Map;

/**
 * A component as this site's configuration defines it: how the sites share it, where its primary belongs when every
 * site is well, how this site checks its health and which hooks apply its placement here.
 *
 * @param preferredSite the site whose primary (active-standby) it is when both data sites are well; empty = spread the
 *     active-standby components over the data sites in the order they are configured
 * @param hooks hook name ({@link Hook}) to a shell command line run with {@code sh -c}; a missing hook does nothing
 * @param hookTimeout how long one hook may run before it is killed and counted failed
 */
public record ComponentSpec(
        String name,
        Mode mode,
        String preferredSite,
        HealthCheckSpec health,
        Map<Hook, String> hooks,
        Duration hookTimeout) {

    public ComponentSpec {
        Names.requireName("component name", name);
        if (!preferredSite.isEmpty()) {
            Names.requireId("component " + name + " preferredSite", preferredSite);
        }
        hooks = Map.copyOf(hooks);
        if (hookTimeout.isNegative() || hookTimeout.isZero()) {
            throw new IllegalArgumentException("component " + name + " hookTimeout must be > 0; got: " + hookTimeout);
        }
    }

    /** The hooks an agent runs, in the order of a transition. */
    public enum Hook {
        /** Start the component on this site (as standby for active-standby, with weight 0 for active-active). */
        START("start"),
        /** Make this site's instance the primary; {@code TRIAD_EPOCH} is its fencing token. */
        PROMOTE("promote"),
        /** Make this site's instance a standby again. */
        DEMOTE("demote"),
        /** Give this site's instance a share of the load ({@code TRIAD_WEIGHT}, 0..100). */
        SET_WEIGHT("set-weight"),
        /** Stop the component on this site. */
        STOP("stop"),
        /** Update the component on this site (a rollout step, while it is drained off the site). */
        UPDATE("update");

        private final String label;

        Hook(String label) {
            this.label = label;
        }

        /** The name in configuration, events and {@code TRIAD_HOOK}. */
        public String label() {
            return label;
        }
    }
}
