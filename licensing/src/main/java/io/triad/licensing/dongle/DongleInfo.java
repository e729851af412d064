package io.triad.licensing.dongle;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a dongle says about itself in {@code GET_INFO}.
 *
 * <p>Wire format (big-endian): {@code u8 version, u8 firmware major, u8 firmware minor, u8 serial length, serial
 * (UTF-8), u8 key id length, key id (UTF-8), 32 bytes Ed25519 public key, u32 license length}.
 *
 * @param serial the dongle's own serial number (each clone has its own)
 * @param keyId names the dongle's key pair
 * @param firmware {@code major.minor}
 * @param publicKey the raw 32-byte Ed25519 public key
 * @param licenseBytes the size of the stored license (0: none)
 */
public record DongleInfo(String serial, String keyId, String firmware, byte[] publicKey, int licenseBytes) {
    public DongleInfo {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(firmware, "firmware");
        if (serial.isEmpty() || serial.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("serial must be 1 to 255 bytes; got '" + serial + "'");
        }
        if (keyId.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("key id must be at most 255 bytes; got '" + keyId + "'");
        }
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("public key must be 32 bytes; got " + publicKey.length);
        }
        if (licenseBytes < 0 || licenseBytes > DongleProtocol.MAX_LICENSE_BYTES) {
            throw new IllegalArgumentException(
                    "license size must be 0 to " + DongleProtocol.MAX_LICENSE_BYTES + " bytes; got " + licenseBytes);
        }
        publicKey = publicKey.clone();
        if (!firmware.matches("\\d{1,3}\\.\\d{1,3}")) {
            throw new IllegalArgumentException("firmware must be major.minor; got '" + firmware + "'");
        }
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The {@code GET_INFO} answer. */
    public byte[] encode() {
        byte[] s = serial.getBytes(StandardCharsets.UTF_8);
        byte[] k = keyId.getBytes(StandardCharsets.UTF_8);
        String[] fw = firmware.split("\\.", 2);
        ByteBuffer b = ByteBuffer.allocate(3 + 1 + s.length + 1 + k.length + 32 + 4);
        b.put((byte) DongleProtocol.VERSION);
        b.put((byte) Integer.parseInt(fw[0]));
        b.put((byte) Integer.parseInt(fw[1]));
        b.put((byte) s.length).put(s);
        b.put((byte) k.length).put(k);
        b.put(publicKey);
        b.putInt(licenseBytes);
        return b.array();
    }

    /**
     * Reads a {@code GET_INFO} answer.
     *
     * @throws DongleException when it is not protocol version 1 or is cut short
     */
    public static DongleInfo decode(byte[] data) throws DongleException {
        try {
            ByteBuffer b = ByteBuffer.wrap(data);
            int version = b.get() & 0xff;
            if (version != DongleProtocol.VERSION) {
                throw new DongleException("the dongle speaks protocol version " + version + "; this appliance speaks "
                        + DongleProtocol.VERSION);
            }
            String fw = (b.get() & 0xff) + "." + (b.get() & 0xff);
            String serial = string(b);
            String keyId = string(b);
            byte[] key = new byte[32];
            b.get(key);
            int license = b.getInt();
            return new DongleInfo(serial, keyId, fw, key, license);
        } catch (BufferUnderflowException e) {
            throw new DongleException("GET_INFO answer cut short (" + data.length + " bytes)", e);
        } catch (IllegalArgumentException e) {
            throw new DongleException("GET_INFO answer is invalid: " + e.getMessage(), e);
        }
    }

    private static String string(ByteBuffer b) {
        byte[] s = new byte[b.get() & 0xff];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DongleInfo d
                && serial.equals(d.serial)
                && keyId.equals(d.keyId)
                && firmware.equals(d.firmware)
                && Arrays.equals(publicKey, d.publicKey)
                && licenseBytes == d.licenseBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(serial, keyId, firmware, Arrays.hashCode(publicKey), licenseBytes);
    }

    @Override
    public String toString() {
        return "DongleInfo[serial=" + serial + ", keyId=" + keyId + ", firmware=" + firmware + ", publicKey="
                + HexFormat.of().formatHex(publicKey) + ", licenseBytes=" + licenseBytes + "]";
    }
}
