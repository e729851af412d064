package io.triad.collector.replication;

import java.util.Locale;

/** When an input acknowledges an event to its sender. */
public enum AckPolicy {
    /** After the local journal fsynced it. */
    LOCAL,
    /**
     * After the peer data site also holds it durably; only when the coordinator has declared the peer down does it
     * fall back to {@link #LOCAL}.
     */
    BOTH;

    /** {@code local} or {@code both}, as the configuration spells it. */
    public static AckPolicy parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "local" -> LOCAL;
            case "both" -> BOTH;
            default -> throw new IllegalArgumentException("ack policy must be 'local' or 'both'; got: '" + text + "'");
        };
    }

    /** The configuration's spelling. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
