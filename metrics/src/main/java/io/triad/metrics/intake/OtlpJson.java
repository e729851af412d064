package io.triad.metrics.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads OTLP/JSON ("OTLP/HTTP", JSON Protobuf Encoding of the OTLP specification) into a protobuf builder, driven by
 * the message descriptors: keys are the lowerCamelCase JSON names (the original field names are accepted too),
 * unknown keys are ignored, 64-bit integers may be strings or numbers, enums integers or names, {@code traceId} and
 * {@code spanId} are hex (other bytes base64), and doubles may be {@code "NaN"}, {@code "Infinity"}, {@code
 * "-Infinity"}.
 *
 * <p>Stateless and thread safe.
 */
final class OtlpJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_DEPTH = 64;

    private OtlpJson() {}

    /**
     * Merges a JSON document into a builder.
     *
     * @throws IllegalArgumentException when the bytes are not JSON or a value does not fit its field; the message
     *     names the field
     */
    static void merge(byte[] json, Message.Builder builder) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body must be JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("body must be JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("body must be a JSON object; got an empty body");
        }
        merge(root, builder, "", 0);
    }

    private static void merge(JsonNode node, Message.Builder builder, String path, int depth) {
        Descriptor type = builder.getDescriptorForType();
        if (!node.isObject()) {
            throw mismatch(path.isEmpty() ? type.getName() : path, "an object", node);
        }
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nests deeper than " + MAX_DEPTH + " objects at " + path);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldDescriptor field = field(type, e.getKey());
            JsonNode value = e.getValue();
            if (field == null || value.isNull()) {
                continue; // NOTE: receivers ignore unknown fields (OTLP/JSON); null is the default value
            }
            String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            if (field.isRepeated()) {
                if (!value.isArray()) {
                    throw mismatch(at, "an array", value);
                }
                int i = 0;
                for (JsonNode element : value) {
                    builder.addRepeatedField(field, convert(field, element, builder, at + "[" + i++ + "]", depth));
                }
            } else {
                builder.setField(field, convert(field, value, builder, at, depth));
            }
        }
    }

    private static @Nullable FieldDescriptor field(Descriptor type, String key) {
        FieldDescriptor byName = type.findFieldByName(key);
        if (byName != null) {
            return byName;
        }
        for (FieldDescriptor f : type.getFields()) {
            if (f.getJsonName().equals(key)) {
                return f;
            }
        }
        return null;
    }

    private static Object convert(FieldDescriptor field, JsonNode value, Message.Builder parent, String at, int depth) {
        switch (field.getJavaType()) {
            case MESSAGE -> {
                Message.Builder sub = parent.newBuilderForField(field);
                merge(value, sub, at, depth + 1);
                return sub.build();
            }
            case INT -> {
                return (int) integer(field, value, at, 32);
            }
            case LONG -> {
                return integer(field, value, at, 64);
            }
            case DOUBLE -> {
                return floating(value, at);
            }
            case FLOAT -> {
                return (float) floating(value, at);
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw mismatch(at, "true or false", value);
                }
                return value.booleanValue();
            }
            case STRING -> {
                if (!value.isTextual()) {
                    throw mismatch(at, "a string", value);
                }
                return value.textValue();
            }
            case BYTE_STRING -> {
                if (!value.isTextual()) {
                    throw mismatch(at, "a string", value);
                }
                String name = field.getName();
                try {
                    return name.equals("trace_id") || name.equals("span_id")
                            ? ByteString.copyFrom(HexFormat.of().parseHex(value.textValue()))
                            : ByteString.copyFrom(Base64.getDecoder().decode(value.textValue()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            at + " must be " + (name.endsWith("_id") ? "hex" : "base64") + "; got: "
                                    + abbreviate(value.textValue()),
                            e);
                }
            }
            case ENUM -> {
                @Nullable
                EnumValueDescriptor v = value.isIntegralNumber()
                        ? field.getEnumType().findValueByNumberCreatingIfUnknown(value.intValue())
                        : value.isTextual() ? field.getEnumType().findValueByName(value.textValue()) : null;
                if (v == null) {
                    throw mismatch(at, "a value of " + field.getEnumType().getName(), value);
                }
                return v;
            }
        }
        throw new IllegalStateException("unknown field type " + field.getJavaType() + " at " + at);
    }

    private static long integer(FieldDescriptor field, JsonNode value, String at, int bits) {
        boolean unsigned = switch (field.getType()) {
            case UINT32, UINT64, FIXED32, FIXED64 -> true;
            default -> false;
        };
        try {
            if (value.isIntegralNumber()) {
                return unsigned && bits == 64 ? value.bigIntegerValue().longValue() : value.longValue();
            }
            if (value.isTextual()) {
                String s = value.textValue().trim();
                return unsigned && bits == 64 ? Long.parseUnsignedLong(s) : Long.parseLong(s);
            }
        } catch (NumberFormatException e) {
            throw mismatch(at, "an integer", value);
        }
        throw mismatch(at, "an integer (number or string)", value);
    }

    private static double floating(JsonNode value, String at) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isTextual()) {
            return switch (value.textValue()) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> {
                    try {
                        yield Double.parseDouble(value.textValue());
                    } catch (NumberFormatException e) {
                        throw mismatch(at, "a number", value);
                    }
                }
            };
        }
        throw mismatch(at, "a number", value);
    }

    private static IllegalArgumentException mismatch(String at, String expected, JsonNode got) {
        return new IllegalArgumentException(at + " must be " + expected + "; got: " + abbreviate(got.toString()) + " ("
                + got.getNodeType().toString().toLowerCase(Locale.ROOT) + ")");
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
