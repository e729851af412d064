package io.triad.metrics.store;

/** A sample the store refused: out of order for its series, or a new series beyond the cardinality limit. */
public class RejectedSampleException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a sample was refused. */
    public enum Reason {
        OUT_OF_ORDER,
        CARDINALITY_LIMIT
    }

    private final Reason reason;

    public RejectedSampleException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
