package io.triad.metrics.alerts;

import io.triad.metrics.alerts.AlertRule.Comparison;
import io.triad.metrics.alerts.AlertRule.Threshold;
import java.time.Duration;
import java.util.List;

/**
 * The built-in rules of log replication between the data sites, over the meters the collector exports ({@code
 * triad_replication_*}, tagged with the peer): the pull from the peer down, this site far behind the peer (in events;
 * {@link ShortageRules#REPLICATION_LAGGING} watches it in seconds), events the
 * peer has not acknowledged piling up, both-acks falling back to local, and events lost to a gap (the peer's journal
 * dropped them by retention before they were pulled). On a site that does not replicate the meters do not exist and
 * the rules stay quiet. Overridable by name like the shortage rules.
 */
public final class ReplicationRules {
    public static final String DISCONNECTED = "ReplicationDisconnected";
    public static final String BEHIND = "ReplicationBehind";
    public static final String UNACKED = "ReplicationUnacknowledged";
    public static final String FALLBACK = "ReplicationAckFallback";
    public static final String GAP = "ReplicationGap";

    private ReplicationRules() {}

    public static List<AlertRule> all() {
        return List.of(
                AlertRule.of(
                        DISCONNECTED,
                        "triad_replication_connected",
                        Comparison.BELOW,
                        Duration.ofSeconds(30),
                        "Site {{ $labels.site }} does not pull the logs of {{ $labels.peer }}",
                        "The replication connection to the peer data site is down: its new events do not reach this"
                                + " site, and inputs with ack both wait (they fall back to local only once the cluster"
                                + " declares the peer down). See lastError in GET /api/v1/health.",
                        new Threshold(Severity.WARNING, 0.5, 0.5)),
                AlertRule.of(
                        BEHIND,
                        "triad_replication_lag_records",
                        Comparison.ABOVE,
                        Duration.ofMinutes(1),
                        "Site {{ $labels.site }} is {{ $value }} events behind {{ $labels.peer }}",
                        "The peer journaled events this site does not hold yet: a catch-up after an outage (rate"
                                + " limited by replication.catchUpMiBPerSecond) or a link too slow for the ingest.",
                        new Threshold(Severity.WARNING, 10_000, 5_000),
                        new Threshold(Severity.CRITICAL, 1_000_000, 500_000)),
                AlertRule.of(
                        UNACKED,
                        "triad_replication_unacked_records",
                        Comparison.ABOVE,
                        Duration.ofMinutes(2),
                        "{{ $value }} events of site {{ $labels.site }} are not on {{ $labels.peer }} yet",
                        "Events acknowledged with ack local (or while the peer was declared down) that the peer"
                                + " does not hold yet: losing this site now would lose them.",
                        new Threshold(Severity.WARNING, 10_000, 5_000)),
                AlertRule.of(
                        FALLBACK,
                        "triad_replication_ack_fallback",
                        Comparison.ABOVE,
                        Duration.ZERO,
                        "Both-acks of site {{ $labels.site }} fall back to local: {{ $labels.peer }} is down",
                        "The cluster declared the peer data site down; inputs with ack both acknowledge after the"
                                + " local fsync alone, so new events live on this site only until the peer returns.",
                        new Threshold(Severity.WARNING, 0.5, 0.5)),
                AlertRule.of(
                        GAP,
                        "increase(triad_replication_gaps_records_total[1h])",
                        Comparison.ABOVE,
                        Duration.ZERO,
                        "{{ $value }} events of {{ $labels.peer }} never reached site {{ $labels.site }}",
                        "The peer's journal dropped events by retention before this site pulled them (an outage"
                                + " longer than journal.retentionDays or retentionMiB allow): they are on the peer"
                                + " only, in its index.",
                        new Threshold(Severity.CRITICAL, 0, 0)));
    }
}
