package io.triad.metrics.intake;

import io.triad.metrics.model.Labels;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns the labels of a pushed series into a stored series identity: sets {@code site} to the appliance's own site
 * (whatever the data says), keeps the data's {@code host} and {@code component} or sets the given fallbacks, and
 * enforces the label limits of {@link IntakeLimits}.
 *
 * <p>Immutable and thread safe.
 */
final class SeriesIdentity {
    static final String SITE = "site";
    static final String HOST = "host";
    static final String COMPONENT = "component";

    private final String site;
    private final IntakeLimits limits;

    SeriesIdentity(String site, IntakeLimits limits) {
        if (site.isEmpty()) {
            throw new IllegalArgumentException("site must not be empty");
        }
        this.site = site;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    IntakeLimits limits() {
        return limits;
    }

    /**
     * The identity of a series.
     *
     * @param labels its labels, the metric name under {@code __name__}; not modified
     * @param host the {@code host} when the labels have none
     * @param component the {@code component} when the labels have none
     * @throws Refusal when the name is missing, a label name is invalid, or a limit is passed
     */
    Labels identify(Map<String, String> labels, String host, String component) throws Refusal {
        TreeMap<String, String> m = new TreeMap<>(labels);
        String name = m.getOrDefault(Labels.NAME, "");
        if (name.isEmpty()) {
            throw new Refusal(IntakeMeters.INVALID, "series must have a metric name (__name__); got: " + labels);
        }
        m.put(SITE, site);
        if (m.getOrDefault(HOST, "").isEmpty()) {
            m.put(HOST, host);
        }
        if (m.getOrDefault(COMPONENT, "").isEmpty()) {
            m.put(COMPONENT, component);
        }
        if (m.size() > limits.maxLabelsPerSeries()) {
            throw new Refusal(
                    IntakeMeters.LABEL_LIMIT,
                    "series " + name + " has " + m.size() + " labels (site, host and component included); the limit is "
                            + limits.maxLabelsPerSeries());
        }
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey().length() > limits.maxLabelNameLength()) {
                throw new Refusal(
                        IntakeMeters.LABEL_LIMIT,
                        "label name of " + e.getKey().length() + " characters in series " + name
                                + " exceeds the limit of " + limits.maxLabelNameLength());
            }
            if (e.getValue().length() > limits.maxLabelValueLength()) {
                throw new Refusal(
                        IntakeMeters.LABEL_LIMIT,
                        "value of label " + e.getKey() + " in series " + name + " has "
                                + e.getValue().length() + " characters; the limit is " + limits.maxLabelValueLength());
            }
        }
        try {
            return Labels.of(m);
        } catch (IllegalArgumentException e) {
            throw new Refusal(IntakeMeters.INVALID, "series " + name + ": " + e.getMessage());
        }
    }

    /** A series or sample the intake refuses, with the reason counted and a message for the sender. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final String reason;

        Refusal(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }
}
