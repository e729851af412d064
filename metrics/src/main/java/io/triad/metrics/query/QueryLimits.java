package io.triad.metrics.query;

/**
 * The bounds of one query: series and samples read from the store, steps of a range query, and the lookback of an
 * instant selector (how old the newest sample may be, 5 minutes in Prometheus).
 *
 * @param maxSeries the most series all selectors of one query may read
 * @param maxPoints the most samples all selectors of one query may read
 * @param maxSteps the most evaluation steps of a range query (Prometheus allows 11,000)
 * @param lookbackMillis how far back an instant selector looks for a sample
 */
public record QueryLimits(int maxSeries, long maxPoints, int maxSteps, long lookbackMillis) {
    public QueryLimits {
        if (maxSeries < 1 || maxPoints < 1 || maxSteps < 1 || lookbackMillis < 1) {
            throw new IllegalArgumentException("query limits must be positive; got maxSeries=" + maxSeries
                    + " maxPoints=" + maxPoints + " maxSteps=" + maxSteps + " lookbackMillis=" + lookbackMillis);
        }
    }

    /** 10,000 series, 50,000,000 samples, 11,000 steps, 5 minutes lookback. */
    public static QueryLimits defaults() {
        return new QueryLimits(10_000, 50_000_000L, 11_000, 300_000L);
    }
}
