package io.triad.licensing.license;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.triad.licensing.crypto.Ed25519;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;

/**
 * The signed license file: {@code {"license": {...}, "signature": {"algorithm": "Ed25519", "keyId": "...", "value":
 * "<base64>"}}}. The signature is the vendor key's Ed25519 signature of {@value #DOMAIN_TAG} followed by the canonical
 * JSON ({@link CanonicalJson}) of the {@code license} member exactly as it stands in the file, so any change to any
 * field, known or not, breaks it.
 *
 * <p>NOTE: stateless and thread safe.
 */
public final class LicenseDocument {
    /** The prefix of the signed bytes, so a vendor signature of anything else can never pass for a license. */
    public static final String DOMAIN_TAG = "TRIAD-LICENSE-1\n";

    /** The largest license file read. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .build();

    private LicenseDocument() {}

    /** The JSON form of a license (unsigned), as it goes into the document. */
    public static ObjectNode toJson(License license) {
        return JSON.valueToTree(license);
    }

    /**
     * Signs a license with a vendor key.
     *
     * @return the document's bytes (indented JSON, UTF-8, ending in a newline)
     */
    public static byte[] sign(License license, VendorKeys.VendorKeyPair key) {
        if (key.keyId().equals(VendorKeys.DEMO_KEY_ID) && !license.demo()) {
            throw new IllegalArgumentException("the demo vendor key signs demonstration licenses only (demo: true)");
        }
        ObjectNode body = toJson(license);
        byte[] signature;
        try {
            signature = Ed25519.sign(key.privateKey(), signedBytes(body));
        } catch (LicenseException e) {
            throw new IllegalStateException("a License record always has a canonical form", e);
        }
        ObjectNode doc = JSON.createObjectNode();
        doc.set("license", body);
        ObjectNode sig = doc.putObject("signature");
        sig.put("algorithm", "Ed25519");
        sig.put("keyId", key.keyId());
        sig.put("value", Base64.getEncoder().encodeToString(signature));
        return (doc.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a document and checks its signature against the trusted vendor keys.
     *
     * @throws LicenseException naming what is wrong: not JSON, no signature, an untrusted key, a broken signature, a
     *     field that breaks the format
     */
    public static SignedLicense verify(byte[] document, VendorKeys keys) throws LicenseException {
        Parsed p = parse(document);
        PublicKey key = keys.key(p.keyId())
                .orElseThrow(() -> new LicenseException("the license is signed by the vendor key '" + p.keyId()
                        + "', which this appliance does not trust (trusted: " + keys.ids() + ")"));
        if (!Ed25519.verify(key, signedBytes(p.body()), p.signature())) {
            throw new LicenseException("the license's signature does not verify with the vendor key '" + p.keyId()
                    + "': the document was changed after it was signed, or signed by another key");
        }
        License license = license(p.body());
        if (p.keyId().equals(VendorKeys.DEMO_KEY_ID) && !license.demo()) {
            throw new LicenseException("the demo vendor key signed a license that is not marked demo: refused");
        }
        return new SignedLicense(license, p.keyId(), document);
    }

    /**
     * Reads a document without checking its signature (for {@code triad license inspect}).
     *
     * @throws LicenseException when it is not a license document
     */
    public static Unverified inspect(byte[] document) throws LicenseException {
        Parsed p = parse(document);
        return new Unverified(license(p.body()), p.keyId());
    }

    /** A license read without a signature check. */
    public record Unverified(License license, String keyId) {}

    private record Parsed(JsonNode body, String keyId, byte[] signature) {}

    private static Parsed parse(byte[] document) throws LicenseException {
        if (document.length > MAX_BYTES) {
            throw new LicenseException(
                    "the license file is " + document.length + " bytes; at most " + MAX_BYTES + " are read");
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(document);
        } catch (IOException e) {
            throw new LicenseException("the license file is not JSON: " + originalMessage(e), e);
        }
        if (doc == null || !doc.isObject()) {
            throw new LicenseException("the license file is not a JSON object");
        }
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("license", "signature").contains(f)) {
                throw new LicenseException(
                        "the license file has an unknown member '" + f + "' (expected 'license' and 'signature')");
            }
        }
        JsonNode body = doc.get("license");
        if (body == null || !body.isObject()) {
            throw new LicenseException("the license file has no 'license' object");
        }
        JsonNode sig = doc.get("signature");
        if (sig == null || !sig.isObject()) {
            throw new LicenseException("the license file has no 'signature' object: it is not signed");
        }
        String alg = sig.path("algorithm").asText("");
        if (!"Ed25519".equals(alg)) {
            throw new LicenseException("the signature's algorithm must be Ed25519; got '" + alg + "'");
        }
        String keyId = sig.path("keyId").asText("");
        if (keyId.isEmpty()) {
            throw new LicenseException("the signature names no keyId");
        }
        byte[] value;
        try {
            value = Base64.getDecoder().decode(sig.path("value").asText(""));
        } catch (IllegalArgumentException e) {
            throw new LicenseException("the signature's value is not base64", e);
        }
        if (value.length != Ed25519.SIGNATURE_BYTES) {
            throw new LicenseException(
                    "the signature is " + value.length + " bytes; an Ed25519 signature is " + Ed25519.SIGNATURE_BYTES);
        }
        return new Parsed(body, keyId, value);
    }

    private static byte[] signedBytes(JsonNode body) throws LicenseException {
        byte[] tag = DOMAIN_TAG.getBytes(StandardCharsets.US_ASCII);
        byte[] canon = CanonicalJson.bytes(body);
        byte[] out = new byte[tag.length + canon.length];
        System.arraycopy(tag, 0, out, 0, tag.length);
        System.arraycopy(canon, 0, out, tag.length, canon.length);
        return out;
    }

    private static License license(JsonNode body) throws LicenseException {
        try {
            return JSON.treeToValue(body, License.class);
        } catch (UnrecognizedPropertyException e) {
            throw new LicenseException("the license has an unknown field '" + e.getPropertyName() + "'", e);
        } catch (JsonProcessingException e) {
            Throwable c = e.getCause();
            String why = c instanceof IllegalArgumentException ? c.getMessage() : e.getOriginalMessage();
            throw new LicenseException("the license breaks its format: " + why, e);
        } catch (IllegalArgumentException e) {
            throw new LicenseException("the license breaks its format: " + e.getMessage(), e);
        }
    }

    private static String originalMessage(IOException e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e.getMessage());
    }
}
