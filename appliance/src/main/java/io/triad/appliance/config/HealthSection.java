package io.triad.appliance.config;

/**
 * A component's health check.
 *
 * @param type {@code none}, {@code http}, {@code tcp}, {@code process} or {@code script}
 * @param target a URL, {@code host:port}, {@code pidfile:PATH} / {@code name:TEXT}, or a command line
 * @param rise consecutive successes that make a failed component healthy again
 * @param fall consecutive failures that make a healthy component failed
 */
public record HealthSection(String type, String target, int intervalMillis, int timeoutMillis, int rise, int fall) {
    /** The defaults. */
    public HealthSection() {
        this("none", "", 1000, 500, 2, 2);
    }

    public HealthSection withType(String type) {
        return new HealthSection(type, target, intervalMillis, timeoutMillis, rise, fall);
    }

    public HealthSection withTarget(String target) {
        return new HealthSection(type, target, intervalMillis, timeoutMillis, rise, fall);
    }
}
