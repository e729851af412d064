package io.triad.appliance.config;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An alerting rule, or the override of a built-in one: set keys replace the built-in's. A rule's value is bad
 * past {@code warning}/{@code critical} and good again past {@code warningClear}/{@code criticalClear} (default:
 * the trigger, no hysteresis).
 */
public final class RuleSection {
    public String name = "";

    /** PromQL giving the values (required for an extra rule). */
    public String expr = "";

    /** {@code above} or {@code below}: which side of the thresholds is bad. */
    public String comparison = "above";

    public @Nullable Double warning;
    public @Nullable Double warningClear;
    public @Nullable Double critical;
    public @Nullable Double criticalClear;
    public @Nullable Integer forSeconds;
    public boolean enabled = true;
    public String summary = "";
    public String description = "";
    public Map<String, String> labels = new java.util.LinkedHashMap<>();
}
