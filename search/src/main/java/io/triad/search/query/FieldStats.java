package io.triad.search.query;

import java.util.List;
import java.util.Map;

/**
 * The most common values of keyword fields among matching events.
 *
 * @param matched the events counted
 * @param fields field name to its top values, most common first; fields without values are left out
 */
public record FieldStats(long matched, Map<String, List<ValueCount>> fields) {
    public FieldStats {
        fields = Map.copyOf(fields);
    }

    /** A value and the number of matching events holding it. */
    public record ValueCount(String value, long count) {}
}
