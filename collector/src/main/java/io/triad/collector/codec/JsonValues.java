package io.triad.collector.codec;

import com.fasterxml.jackson.core.JsonToken;
import org.jspecify.annotations.Nullable;

/**
 * How the JSON codecs (GELF, OTLP JSON, NDJSON) name what they found in their error messages: {@code "must be a
 * string; got: number"}.
 */
public final class JsonValues {
    /** The longest piece of input quoted in an error message. */
    public static final int MAX_QUOTED_CHARS = 40;

    private JsonValues() {}

    /** The kind of value a token starts: {@code object}, {@code array}, {@code string}, ... or {@code end of input}. */
    public static String describe(@Nullable JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        return switch (t) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
        };
    }

    /** {@link #describe} with its article: {@code an object}, {@code a string}, {@code null}, {@code end of input}. */
    public static String describeWithArticle(@Nullable JsonToken t) {
        String kind = describe(t);
        return switch (kind) {
            case "object", "array" -> "an " + kind;
            case "string", "number", "boolean" -> "a " + kind;
            default -> kind;
        };
    }

    /** Input text cut to {@link #MAX_QUOTED_CHARS} chars for an error message. */
    public static String clip(String s) {
        return s.length() <= MAX_QUOTED_CHARS ? s : s.substring(0, MAX_QUOTED_CHARS) + "...";
    }
}
