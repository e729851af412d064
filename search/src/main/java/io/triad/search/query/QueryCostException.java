package io.triad.search.query;

/**
 * A query that parses but would cost more than a configured limit allows, for example {@code wildcard 'a*' expands
 * to more than 10000 terms}.
 */
public final class QueryCostException extends QueryException {
    private static final long serialVersionUID = 1L;

    public QueryCostException(String message) {
        super(message, 0);
    }
}
