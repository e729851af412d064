package io.triad.licensing.dongle;

import java.nio.charset.StandardCharsets;

/**
 * The site dongle's USB protocol, version 1 (documented in {@code docs/licensing.md}): a vendor-specific device
 * (class 0xFF, one configuration, one interface without endpoints) that answers vendor control transfers on endpoint
 * 0.
 *
 * <table>
 *   <caption>Vendor requests</caption>
 *   <tr><th>bRequest</th><th>direction</th><th>wValue / wIndex</th><th>data</th></tr>
 *   <tr><td>{@link #GET_INFO} 0x01</td><td>IN</td><td>0 / 0</td><td>{@link DongleInfo#encode()}</td></tr>
 *   <tr><td>{@link #GET_LICENSE} 0x02</td><td>IN</td><td>0 / chunk number</td><td>up to {@link #CHUNK_BYTES} bytes
 *       of the stored license; a chunk past the end STALLs</td></tr>
 *   <tr><td>{@link #CHALLENGE} 0x03</td><td>OUT</td><td>0 / 0</td><td>a {@link #NONCE_BYTES}-byte host nonce</td></tr>
 *   <tr><td>{@link #GET_RESPONSE} 0x04</td><td>IN</td><td>0 / 0</td><td>the {@link #SIGNATURE_BYTES}-byte Ed25519
 *       signature of {@link #signedMessage}; once per challenge, else STALL</td></tr>
 * </table>
 *
 * <p>Anything else STALLs. The key pair is the dongle's own: the private key never leaves it, the public key is in
 * {@code GET_INFO} and, authoritatively, in the signed license.
 */
public final class DongleProtocol {
    /** The protocol version in {@code GET_INFO}'s first byte. */
    public static final int VERSION = 1;

    /** Default USB ids: pid.codes' open-source vendor id and the product id of the Triad site dongle. */
    public static final int DEFAULT_VENDOR_ID = 0x1209;

    public static final int DEFAULT_PRODUCT_ID = 0x7a1d;

    /** {@code bmRequestType} of vendor requests to the device and from it. */
    public static final int REQUEST_TYPE_OUT = 0x40;

    public static final int REQUEST_TYPE_IN = 0xc0;

    public static final int GET_INFO = 0x01;
    public static final int GET_LICENSE = 0x02;
    public static final int CHALLENGE = 0x03;
    public static final int GET_RESPONSE = 0x04;

    /** The size of a license chunk; the last chunk is shorter (possibly empty when the size is a multiple). */
    public static final int CHUNK_BYTES = 1024;

    /** The largest license a dongle stores. */
    public static final int MAX_LICENSE_BYTES = 64 * 1024;

    public static final int NONCE_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;

    /** The buffer the host offers for {@code GET_INFO}. */
    public static final int INFO_MAX_BYTES = 512;

    private static final byte[] DOMAIN = "TRIAD-DONGLE-CHALLENGE-1".getBytes(StandardCharsets.US_ASCII);

    private DongleProtocol() {}

    /**
     * What the dongle signs for a challenge: the domain tag, a zero byte, the serial's length and UTF-8 bytes, the
     * nonce. The serial binds the answer to this dongle, the domain tag to this use of its key.
     */
    public static byte[] signedMessage(String serial, byte[] nonce) {
        byte[] s = serial.getBytes(StandardCharsets.UTF_8);
        if (s.length > 255) {
            throw new IllegalArgumentException("serial is " + s.length + " bytes; at most 255");
        }
        byte[] out = new byte[DOMAIN.length + 2 + s.length + nonce.length];
        System.arraycopy(DOMAIN, 0, out, 0, DOMAIN.length);
        out[DOMAIN.length] = 0;
        out[DOMAIN.length + 1] = (byte) s.length;
        System.arraycopy(s, 0, out, DOMAIN.length + 2, s.length);
        System.arraycopy(nonce, 0, out, DOMAIN.length + 2 + s.length, nonce.length);
        return out;
    }

    /** The name of a vendor request for messages. */
    public static String requestName(int request) {
        return switch (request) {
            case GET_INFO -> "GET_INFO";
            case GET_LICENSE -> "GET_LICENSE";
            case CHALLENGE -> "CHALLENGE";
            case GET_RESPONSE -> "GET_RESPONSE";
            default -> String.format(java.util.Locale.ROOT, "0x%02x", request);
        };
    }
}
