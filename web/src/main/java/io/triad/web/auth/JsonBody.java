package io.triad.web.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.triad.web.json.Json;
import org.jspecify.annotations.Nullable;

/** A JSON object request body, read by hand so every mistake is a 400 that names the field. */
final class JsonBody {
    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    /**
     * Parses a body that must be a JSON object.
     *
     * @throws IllegalArgumentException (400) when it is empty, not JSON or not an object
     */
    static JsonBody parse(@Nullable String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("expected a JSON object body; got an empty body");
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "expected a JSON object body; got invalid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object body; got: "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        return new JsonBody(node);
    }

    /** A string field that must be there. */
    String required(String field) {
        String v = optional(field, null);
        if (v == null) {
            throw new IllegalArgumentException("field '" + field + "' is required");
        }
        return v;
    }

    /** A string field, or {@code otherwise} when it is missing or null. */
    @Nullable
    String optional(String field, @Nullable String otherwise) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string; got: "
                    + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        return v.asText();
    }

    /** A string field, or {@code otherwise} when it is missing or null. */
    String text(String field, String otherwise) {
        String v = optional(field, otherwise);
        return v == null ? otherwise : v;
    }
}
