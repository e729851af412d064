package io.triad.licensing.license;

/** A license document that cannot be read, is not signed by a trusted vendor key, or breaks a rule of its format. */
public final class LicenseException extends Exception {
    private static final long serialVersionUID = 1L;

    public LicenseException(String message) {
        super(message);
    }

    public LicenseException(String message, Throwable cause) {
        super(message, cause);
    }
}
