package io.triad.metrics.alerts;

import io.triad.metrics.model.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One alert as it is at one evaluation: its labels ({@code alertname}, {@code severity}, the series' labels and the
 * rule's), its rendered annotations, state, the value that made it, and the silences that mute it.
 *
 * <p>NOTE: immutable snapshot; the evaluator makes a new one at every change.
 *
 * @param labels every label, {@code alertname} and {@code severity} included
 * @param annotations {@code summary} and {@code description}
 * @param state pending, firing, resolved (or inactive: dropped before firing)
 * @param severity the current severity
 * @param activeAt when its condition started to hold (when it became pending)
 * @param firedAt when it fired, null while pending
 * @param resolvedAt when it resolved or was dropped, null while active
 * @param value the expression's value at the last evaluation (NaN when the series is gone)
 * @param silencedBy the ids of the silences that mute it now, empty when none
 */
public record Alert(
        Labels labels,
        Map<String, String> annotations,
        AlertState state,
        Severity severity,
        Instant activeAt,
        @Nullable Instant firedAt,
        @Nullable Instant resolvedAt,
        double value,
        List<Long> silencedBy) {

    public Alert {
        annotations = Map.copyOf(annotations);
        silencedBy = List.copyOf(silencedBy);
    }

    /** The rule's name. */
    public String name() {
        String n = labels.get("alertname");
        return n == null ? "" : n;
    }

    /**
     * A stable id of the alert: hex of a 64-bit FNV-1a hash over its labels without {@code severity} (an alert keeps
     * its fingerprint when it escalates from warning to critical).
     */
    public String fingerprint() {
        long h = 0xcbf29ce484222325L;
        for (Map.Entry<String, String> e : labels.asMap().entrySet()) {
            if (e.getKey().equals("severity")) {
                continue;
            }
            for (String s : new String[] {e.getKey(), "\u0000", e.getValue(), "\u0001"}) {
                for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    h ^= b & 0xff;
                    h *= 0x100000001b3L;
                }
            }
        }
        return String.format(java.util.Locale.ROOT, "%016x", h);
    }

    /** Whether a silence mutes it. */
    public boolean silenced() {
        return !silencedBy.isEmpty();
    }
}
