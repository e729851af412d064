package io.triad.metrics.store;

import java.util.List;

/**
 * What a batch append did: samples stored, samples refused by reason, and the messages of the first few refusals.
 *
 * <p>NOTE: immutable.
 */
public record AppendResult(int accepted, int outOfOrder, int overCardinalityLimit, List<String> firstErrors) {
    public AppendResult {
        firstErrors = List.copyOf(firstErrors);
    }

    public int rejected() {
        return outOfOrder + overCardinalityLimit;
    }
}
