package io.triad.failover;

import java.time.Duration;

/**
 * How the controller decides: when a site counts as unreachable and as fenced, how long a returning site or a
 * recovered component must stay well before work moves back to it, and the limits against flapping.
 *
 * @param leaseTimeout the coordinator's lease timeout: a site not heard from for this long is unreachable
 * @param fenceMargin added to the lease timeout before a silent site counts as fenced (its lease has certainly run
 *     out, allowing for clock rates) so that its single-active components may be promoted elsewhere
 * @param selfFenceLead how long before its lease runs out a site demotes its primaries on its own; with the margin it
 *     is the time a cut-off primary has to stop (its demote hook) before the majority promotes another, less the
 *     scheduling delays of both sides
 * @param stabilization how long a returning site or a recovered component must stay reachable and healthy before
 *     work moves back to it (failback); doubled for each failover of the component within the hour before
 * @param failureTimeout how long a component that failed on a site and was stopped there is kept off that site
 *     before it is tried there again (Pacemaker's failure-timeout)
 * @param maxFailoversPerHour failovers of one component within an hour after which its automatic failback stops
 *     (failover away from a failed site always happens); an operator's move resets nothing but still works
 * @param demoteTimeout how long a switchover waits for the old primary to report its demotion before it promotes
 *     the new one anyway (the epoch still fences the old one)
 * @param round how often the controller reconsiders the placement (it also does at every state change)
 */
public record FailoverPolicy(
        Duration leaseTimeout,
        Duration fenceMargin,
        Duration selfFenceLead,
        Duration stabilization,
        Duration failureTimeout,
        int maxFailoversPerHour,
        Duration demoteTimeout,
        Duration round) {

    public FailoverPolicy {
        for (Duration d : new Duration[] {leaseTimeout, stabilization, failureTimeout, demoteTimeout, round}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("failover durations must be > 0; got: " + d);
            }
        }
        if (selfFenceLead.isNegative() || selfFenceLead.compareTo(leaseTimeout) >= 0) {
            throw new IllegalArgumentException(
                    "failover selfFenceLead must be >= 0 and < the lease timeout; got: " + selfFenceLead);
        }
        if (fenceMargin.isNegative()) {
            throw new IllegalArgumentException("failover fenceMargin must be >= 0; got: " + fenceMargin);
        }
        if (maxFailoversPerHour < 1) {
            throw new IllegalArgumentException(
                    "failover maxFailoversPerHour must be >= 1; got: " + maxFailoversPerHour);
        }
    }

    /**
     * The defaults for a lease timeout: a margin of 20 % plus 100 ms, self-fencing 20 % (at least 100 ms) before the
     * lease ends, 30 s stabilization, 6 failovers an hour.
     */
    public static FailoverPolicy defaults(Duration leaseTimeout) {
        return new FailoverPolicy(
                leaseTimeout,
                leaseTimeout.dividedBy(5).plusMillis(100),
                defaultSelfFenceLead(leaseTimeout),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                6,
                Duration.ofSeconds(15),
                Duration.ofMillis(100));
    }

    /** A fifth of the lease timeout, at least 100 ms (two of the agent's ticks) but below the lease timeout. */
    public static Duration defaultSelfFenceLead(Duration leaseTimeout) {
        Duration lead = leaseTimeout.dividedBy(5);
        Duration floor = Duration.ofMillis(100);
        if (lead.compareTo(floor) < 0) {
            lead = floor.compareTo(leaseTimeout) < 0 ? floor : leaseTimeout.dividedBy(2);
        }
        return lead;
    }

    /** The time after its last contact from which a silent site counts as fenced. */
    public Duration fenceAfter() {
        return leaseTimeout.plus(fenceMargin);
    }
}
