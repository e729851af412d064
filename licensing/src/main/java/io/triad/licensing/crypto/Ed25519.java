package io.triad.licensing.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 (RFC 8032) through the JDK's {@code SunEC} provider: key generation, signing, verification, and the
 * conversions between the JDK's encodings and the raw 32-byte public keys that dongles and licenses carry.
 *
 * <p>NOTE: stateless and thread safe.
 */
public final class Ed25519 {
    /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410 section 4), before the raw 32 bytes. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    public static final int PUBLIC_KEY_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;

    private Ed25519() {}

    /** A new key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (SunEC): " + e.getMessage(), e);
        }
    }

    /** The raw 32-byte form of an Ed25519 public key. */
    public static byte[] raw(PublicKey key) {
        byte[] x509 = key.getEncoded();
        if (x509.length != X509_PREFIX.length + PUBLIC_KEY_BYTES
                || !Arrays.equals(x509, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(x509, X509_PREFIX.length, x509.length);
    }

    /**
     * The public key of raw bytes.
     *
     * @throws InvalidKeyException when they are not 32 bytes or not a point of the curve
     */
    public static PublicKey publicKey(byte[] raw) throws InvalidKeyException {
        if (raw.length != PUBLIC_KEY_BYTES) {
            throw new InvalidKeyException("an Ed25519 public key is 32 bytes; got " + raw.length);
        }
        byte[] x509 = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + PUBLIC_KEY_BYTES);
        System.arraycopy(raw, 0, x509, X509_PREFIX.length, PUBLIC_KEY_BYTES);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
        } catch (InvalidKeySpecException e) {
            throw new InvalidKeyException("not an Ed25519 public key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (SunEC): " + e.getMessage(), e);
        }
    }

    /**
     * The private key of its PKCS#8 encoding.
     *
     * @throws InvalidKeyException when it is not an Ed25519 private key
     */
    public static PrivateKey privateKey(byte[] pkcs8) throws InvalidKeyException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (InvalidKeySpecException e) {
            throw new InvalidKeyException("not an Ed25519 private key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (SunEC): " + e.getMessage(), e);
        }
    }

    /** Signs {@code message}; 64 bytes. */
    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (InvalidKeyException | SignatureException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (SunEC): " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} is {@code key}'s signature of {@code message}; false for malformed signatures too. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (SunEC): " + e.getMessage(), e);
        }
    }
}
