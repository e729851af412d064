package io.triad.search.query;

/**
 * A query that cannot be parsed. The message is the parser's; {@link #column()} is the 1-based column of the query
 * text where the error was found, or 0 when unknown.
 */
public class QueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int column;

    public QueryException(String message, int column, Throwable cause) {
        super(message, cause);
        this.column = column;
    }

    public QueryException(String message, int column) {
        super(message);
        this.column = column;
    }

    /** The 1-based column of the error in the query text, 0 when unknown. */
    public int column() {
        return column;
    }
}
