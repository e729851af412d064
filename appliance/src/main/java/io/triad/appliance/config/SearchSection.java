package io.triad.appliance.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Query limits. */
public final class SearchSection {
    public int maxClauses = 1024;

    /** The most terms a wildcard, prefix, regex or fuzzy term may expand to. */
    public int maxExpansions = 10_000;

    @JsonProperty("defaultLimit")
    public int defaultLimit = 100;

    public int maxLimit = 10_000;

    /** Events a live-tail client may fall behind by before it gets a "skipped" marker instead. */
    public int tailBufferEvents = 1_000;

    /** Live-tail clients at once; one more is answered 503. */
    public int maxTailClients = 64;

    /** Events a correlation or transaction query reads at most. */
    public int maxCorrelationEvents = 100_000;

    void check(Problems p) {
        p.positive("search.maxClauses", maxClauses);
        p.positive("search.maxExpansions", maxExpansions);
        p.positive("search.tailBufferEvents", tailBufferEvents);
        p.positive("search.maxTailClients", maxTailClients);
        p.positive("search.maxCorrelationEvents", maxCorrelationEvents);
    }
}
