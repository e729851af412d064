package io.triad.appliance.config;

/**
 * Query limits.
 *
 * @param maxExpansions the most terms a wildcard, prefix, regex or fuzzy term may expand to
 * @param tailBufferEvents events a live-tail client may fall behind by before it gets a "skipped" marker instead
 * @param maxTailClients live-tail clients at once; one more is answered 503
 * @param maxCorrelationEvents events a correlation or transaction query reads at most
 */
public record SearchSection(
        int maxClauses,
        int maxExpansions,
        int maxLimit,
        int tailBufferEvents,
        int maxTailClients,
        int maxCorrelationEvents,
        int defaultLimit) {
    /** The defaults. */
    public SearchSection() {
        this(1024, 10_000, 10_000, 1_000, 64, 100_000, 100);
    }

    public SearchSection withMaxExpansions(int maxExpansions) {
        return new SearchSection(
                maxClauses,
                maxExpansions,
                maxLimit,
                tailBufferEvents,
                maxTailClients,
                maxCorrelationEvents,
                defaultLimit);
    }

    void check(Problems p) {
        p.positive("search.maxClauses", maxClauses);
        p.positive("search.maxExpansions", maxExpansions);
        p.positive("search.tailBufferEvents", tailBufferEvents);
        p.positive("search.maxTailClients", maxTailClients);
        p.positive("search.maxCorrelationEvents", maxCorrelationEvents);
    }
}
