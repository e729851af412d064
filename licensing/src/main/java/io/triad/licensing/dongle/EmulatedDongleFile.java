package io.triad.licensing.dongle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.triad.durable.DurableFiles;
import io.triad.licensing.crypto.Ed25519;
import java.io.IOException;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Objects;

/**
 * The file that is an emulated dongle: its serial, key pair and stored license. {@code triad dongle emulate} writes
 * one; {@link EmulatedTransport} plugs in every such file of its directory.
 *
 * <p>Format: JSON {@code {"format": "triad-emulated-dongle-1", "serial", "keyId", "firmware", "vendorId",
 * "productId", "privateKey" (PKCS#8, base64), "publicKey" (raw, base64), "license" (base64, may be empty)}}. The
 * private key is in the file because the file plays the key's secure element; a real dongle never gives it out.
 *
 * @param license the stored license document's bytes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmulatedDongleFile(
        String format,
        String serial,
        String keyId,
        String firmware,
        int vendorId,
        int productId,
        String privateKey,
        String publicKey,
        String license) {

    public static final String FORMAT = "triad-emulated-dongle-1";

    /** The file name suffix of emulated dongles. */
    public static final String SUFFIX = ".dongle.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public EmulatedDongleFile {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
        keyId = keyId == null ? serial : keyId;
        firmware = firmware == null ? "1.0" : firmware;
        license = license == null ? "" : license;
    }

    /** A new dongle with a fresh key pair and the given license bytes (empty: none yet). */
    public static EmulatedDongleFile create(String serial, byte[] license, int vendorId, int productId) {
        KeyPair pair = Ed25519.generate();
        Base64.Encoder b64 = Base64.getEncoder();
        return new EmulatedDongleFile(
                FORMAT,
                serial,
                serial,
                "1.0",
                vendorId,
                productId,
                b64.encodeToString(pair.getPrivate().getEncoded()),
                b64.encodeToString(Ed25519.raw(pair.getPublic())),
                b64.encodeToString(license));
    }

    /** The same dongle with another stored license (what flashing a license onto a key does). */
    public EmulatedDongleFile withLicense(byte[] bytes) {
        return new EmulatedDongleFile(
                format,
                serial,
                keyId,
                firmware,
                vendorId,
                productId,
                privateKey,
                publicKey,
                Base64.getEncoder().encodeToString(bytes));
    }

    /** The raw public key. */
    public byte[] publicKeyBytes() {
        return Base64.getDecoder().decode(publicKey);
    }

    /** The stored license's bytes. */
    public byte[] licenseBytes() {
        return Base64.getDecoder().decode(license);
    }

    /**
     * The device this file plays.
     *
     * @throws DongleException when the keys do not decode or do not belong together
     */
    DongleDevice device() throws DongleException {
        try {
            byte[] lic = licenseBytes();
            DongleInfo info = new DongleInfo(serial, keyId, firmware, publicKeyBytes(), lic.length);
            var priv = Ed25519.privateKey(Base64.getDecoder().decode(privateKey));
            byte[] probe = new byte[] {1, 2, 3};
            if (!Ed25519.verify(Ed25519.publicKey(info.publicKey()), probe, Ed25519.sign(priv, probe))) {
                throw new DongleException("emulated dongle " + serial + ": its private and public keys do not match");
            }
            return new DongleDevice(info, priv, lic, vendorId, productId);
        } catch (InvalidKeyException | IllegalArgumentException e) {
            throw new DongleException("emulated dongle " + serial + " is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a dongle file.
     *
     * @throws DongleException when it is not one
     */
    public static EmulatedDongleFile read(Path file) throws DongleException {
        try {
            EmulatedDongleFile f = JSON.readValue(file.toFile(), EmulatedDongleFile.class);
            if (!FORMAT.equals(f.format())) {
                throw new DongleException(
                        file + " is not an emulated dongle (format '" + f.format() + "', expected '" + FORMAT + "')");
            }
            return f;
        } catch (IOException | RuntimeException e) {
            throw new DongleException("cannot read the emulated dongle " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the file atomically (a half-written dongle is never plugged in), readable by the owner only. */
    public void write(Path file) throws IOException {
        DurableFiles.writeCreatingDirectories(file, JSON.writeValueAsBytes(this));
    }

    /** The file name of a dongle with this serial in an emulator directory. */
    public static String fileName(String serial) {
        if (!serial.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(
                    "serial must be 1 to 64 letters, digits, '.', '_' or '-'; got '" + serial + "'");
        }
        return serial + SUFFIX;
    }
}
