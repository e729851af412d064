package io.triad.metrics.store;

import java.util.Arrays;

/**
 * An append-only sequence of bits, most significant bit first, in a growing byte array.
 *
 * <p>NOTE: not thread safe; owned by one chunk appender.
 */
final class BitWriter {
    private byte[] buf;
    private long bits;

    BitWriter(int initialBytes) {
        this.buf = new byte[Math.max(1, initialBytes)];
    }

    /** Writes one bit. */
    void writeBit(boolean bit) {
        int pos = (int) (bits >>> 3);
        ensure(pos);
        if (bit) {
            buf[pos] |= (byte) (0x80 >>> (int) (bits & 7));
        }
        bits++;
    }

    /** Writes the low {@code n} bits of {@code value} ({@code 0 <= n <= 64}), the highest of them first. */
    void writeBits(long value, int n) {
        int left = n;
        while (left > 0) {
            int pos = (int) (bits >>> 3);
            ensure(pos);
            int free = 8 - (int) (bits & 7);
            int take = Math.min(free, left);
            int chunk = (int) ((value >>> (left - take)) & ((1 << take) - 1));
            buf[pos] |= (byte) (chunk << (free - take));
            bits += take;
            left -= take;
        }
    }

    /** The number of bits written. */
    long bitLength() {
        return bits;
    }

    /** The number of bytes the bits occupy. */
    int byteLength() {
        return (int) ((bits + 7) >>> 3);
    }

    /** Copies the written bytes (the last one zero-padded) into {@code dst} at {@code offset}. */
    void copyTo(byte[] dst, int offset) {
        System.arraycopy(buf, 0, dst, offset, byteLength());
    }

    /** The written bytes, the last one zero-padded. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, byteLength());
    }

    private void ensure(int pos) {
        if (pos >= buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + 1));
        }
    }
}
