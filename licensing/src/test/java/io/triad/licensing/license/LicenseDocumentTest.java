package io.triad.licensing.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.triad.licensing.crypto.Ed25519;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LicenseDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestLicenses t = new TestLicenses();

    @Test
    void aSignedLicenseVerifiesAndReadsBackEqual() throws Exception {
        SignedLicense s = LicenseDocument.verify(t.document(), t.keys);
        assertThat(s.license()).isEqualTo(t.license());
        assertThat(s.keyId()).isEqualTo("vendor-test-1");
    }

    @Test
    void reformattingTheFileKeepsTheSignatureValid() throws Exception {
        // canonical JSON: white space and member order are not signed
        ObjectNode doc = (ObjectNode) JSON.readTree(t.document());
        ObjectNode body = (ObjectNode) doc.get("license");
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        ObjectNode reversed = JSON.createObjectNode();
        for (int i = names.size() - 1; i >= 0; i--) {
            reversed.set(names.get(i), body.get(names.get(i)));
        }
        doc.set("license", reversed);
        byte[] compact = JSON.writeValueAsBytes(doc);
        assertThat(LicenseDocument.verify(compact, t.keys).license()).isEqualTo(t.license());
    }

    /** Every leaf of the license, changed in turn: none of the changed documents verifies. */
    @Test
    void tamperingWithAnyFieldBreaksTheSignature() throws Exception {
        JsonNode doc = JSON.readTree(t.document());
        List<String> paths = new ArrayList<>();
        leaves(doc.get("license"), "", paths);
        assertThat(paths).hasSizeGreaterThan(30);
        for (String path : paths) {
            ObjectNode copy = doc.deepCopy();
            tamper(copy.get("license"), path);
            byte[] bytes = JSON.writeValueAsBytes(copy);
            assertThatThrownBy(() -> LicenseDocument.verify(bytes, t.keys))
                    .as("tampered %s", path)
                    .isInstanceOf(LicenseException.class)
                    .hasMessageContaining("signature does not verify");
        }
    }

    @Test
    void addingOrRemovingAFieldBreaksTheSignature() throws Exception {
        ObjectNode added = (ObjectNode) JSON.readTree(t.document());
        ((ObjectNode) added.get("license")).put("unlimited", true);
        assertThatThrownBy(() -> LicenseDocument.verify(JSON.writeValueAsBytes(added), t.keys))
                .hasMessageContaining("signature does not verify");
        ObjectNode removed = (ObjectNode) JSON.readTree(t.document());
        ((ObjectNode) removed.get("license")).remove("notAfter");
        assertThatThrownBy(() -> LicenseDocument.verify(JSON.writeValueAsBytes(removed), t.keys))
                .hasMessageContaining("signature does not verify");
        ObjectNode sigChanged = (ObjectNode) JSON.readTree(t.document());
        byte[] sig = java.util.Base64.getDecoder()
                .decode(sigChanged.get("signature").get("value").asText());
        sig[10] ^= 1;
        ((ObjectNode) sigChanged.get("signature"))
                .put("value", java.util.Base64.getEncoder().encodeToString(sig));
        assertThatThrownBy(() -> LicenseDocument.verify(JSON.writeValueAsBytes(sigChanged), t.keys))
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void aLicenseOfAnUntrustedKeyIsRefusedByName() {
        KeyPair other = Ed25519.generate();
        var rogue = new VendorKeys.VendorKeyPair("rogue-1", other.getPrivate(), other.getPublic());
        byte[] doc = LicenseDocument.sign(t.license(), rogue);
        assertThatThrownBy(() -> LicenseDocument.verify(doc, t.keys))
                .hasMessageContaining("'rogue-1', which this appliance does not trust");
    }

    @Test
    void aKeyIdOfATrustedKeyWithAnotherKeysSignatureIsRefused() {
        KeyPair other = Ed25519.generate();
        var impostor = new VendorKeys.VendorKeyPair("vendor-test-1", other.getPrivate(), other.getPublic());
        byte[] doc = LicenseDocument.sign(t.license(), impostor);
        assertThatThrownBy(() -> LicenseDocument.verify(doc, t.keys)).hasMessageContaining("signature does not verify");
    }

    @Test
    void rotatedVendorKeysAreTrustedSideBySide() throws Exception {
        KeyPair next = Ed25519.generate();
        var rotated = new VendorKeys.VendorKeyPair("vendor-test-2", next.getPrivate(), next.getPublic());
        VendorKeys both =
                VendorKeys.of(Map.of("vendor-test-1", t.vendor.publicKey(), "vendor-test-2", next.getPublic()));
        assertThat(LicenseDocument.verify(t.document(), both).keyId()).isEqualTo("vendor-test-1");
        assertThat(LicenseDocument.verify(LicenseDocument.sign(t.license(), rotated), both)
                        .keyId())
                .isEqualTo("vendor-test-2");
    }

    @Test
    void theDemoKeySignsOnlyDemoLicenses() throws Exception {
        VendorKeys.VendorKeyPair demo = VendorKeys.demo();
        assertThatThrownBy(() -> LicenseDocument.sign(t.license(), demo)).hasMessageContaining("demonstration");
        License l = t.license();
        License demoLicense = new License(
                l.format(),
                l.licenseId(),
                l.customer(),
                l.clusterId(),
                l.sites(),
                l.dongles(),
                l.modules(),
                l.limits(),
                l.notBefore(),
                l.notAfter(),
                l.issued(),
                l.policy(),
                true);
        VendorKeys trusted = VendorKeys.of(Map.of(VendorKeys.DEMO_KEY_ID, demo.publicKey()));
        assertThat(LicenseDocument.verify(LicenseDocument.sign(demoLicense, demo), trusted)
                        .license()
                        .demo())
                .isTrue();
        // a document that claims demo:false under the demo key, signed with the (public) demo private key by hand
        ObjectNode body = LicenseDocument.toJson(l);
        byte[] canon = CanonicalJson.bytes(body);
        byte[] msg = (LicenseDocument.DOMAIN_TAG + new String(canon, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        ObjectNode doc = JSON.createObjectNode();
        doc.set("license", body);
        doc.putObject("signature")
                .put("algorithm", "Ed25519")
                .put("keyId", VendorKeys.DEMO_KEY_ID)
                .put("value", java.util.Base64.getEncoder().encodeToString(Ed25519.sign(demo.privateKey(), msg)));
        assertThatThrownBy(() -> LicenseDocument.verify(JSON.writeValueAsBytes(doc), trusted))
                .hasMessageContaining("not marked demo");
    }

    @Test
    void malformedDocumentsSayWhatIsWrong() {
        assertThatThrownBy(() -> LicenseDocument.verify("nope".getBytes(StandardCharsets.UTF_8), t.keys))
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> LicenseDocument.verify("{\"license\":{}}".getBytes(StandardCharsets.UTF_8), t.keys))
                .hasMessageContaining("not signed");
        assertThatThrownBy(() -> LicenseDocument.verify(new byte[LicenseDocument.MAX_BYTES + 1], t.keys))
                .hasMessageContaining("at most 65536");
        assertThatThrownBy(() -> LicenseDocument.verify(
                        "{\"license\":{},\"signature\":{\"algorithm\":\"RSA\"}}".getBytes(StandardCharsets.UTF_8),
                        t.keys))
                .hasMessageContaining("must be Ed25519");
    }

    @Test
    void aSignedDocumentThatBreaksTheFormatIsRefusedWithTheRule() throws Exception {
        ObjectNode body = LicenseDocument.toJson(t.license());
        ((ObjectNode) body.get("policy")).put("quorum", 4);
        assertThatThrownBy(() -> LicenseDocument.verify(signRaw(body), t.keys))
                .hasMessageContaining("quorum 4 is more than the 3 sites");
        ObjectNode fraction = LicenseDocument.toJson(t.license());
        ((ObjectNode) fraction.get("limits")).put("nodes", 1.5);
        assertThatThrownBy(() -> LicenseDocument.verify(signRaw(fraction), t.keys))
                .hasMessageContaining("not an integer");
    }

    private byte[] signRaw(ObjectNode body) throws Exception {
        ObjectNode doc = JSON.createObjectNode();
        doc.set("license", body);
        byte[] msg;
        try {
            byte[] canon = CanonicalJson.bytes(body);
            msg = (LicenseDocument.DOMAIN_TAG + new String(canon, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (LicenseException e) {
            msg = new byte[0];
        }
        doc.putObject("signature")
                .put("algorithm", "Ed25519")
                .put("keyId", t.vendor.keyId())
                .put("value", java.util.Base64.getEncoder().encodeToString(Ed25519.sign(t.vendor.privateKey(), msg)));
        return JSON.writeValueAsBytes(doc);
    }

    private static void leaves(JsonNode n, String path, List<String> out) {
        if (n.isObject()) {
            n.properties().forEach(e -> leaves(e.getValue(), path + "/" + e.getKey(), out));
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                leaves(n.get(i), path + "/" + i, out);
            }
        } else {
            out.add(path);
        }
    }

    private static void tamper(JsonNode root, String path) {
        int cut = path.lastIndexOf('/');
        JsonNode parent = cut == 0 ? root : root.at(path.substring(0, cut));
        String key = path.substring(cut + 1);
        JsonNode old = parent.isArray() ? parent.get(Integer.parseInt(key)) : parent.get(key);
        JsonNode changed;
        if (old.isBoolean()) {
            changed = BooleanNode.valueOf(!old.booleanValue());
        } else if (old.isNumber()) {
            changed = IntNode.valueOf(old.intValue() + 1);
        } else {
            String s = old.asText();
            // change one character in the middle, keeping the value well-formed where possible
            int i = s.length() / 2;
            char c = s.charAt(i);
            char d = Character.isDigit(c) ? (char) ('0' + (c - '0' + 1) % 10) : (c == 'A' ? 'B' : 'A');
            changed = TextNode.valueOf(s.substring(0, i) + d + s.substring(i + 1));
        }
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(key), changed);
        } else {
            ((ObjectNode) parent).set(key, changed);
        }
    }
}
