package io.triad.collector.model;

import java.util.Locale;

/** RFC 5424 section 6.2.1 severities, 0 (emergency) to 7 (debug), with their keyword names. */
public final class Severity {
    public static final int EMERGENCY = 0;
    public static final int ALERT = 1;
    public static final int CRITICAL = 2;
    public static final int ERROR = 3;
    public static final int WARNING = 4;
    public static final int NOTICE = 5;
    public static final int INFO = 6;
    public static final int DEBUG = 7;

    private static final String[] NAMES = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

    private Severity() {}

    /** The RFC 5424 keyword of a severity ({@code err} for 3). */
    public static String name(int severity) {
        check(severity);
        return NAMES[severity];
    }

    /**
     * Parses a keyword ({@code err}, {@code error}, {@code warn}, ...) or a number 0-7.
     *
     * @return the severity, or -1 when the text names none
     */
    public static int parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.length() == 1 && t.charAt(0) >= '0' && t.charAt(0) <= '7') {
            return t.charAt(0) - '0';
        }
        return switch (t) {
            case "emerg", "emergency", "panic", "fatal" -> EMERGENCY;
            case "alert" -> ALERT;
            case "crit", "critical" -> CRITICAL;
            case "err", "error" -> ERROR;
            case "warning", "warn" -> WARNING;
            case "notice" -> NOTICE;
            case "info", "informational", "information" -> INFO;
            case "debug", "trace" -> DEBUG;
            default -> -1;
        };
    }

    /** Throws unless {@code severity} is within 0-7. */
    public static int check(int severity) {
        if (severity < 0 || severity > 7) {
            throw new IllegalArgumentException("severity must be within 0..7; got: " + severity);
        }
        return severity;
    }
}
