package io.triad.licensing.license;

import java.util.Arrays;
import java.util.Objects;

/**
 * A license whose signature a trusted vendor key verified.
 *
 * @param license the license
 * @param keyId the vendor key that signed it
 * @param document the document's bytes as installed (what {@code GET /api/v1/license/document} and dongles carry)
 */
public record SignedLicense(License license, String keyId, byte[] document) {
    public SignedLicense {
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(keyId, "keyId");
        document = document.clone();
    }

    @Override
    public byte[] document() {
        return document.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedLicense s
                && license.equals(s.license)
                && keyId.equals(s.keyId)
                && Arrays.equals(document, s.document);
    }

    @Override
    public int hashCode() {
        return Objects.hash(license, keyId, Arrays.hashCode(document));
    }

    @Override
    public String toString() {
        return "SignedLicense[" + license.licenseId() + " by " + keyId + "]";
    }
}
