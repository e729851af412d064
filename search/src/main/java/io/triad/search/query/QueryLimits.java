package io.triad.search.query;

/**
 * Cost limits of queries.
 *
 * @param maxClauses boolean clauses a query may have in all (nested ones counted)
 * @param allowLeadingWildcard whether {@code *foo} is allowed (it scans every term of the field; its expansion is
 *     still bounded by {@code maxExpansions})
 * @param maxExpansions terms a wildcard, prefix, regexp or fuzzy query may expand to
 * @param totalHitsThreshold hits counted exactly; beyond it the total is a lower bound
 * @param maxHits the largest page
 */
public record QueryLimits(
        int maxClauses, boolean allowLeadingWildcard, int maxExpansions, int totalHitsThreshold, int maxHits) {
    public QueryLimits {
        if (maxClauses < 1) {
            throw new IllegalArgumentException("maxClauses must be >= 1; got: " + maxClauses);
        }
        if (maxExpansions < 1) {
            throw new IllegalArgumentException("maxExpansions must be >= 1; got: " + maxExpansions);
        }
        if (totalHitsThreshold < 1) {
            throw new IllegalArgumentException("totalHitsThreshold must be >= 1; got: " + totalHitsThreshold);
        }
        if (maxHits < 1) {
            throw new IllegalArgumentException("maxHits must be >= 1; got: " + maxHits);
        }
    }

    /** 1024 clauses, leading wildcards allowed, 10,000 expansions, exact totals up to 10,000, pages up to 10,000. */
    public static QueryLimits defaults() {
        return new QueryLimits(1024, true, 10_000, 10_000, 10_000);
    }
}
