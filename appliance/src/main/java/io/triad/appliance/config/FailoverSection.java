package io.triad.appliance.config;

/**
 * The controller's policy.
 *
 * @param fenceMarginMillis added to the lease timeout before a silent site counts as fenced; -1 = 20 % of it plus 100
 *     ms
 * @param selfFenceLeadMillis how long before its lease runs out a data site demotes its primaries on its own; -1 = 20 %
 *     of the lease timeout, at least 100 ms. Must be below the lease timeout
 * @param stabilizationSeconds how long a returning site or a recovered component must stay well before work moves back
 *     to it
 * @param failureTimeoutSeconds how long a component that failed on a site stays off it before it is tried there again
 * @param maxFailoversPerHour failovers of one component within an hour after which its automatic failback stops
 * @param demoteTimeoutSeconds how long a switchover waits for the old primary's demotion before it promotes anyway
 * @param roundMillis how often the controller reconsiders the placement without a change of the state
 * @param rolloutHealthTimeoutSeconds how long a rollout step waits for the updated component to run and be healthy on
 *     its site again before the step fails and the rollout pauses (it includes the stabilization period before an
 *     active-active site rejoins)
 */
public record FailoverSection(
        int fenceMarginMillis,
        int selfFenceLeadMillis,
        int stabilizationSeconds,
        int failureTimeoutSeconds,
        int maxFailoversPerHour,
        int demoteTimeoutSeconds,
        int roundMillis,
        int rolloutHealthTimeoutSeconds) {
    /** The defaults. */
    public FailoverSection() {
        this(-1, -1, 30, 60, 6, 15, 100, 300);
    }

    public FailoverSection withStabilizationSeconds(int stabilizationSeconds) {
        return new FailoverSection(
                fenceMarginMillis,
                selfFenceLeadMillis,
                stabilizationSeconds,
                failureTimeoutSeconds,
                maxFailoversPerHour,
                demoteTimeoutSeconds,
                roundMillis,
                rolloutHealthTimeoutSeconds);
    }

    public FailoverSection withRoundMillis(int roundMillis) {
        return new FailoverSection(
                fenceMarginMillis,
                selfFenceLeadMillis,
                stabilizationSeconds,
                failureTimeoutSeconds,
                maxFailoversPerHour,
                demoteTimeoutSeconds,
                roundMillis,
                rolloutHealthTimeoutSeconds);
    }

    public FailoverSection withMaxFailoversPerHour(int maxFailoversPerHour) {
        return new FailoverSection(
                fenceMarginMillis,
                selfFenceLeadMillis,
                stabilizationSeconds,
                failureTimeoutSeconds,
                maxFailoversPerHour,
                demoteTimeoutSeconds,
                roundMillis,
                rolloutHealthTimeoutSeconds);
    }

    void check(Problems p) {
        if (stabilizationSeconds < 1 || failureTimeoutSeconds < 1 || demoteTimeoutSeconds < 1) {
            p.add("cluster.failover: stabilizationSeconds, failureTimeoutSeconds and demoteTimeoutSeconds must be"
                    + " >= 1");
        }
        if (roundMillis < 10 || roundMillis > 10_000) {
            p.add("cluster.failover.roundMillis must be within 10..10000; got: " + roundMillis);
        }
        if (rolloutHealthTimeoutSeconds < 1) {
            p.add("cluster.failover.rolloutHealthTimeoutSeconds must be >= 1; got: " + rolloutHealthTimeoutSeconds);
        }
        if (maxFailoversPerHour < 1) {
            p.add("cluster.failover.maxFailoversPerHour must be >= 1; got: " + maxFailoversPerHour);
        }
    }
}
