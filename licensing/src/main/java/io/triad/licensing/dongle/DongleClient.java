package io.triad.licensing.dongle;

import java.io.ByteArrayOutputStream;

/**
 * The host side of {@link DongleProtocol}: reads a dongle's info and license and has it answer a challenge, over an
 * open {@link DongleTransport.Session}.
 *
 * <p>NOTE: stateless; the session's exclusivity keeps a challenge and its response together.
 */
public final class DongleClient {
    private DongleClient() {}

    /** GET_INFO. */
    public static DongleInfo info(DongleTransport.Session session) throws DongleException {
        return DongleInfo.decode(session.controlIn(DongleProtocol.GET_INFO, 0, 0, DongleProtocol.INFO_MAX_BYTES));
    }

    /**
     * Reads the stored license chunk by chunk.
     *
     * @param length the size GET_INFO reported
     * @throws DongleException when a chunk is missing or the dongle sends more or less than it announced
     */
    public static byte[] license(DongleTransport.Session session, int length) throws DongleException {
        if (length < 0 || length > DongleProtocol.MAX_LICENSE_BYTES) {
            throw new DongleException("the dongle announces a license of " + length + " bytes; at most "
                    + DongleProtocol.MAX_LICENSE_BYTES);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        for (int chunk = 0; out.size() < length; chunk++) {
            byte[] part = session.controlIn(DongleProtocol.GET_LICENSE, 0, chunk, DongleProtocol.CHUNK_BYTES);
            if (part.length == 0) {
                break;
            }
            out.write(part, 0, part.length);
            if (part.length < DongleProtocol.CHUNK_BYTES) {
                break;
            }
        }
        if (out.size() != length) {
            throw new DongleException("the dongle announced a license of " + length + " bytes and sent " + out.size());
        }
        return out.toByteArray();
    }

    /**
     * CHALLENGE with {@code nonce}, then GET_RESPONSE.
     *
     * @return the dongle's 64-byte signature of {@link DongleProtocol#signedMessage}
     */
    public static byte[] challenge(DongleTransport.Session session, byte[] nonce) throws DongleException {
        if (nonce.length != DongleProtocol.NONCE_BYTES) {
            throw new IllegalArgumentException(
                    "a nonce is " + DongleProtocol.NONCE_BYTES + " bytes; got " + nonce.length);
        }
        session.controlOut(DongleProtocol.CHALLENGE, 0, 0, nonce);
        byte[] signature = session.controlIn(DongleProtocol.GET_RESPONSE, 0, 0, DongleProtocol.SIGNATURE_BYTES);
        if (signature.length != DongleProtocol.SIGNATURE_BYTES) {
            throw new DongleException("GET_RESPONSE sent " + signature.length + " bytes; a signature is "
                    + DongleProtocol.SIGNATURE_BYTES);
        }
        return signature;
    }
}
