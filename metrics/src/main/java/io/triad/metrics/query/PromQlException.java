package io.triad.metrics.query;

/**
 * A query that cannot be parsed or evaluated. {@link #errorType()} is the {@code errorType} of Prometheus's HTTP API:
 * {@code bad_data} for a query or parameter the engine rejects, {@code execution} for a failure while evaluating
 * (a limit exceeded, conflicting series).
 */
public final class PromQlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final int column;

    private PromQlException(String message, String errorType, int column) {
        super(message);
        this.errorType = errorType;
        this.column = column;
    }

    /** A syntax or type error at a column (1-based) of the query. */
    static PromQlException at(int column, String message) {
        return new PromQlException(message + " at " + column, "bad_data", column);
    }

    /** {@code unexpected ')' at 14; expected an expression}. */
    static PromQlException unexpected(int column, String found, String expected) {
        return new PromQlException(
                "unexpected " + found + " at " + column + "; expected " + expected, "bad_data", column);
    }

    /** A bad parameter (time, step) that has no position in the query. */
    static PromQlException badData(String message) {
        return new PromQlException(message, "bad_data", 0);
    }

    /** A failure during evaluation. */
    static PromQlException execution(String message) {
        return new PromQlException(message, "execution", 0);
    }

    /** {@code bad_data} or {@code execution}. */
    public String errorType() {
        return errorType;
    }

    /** The 1-based column of the query where the error was found, 0 when it has none. */
    public int column() {
        return column;
    }
}
