package io.triad.collector.ndjson;

import java.util.Objects;

/**
 * Why one line of a bulk body was rejected.
 *
 * @param line the line number, 1-based, counting every line of the body (blank ones too)
 * @param message what was expected and what came
 */
public record LineError(int line, String message) {
    public LineError {
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1; got: " + line);
        }
        Objects.requireNonNull(message, "message");
    }
}
