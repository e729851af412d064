package io.triad.metrics.query;

import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import java.util.List;

/**
 * The value of a query, one of Prometheus's result types.
 *
 * <p>NOTE: immutable; the arrays inside a matrix's series are owned by the result.
 */
public sealed interface QueryResult {

    /** {@code "vector"}, {@code "matrix"}, {@code "scalar"} or {@code "string"}. */
    String resultType();

    /** One element of an instant vector. */
    record Sample(Labels labels, double value) {}

    /** An instant vector evaluated at {@code timeMillis}. */
    record Vector(long timeMillis, List<Sample> samples) implements QueryResult {
        public Vector {
            samples = List.copyOf(samples);
        }

        @Override
        public String resultType() {
            return "vector";
        }
    }

    /** A range vector or the result of a range query, series sorted by labels. */
    record Matrix(List<SeriesData> series) implements QueryResult {
        public Matrix {
            series = List.copyOf(series);
        }

        @Override
        public String resultType() {
            return "matrix";
        }
    }

    /** A number evaluated at {@code timeMillis}. */
    record Scalar(long timeMillis, double value) implements QueryResult {
        @Override
        public String resultType() {
            return "scalar";
        }
    }

    /** A string literal evaluated at {@code timeMillis}. */
    record Str(long timeMillis, String value) implements QueryResult {
        @Override
        public String resultType() {
            return "string";
        }
    }
}
