package io.triad.metrics.alerts;

import io.triad.metrics.alerts.AlertRule.Comparison;
import io.triad.metrics.alerts.AlertRule.Threshold;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in shortage rules: fill time of every volume, of the journal and of the index (least-squares regression
 * over a window, 6 h by default), memory, CPU load and steal, heap after GC, file descriptors, back-pressure,
 * replication lag, and scrape targets down. Thresholds are the documented defaults; the configuration overrides them
 * by rule name ({@link AlertRule#withThresholds}, {@link AlertRule#withFor}).
 */
public final class ShortageRules {
    /** The rule names, as {@code alertname}. */
    public static final String VOLUME_FILLING_UP = "VolumeFillingUp";

    public static final String JOURNAL_FILLING_UP = "JournalFillingUp";
    public static final String INDEX_FILLING_UP = "IndexFillingUp";
    public static final String MEMORY_LOW = "MemoryLow";
    public static final String CPU_OVERLOADED = "CpuOverloaded";
    public static final String CPU_STEAL_HIGH = "CpuStealHigh";
    public static final String HEAP_AFTER_GC_HIGH = "HeapAfterGcHigh";
    public static final String FILE_DESCRIPTORS_LOW = "FileDescriptorsLow";
    public static final String BACK_PRESSURE_ACTIVE = "BackPressureActive";
    public static final String REPLICATION_LAGGING = "ReplicationLagging";
    public static final String TARGET_DOWN = "TargetDown";

    private ShortageRules() {}

    /**
     * The fill-time expression: hours until {@code free} reaches zero at the rate the regression over {@code range} of
     * {@code fillingSeries} gives ({@code +Inf} when it is not filling).
     */
    static String hoursUntilFull(String free, String shrinkingSeries, String range) {
        return free + " / clamp_min(-deriv(" + shrinkingSeries + "[" + range + "]), 0) / 3600";
    }

    /**
     * The built-in rules.
     *
     * @param regressionWindow the window of the fill-time regressions (6 h)
     * @param journalCapBytes the journal's size limit (its fill time is the time until it reaches it; 0: no rule)
     * @param indexCapBytes the index's size limit (0: no rule)
     */
    public static List<AlertRule> all(Duration regressionWindow, long journalCapBytes, long indexCapBytes) {
        String range = regressionWindow.toSeconds() + "s";
        List<AlertRule> out = new ArrayList<>();
        Threshold[] fill = {
            new Threshold(Severity.WARNING, 24, 36), new Threshold(Severity.CRITICAL, 4, 6),
        };
        out.add(AlertRule.of(
                VOLUME_FILLING_UP,
                hoursUntilFull("node_filesystem_avail_bytes", "node_filesystem_avail_bytes", range),
                Comparison.BELOW,
                Duration.ofMinutes(10),
                "Volume {{ $labels.mountpoint }} on {{ $labels.host }} fills up in {{ $value }} h",
                "At the rate of the last " + regressionWindow.toHours()
                        + " h, the free space of {{ $labels.mountpoint }}"
                        + " ({{ $labels.device }}) on {{ $labels.host }} in site {{ $labels.site }} is used up in "
                        + "{{ $value }} hours.",
                fill));
        if (journalCapBytes > 0) {
            out.add(AlertRule.of(
                    JOURNAL_FILLING_UP,
                    "(" + journalCapBytes + " - triad_journal_size_bytes) / clamp_min(deriv(triad_journal_size_bytes["
                            + range + "]), 0) / 3600",
                    Comparison.BELOW,
                    Duration.ofMinutes(10),
                    "The journal on {{ $labels.host }} reaches its size limit in {{ $value }} h",
                    "At the rate of the last " + regressionWindow.toHours()
                            + " h the journal in site {{ $labels.site }}"
                            + " reaches its size limit (" + journalCapBytes + " bytes) in {{ $value }} hours; then "
                            + "retention deletes the oldest events before their retention time.",
                    fill));
        }
        if (indexCapBytes > 0) {
            out.add(AlertRule.of(
                    INDEX_FILLING_UP,
                    "(" + indexCapBytes + " - triad_index_size_bytes) / clamp_min(deriv(triad_index_size_bytes[" + range
                            + "]), 0) / 3600",
                    Comparison.BELOW,
                    Duration.ofMinutes(10),
                    "The index on {{ $labels.host }} reaches its size limit in {{ $value }} h",
                    "At the rate of the last " + regressionWindow.toHours() + " h the log index in site "
                            + "{{ $labels.site }} reaches its size limit (" + indexCapBytes + " bytes) in {{ $value }}"
                            + " hours; then retention deletes the oldest events before their retention time.",
                    fill));
        }
        out.add(AlertRule.of(
                MEMORY_LOW,
                "100 * node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes",
                Comparison.BELOW,
                Duration.ofMinutes(5),
                "Only {{ $value }} % memory available on {{ $labels.host }}",
                "{{ $labels.host }} in site {{ $labels.site }} has {{ $value }} % of its memory available.",
                new Threshold(Severity.WARNING, 10, 15),
                new Threshold(Severity.CRITICAL, 5, 8)));
        out.add(AlertRule.of(
                CPU_OVERLOADED,
                "node_load5 / node_cpu_count",
                Comparison.ABOVE,
                Duration.ofMinutes(10),
                "Load per core {{ $value }} on {{ $labels.host }}",
                "The 5-minute load average of {{ $labels.host }} in site {{ $labels.site }} is {{ $value }} per core:"
                        + " runnable work waits for a CPU.",
                new Threshold(Severity.WARNING, 2, 1.5)));
        out.add(AlertRule.of(
                CPU_STEAL_HIGH,
                "100 * sum without (cpu, mode) (rate(node_cpu_seconds_total{mode=\"steal\"}[5m]))"
                        + " / sum without (cpu, mode) (rate(node_cpu_seconds_total[5m]))",
                Comparison.ABOVE,
                Duration.ofMinutes(10),
                "CPU steal {{ $value }} % on {{ $labels.host }}",
                "The hypervisor gives {{ $labels.host }}'s CPU time to other guests: {{ $value }} % stolen.",
                new Threshold(Severity.WARNING, 10, 5)));
        out.add(AlertRule.of(
                HEAP_AFTER_GC_HIGH,
                "100 * jvm_gc_live_data_size_bytes / jvm_gc_max_data_size_bytes",
                Comparison.ABOVE,
                Duration.ofMinutes(5),
                "Heap after GC {{ $value }} % on {{ $labels.host }} ({{ $labels.component }})",
                "After the last major collection {{ $value }} % of the old generation of {{ $labels.component }} on "
                        + "{{ $labels.host }} is still live: it will run out of memory.",
                new Threshold(Severity.WARNING, 85, 75),
                new Threshold(Severity.CRITICAL, 95, 90)));
        out.add(AlertRule.of(
                FILE_DESCRIPTORS_LOW,
                "100 * process_files_open_files / process_files_max_files"
                        + " or 100 * node_filefd_allocated / node_filefd_maximum",
                Comparison.ABOVE,
                Duration.ofMinutes(5),
                "{{ $value }} % of file descriptors used on {{ $labels.host }}",
                "{{ $labels.component }} on {{ $labels.host }} uses {{ $value }} % of its file descriptor limit.",
                new Threshold(Severity.WARNING, 80, 70),
                new Threshold(Severity.CRITICAL, 95, 90)));
        out.add(AlertRule.of(
                BACK_PRESSURE_ACTIVE,
                "rate(triad_input_backpressure_total[5m])",
                Comparison.ABOVE,
                Duration.ofMinutes(1),
                "Input {{ $labels.input }} on {{ $labels.host }} is under back-pressure",
                "The input {{ $labels.input }} paused or refused {{ $value }} times per second over 5 minutes because"
                        + " the journal or the indexer is behind.",
                new Threshold(Severity.WARNING, 0, 0)));
        out.add(AlertRule.of(
                REPLICATION_LAGGING,
                "triad_replication_lag_seconds",
                Comparison.ABOVE,
                Duration.ofMinutes(2),
                "Replication from {{ $labels.peer }} to {{ $labels.site }} lags {{ $value }} s",
                "The newest event of {{ $labels.peer }} that site {{ $labels.site }} applied was {{ $value }} seconds"
                        + " old when it arrived: the catch-up after an outage, or a link too slow for the ingest.",
                new Threshold(Severity.WARNING, 60, 30),
                new Threshold(Severity.CRITICAL, 300, 120)));
        out.add(AlertRule.of(
                TARGET_DOWN,
                "up",
                Comparison.BELOW,
                Duration.ofMinutes(1),
                "{{ $labels.component }} on {{ $labels.host }} ({{ $labels.site }}) is down",
                "The scrape of {{ $labels.job }} at {{ $labels.instance }} in site {{ $labels.site }} fails.",
                new Threshold(Severity.CRITICAL, 0.5, 0.5)));
        return out;
    }
}
