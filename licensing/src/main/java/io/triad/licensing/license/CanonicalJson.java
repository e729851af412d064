package io.triad.licensing.license;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical form of a JSON value that signatures cover, after RFC 8785's rules as far as licenses need them:
 * object members sorted by name (UTF-16 code units), no insignificant white space, strings in Jackson's minimal
 * escaping, and integers only (a license has no fractions, so floating-point formatting never matters).
 *
 * <p>NOTE: stateless and thread safe.
 */
final class CanonicalJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CanonicalJson() {}

    /**
     * The canonical UTF-8 bytes of {@code node}.
     *
     * @throws LicenseException when it holds a non-integer number
     */
    static byte[] bytes(JsonNode node) throws LicenseException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            write(g, node, "$");
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, JsonNode node, String path) throws IOException, LicenseException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
                fields.sort(Map.Entry.comparingByKey());
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> f : fields) {
                    g.writeFieldName(f.getKey());
                    write(g, f.getValue(), path + "." + f.getKey());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (int i = 0; i < node.size(); i++) {
                    write(g, node.get(i), path + "[" + i + "]");
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case NUMBER -> {
                if (!node.isIntegralNumber()) {
                    throw new LicenseException("number at " + path + " is not an integer: " + node);
                }
                g.writeNumber(node.bigIntegerValue());
            }
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            default -> throw new LicenseException("unexpected JSON value at " + path + ": " + node.getNodeType());
        }
    }
}
