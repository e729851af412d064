package io.triad.metrics.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A rule with the outcome of its last evaluation, for {@code /api/v1/rules}.
 *
 * @param rule the rule
 * @param health {@code ok}, {@code err} (the last evaluation failed) or {@code unknown} (not evaluated yet)
 * @param lastError why the last evaluation failed, null when it did not
 * @param lastEvaluation when it was last evaluated, null before the first time
 * @param evaluationTime how long the last evaluation took
 * @param alerts its pending and firing alerts
 */
public record RuleStatus(
        AlertRule rule,
        String health,
        @Nullable String lastError,
        @Nullable Instant lastEvaluation,
        Duration evaluationTime,
        List<Alert> alerts) {
    public RuleStatus {
        alerts = List.copyOf(alerts);
    }
}
