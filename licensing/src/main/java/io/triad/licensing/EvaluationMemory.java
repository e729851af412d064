package io.triad.licensing;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the evaluation must remember across restarts: since when the cluster is below its quorum (so a restart does not
 * restart the grace period) and the latest time this site's clock has shown (so setting it back is noticed).
 *
 * @param graceSince when the quorum was lost (null: not lost)
 * @param highWater the latest clock reading seen (null: none yet)
 */
record EvaluationMemory(
        @Nullable Instant graceSince, @Nullable Instant highWater) {
    static final EvaluationMemory EMPTY = new EvaluationMemory(null, null);
}
