package io.triad.failover;

/**
 * A change that the state refused as it stood when the change was applied (an unknown site, a stale epoch, a
 * component on the witness): the state is unchanged, on every site alike.
 */
public final class RejectedChangeException extends Exception {
    private static final long serialVersionUID = 1L;

    public RejectedChangeException(String message) {
        super(message);
    }
}
