package io.triad.licensing.license;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.triad.licensing.crypto.Ed25519;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The vendor public keys an appliance trusts, by key id, so that vendor keys can rotate: a license names the key id
 * that signed it, and an appliance that trusts the old and the new id accepts both.
 *
 * <p>Key files are JSON: {@code {"keyId", "algorithm": "Ed25519", "publicKey" (raw, base64)}} and, in a vendor's
 * private key file only, {@code "privateKey"} (PKCS#8, base64). The published demo key ({@value #DEMO_KEY_ID}) is in
 * the jar, private half included: licenses it signs must say {@code "demo": true}.
 *
 * <p>NOTE: immutable and thread safe.
 */
public final class VendorKeys {
    /** The key id of the demonstration vendor key. Its private key is public: it proves nothing about a customer. */
    public static final String DEMO_KEY_ID = "triad-demo-vendor-2026";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEMO_RESOURCE = "demo-vendor-key.json";

    private final Map<String, PublicKey> keys;

    private VendorKeys(Map<String, PublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /** A vendor key pair read from a private key file. */
    public record VendorKeyPair(String keyId, PrivateKey privateKey, PublicKey publicKey) {
        public VendorKeyPair {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(publicKey, "publicKey");
        }
    }

    /** The given keys. */
    public static VendorKeys of(Map<String, PublicKey> keys) {
        return new VendorKeys(keys);
    }

    /** A new vendor key pair named {@code keyId} (what {@code triad license keygen} makes). */
    public static VendorKeyPair generate(String keyId) {
        KeyPair p = Ed25519.generate();
        return new VendorKeyPair(keyId, p.getPrivate(), p.getPublic());
    }

    /**
     * The keys of the given public key files ({@code triad license verify --vendor-key}), by the {@code keyId} each
     * names.
     *
     * @throws IOException when a file is not JSON
     * @throws LicenseException when its {@code publicKey} is not a raw Ed25519 public key in base64
     */
    public static VendorKeys ofPublicKeyFiles(List<Path> files) throws IOException, LicenseException {
        Map<String, PublicKey> m = new LinkedHashMap<>();
        for (Path p : files) {
            JsonNode n = JSON.readTree(p.toFile());
            try {
                m.put(
                        n.path("keyId").asText(),
                        Ed25519.publicKey(
                                Base64.getDecoder().decode(n.path("publicKey").asText())));
            } catch (InvalidKeyException | IllegalArgumentException e) {
                throw new LicenseException(p + " is not a vendor public key: " + e.getMessage(), e);
            }
        }
        return of(m);
    }

    /**
     * The keys of every {@code *.json} file in {@code directory} (none when it does not exist), plus the demo key when
     * {@code trustDemo}.
     *
     * @throws LicenseException when a file is not a vendor key
     */
    public static VendorKeys load(Path directory, boolean trustDemo) throws LicenseException {
        Map<String, PublicKey> out = new LinkedHashMap<>();
        if (trustDemo) {
            VendorKeyPair demo = demo();
            out.put(demo.keyId(), demo.publicKey());
        }
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.json")) {
                for (Path p : ds) {
                    JsonNode n = readTree(p);
                    String id = text(n, "keyId", p.toString());
                    if (id.equals(DEMO_KEY_ID) && !trustDemo) {
                        throw new LicenseException(p + " holds the demo vendor key, and licensing.trustDemoKey is off");
                    }
                    out.put(id, publicKey(n, p.toString()));
                }
            } catch (IOException e) {
                throw new LicenseException("cannot list the vendor keys in " + directory + ": " + e.getMessage(), e);
            }
        }
        return new VendorKeys(out);
    }

    /** The demonstration vendor key pair from the jar. */
    public static VendorKeyPair demo() {
        try (InputStream in = VendorKeys.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + DEMO_RESOURCE);
            }
            return pair(JSON.readTree(in), DEMO_RESOURCE);
        } catch (IOException | LicenseException e) {
            throw new IllegalStateException("the demo vendor key in the jar is unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a vendor's private key file (written by {@code triad license keygen}).
     *
     * @throws LicenseException when it is not one
     */
    public static VendorKeyPair readPrivate(Path file) throws LicenseException {
        return pair(readTree(file), file.toString());
    }

    /** The JSON of a new key file: with the private key when {@code withPrivate}. */
    public static String keyFile(
            String keyId, PublicKey publicKey, @org.jspecify.annotations.Nullable PrivateKey privateKey) {
        var n = JSON.createObjectNode();
        n.put("keyId", keyId);
        n.put("algorithm", "Ed25519");
        n.put("publicKey", Base64.getEncoder().encodeToString(Ed25519.raw(publicKey)));
        if (privateKey != null) {
            n.put("privateKey", Base64.getEncoder().encodeToString(privateKey.getEncoded()));
        }
        return n.toPrettyString() + "\n";
    }

    /** The key of an id. */
    public Optional<PublicKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    /** The trusted key ids. */
    public Set<String> ids() {
        return keys.keySet();
    }

    private static VendorKeyPair pair(JsonNode n, String where) throws LicenseException {
        String id = text(n, "keyId", where);
        try {
            PrivateKey priv = Ed25519.privateKey(Base64.getDecoder().decode(text(n, "privateKey", where)));
            PublicKey pub = publicKey(n, where);
            byte[] probe = {7};
            if (!Ed25519.verify(pub, probe, Ed25519.sign(priv, probe))) {
                throw new LicenseException(where + ": the private and public keys do not belong together");
            }
            return new VendorKeyPair(id, priv, pub);
        } catch (InvalidKeyException | IllegalArgumentException e) {
            throw new LicenseException(where + ": not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    private static PublicKey publicKey(JsonNode n, String where) throws LicenseException {
        String alg = n.path("algorithm").asText("");
        if (!"Ed25519".equals(alg)) {
            throw new LicenseException(where + ": algorithm must be Ed25519; got '" + alg + "'");
        }
        try {
            return Ed25519.publicKey(Base64.getDecoder().decode(text(n, "publicKey", where)));
        } catch (InvalidKeyException | IllegalArgumentException e) {
            throw new LicenseException(where + ": publicKey is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field, String where) throws LicenseException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new LicenseException(where + ": '" + field + "' is missing");
        }
        return v.asText();
    }

    private static JsonNode readTree(Path p) throws LicenseException {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new LicenseException("cannot read the key file " + p + ": " + e.getMessage(), e);
        }
    }
}
