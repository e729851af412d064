package io.triad.appliance.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems that validation found in a configuration, in the order the sections were checked; each names the key,
 * the value and what is allowed.
 *
 * <p>NOTE: not thread safe; one instance serves one {@link TriadConfig#validate()}.
 */
final class Problems {
    private final List<String> problems = new ArrayList<>();

    void add(String problem) {
        problems.add(problem);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** A port, where 0 binds any free one. */
    void port(String key, int value) {
        if (value < 0 || value > 65535) {
            add(key + " must be within 0..65535 (0 = any free port); got: " + value);
        }
    }

    void positive(String key, long value) {
        if (value <= 0) {
            add(key + " must be > 0; got: " + value);
        }
    }

    /** When an input acknowledges: {@code local} or {@code both}. */
    void ack(String key, String value) {
        if (!"local".equals(value) && !"both".equals(value)) {
            add(key + " must be 'local' or 'both'; got: '" + value + "'");
        }
    }

    /** Runs a translation into a module's types (which checks too) and records its complaint after {@code prefix}. */
    void translates(String prefix, Runnable translation) {
        try {
            translation.run();
        } catch (IllegalArgumentException e) {
            add(prefix + e.getMessage());
        }
    }

    /**
     * @throws IllegalArgumentException naming every problem found, when there is one
     */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
        }
    }
}
