package io.triad.collector.gelf;

import io.triad.collector.codec.CodecException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Detects how a GELF payload is compressed by its magic bytes and inflates it within a size limit.
 *
 * <p>GELF 1.1 payloads are plain JSON, gzip (RFC 1952, magic {@code 1f 8b}) or zlib (RFC 1950, CMF {@code 78} with
 * one of the FLG bytes {@code 01 5e 9c da}). The limit bounds what is inflated, so a small zip bomb fails after
 * at most {@code maxBytes + 1} bytes of output. Stateless and thread safe.
 */
final class PayloadInflater {
    private final int maxBytes;

    PayloadInflater(int maxBytes) {
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(
                    "maxDecompressedBytes must be within 1.." + (Integer.MAX_VALUE - 16) + "; got: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    static boolean isGzip(byte[] p) {
        return p.length >= 2 && (p[0] & 0xff) == 0x1f && (p[1] & 0xff) == 0x8b;
    }

    static boolean isZlib(byte[] p) {
        if (p.length < 2 || (p[0] & 0xff) != 0x78) {
            return false;
        }
        int flg = p[1] & 0xff;
        return flg == 0x01 || flg == 0x5e || flg == 0x9c || flg == 0xda;
    }

    /** The payload itself when it is plain, else its inflated bytes. */
    byte[] inflate(byte[] payload) throws CodecException {
        if (isGzip(payload)) {
            return read(payload, "gzip");
        }
        if (isZlib(payload)) {
            return read(payload, "zlib");
        }
        if (payload.length > maxBytes) {
            throw new CodecException(
                    "GELF payload size (" + payload.length + ") exceeds the allowed maximum (" + maxBytes + ")");
        }
        return payload;
    }

    private byte[] read(byte[] payload, String format) throws CodecException {
        ByteArrayInputStream source = new ByteArrayInputStream(payload);
        byte[] out = new byte[(int) Math.min((long) maxBytes + 1, Math.max(256L, payload.length * 4L))];
        int n = 0;
        try (InputStream in = format.equals("gzip") ? new GZIPInputStream(source) : new InflaterInputStream(source)) {
            while (true) {
                if (n == out.length) {
                    if (n > maxBytes) {
                        throw new CodecException("decompressed size exceeds the allowed maximum (" + maxBytes + ")");
                    }
                    out = Arrays.copyOf(out, (int) Math.min((long) maxBytes + 1, (long) out.length * 2));
                }
                int r = in.read(out, n, out.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (IOException e) {
            throw new CodecException("GELF " + format + " payload is corrupt: " + e.getMessage(), e);
        }
        if (n > maxBytes) {
            throw new CodecException("decompressed size exceeds the allowed maximum (" + maxBytes + ")");
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
