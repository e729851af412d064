package io.triad.appliance.config;

/** A component's health check. */
public final class HealthSection {
    /** {@code none}, {@code http}, {@code tcp}, {@code process} or {@code script}. */
    public String type = "none";

    /** A URL, {@code host:port}, {@code pidfile:PATH} / {@code name:TEXT}, or a command line. */
    public String target = "";

    public int intervalMillis = 1000;
    public int timeoutMillis = 500;

    /** Consecutive successes that make a failed component healthy again. */
    public int rise = 2;

    /** Consecutive failures that make a healthy component failed. */
    public int fall = 2;
}
