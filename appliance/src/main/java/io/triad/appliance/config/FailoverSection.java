package io.triad.appliance.config;

/** The controller's policy. */
public final class FailoverSection {
    /** Added to the lease timeout before a silent site counts as fenced; -1 = 20 % of it plus 100 ms. */
    public int fenceMarginMillis = -1;

    /**
     * How long before its lease runs out a data site demotes its primaries on its own; -1 = 20 % of the lease
     * timeout, at least 100 ms. Must be below the lease timeout.
     */
    public int selfFenceLeadMillis = -1;

    /** How long a returning site or a recovered component must stay well before work moves back to it. */
    public int stabilizationSeconds = 30;

    /** How long a component that failed on a site stays off it before it is tried there again. */
    public int failureTimeoutSeconds = 60;

    /** Failovers of one component within an hour after which its automatic failback stops. */
    public int maxFailoversPerHour = 6;

    /** How long a switchover waits for the old primary's demotion before it promotes anyway. */
    public int demoteTimeoutSeconds = 15;

    /** How often the controller reconsiders the placement without a change of the state. */
    public int roundMillis = 100;

    /**
     * How long a rollout step waits for the updated component to run and be healthy on its site again before the
     * step fails and the rollout pauses (it includes the stabilization period before an active-active site rejoins).
     */
    public int rolloutHealthTimeoutSeconds = 300;

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
