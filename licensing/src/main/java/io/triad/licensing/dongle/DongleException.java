package io.triad.licensing.dongle;

/** A dongle could not be found, opened or asked: the message says which and why, in words an operator can act on. */
public final class DongleException extends Exception {
    private static final long serialVersionUID = 1L;

    public DongleException(String message) {
        super(message);
    }

    public DongleException(String message, Throwable cause) {
        super(message, cause);
    }
}
