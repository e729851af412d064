package io.triad.metrics.store;

import java.util.Arrays;

/**
 * An append-only sequence of bits, most significant bit first, in a growing byte array.
 *
 * <p>Bits gather in a 64-bit accumulator and reach the array eight bytes at a time, so a sample of a dozen bits costs
 * a few shifts and touches the array only every few samples.
 *
 * <p>NOTE: not thread safe; owned by one chunk appender.
 */
final class BitWriter {
    private byte[] buf;
    /** Bytes flushed to {@link #buf} (a multiple of 8). */
    private int flushed;
    /** The pending bits, in the low {@link #pending} bits. */
    private long acc;

    private int pending;

    BitWriter(int initialBytes) {
        this.buf = new byte[Math.max(8, (initialBytes + 7) & ~7)];
    }

    /** Writes one bit. */
    void writeBit(boolean bit) {
        writeBits(bit ? 1 : 0, 1);
    }

    /** Writes the low {@code n} bits of {@code value} ({@code 0 <= n <= 64}), the highest of them first. */
    void writeBits(long value, int n) {
        if (n == 0) {
            return;
        }
        long v = n == 64 ? value : value & ((1L << n) - 1);
        int free = 64 - pending;
        if (n < free) {
            acc = (acc << n) | v;
            pending += n;
            return;
        }
        int rest = n - free;
        // the top 'free' bits of v complete the accumulator; the low 'rest' bits start the next one
        long word = free == 64 ? v : (acc << free) | (v >>> rest);
        flush(word);
        acc = rest == 0 ? 0 : v & ((1L << rest) - 1);
        pending = rest;
    }

    private void flush(long word) {
        if (flushed + 8 > buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        for (int i = 0; i < 8; i++) {
            buf[flushed + i] = (byte) (word >>> (56 - 8 * i));
        }
        flushed += 8;
    }

    /** The number of bits written. */
    long bitLength() {
        return (long) flushed * 8 + pending;
    }

    /** The number of bytes the bits occupy. */
    int byteLength() {
        return flushed + (pending + 7) / 8;
    }

    /** Copies the written bytes (the last one zero-padded) into {@code dst} at {@code offset}. */
    void copyTo(byte[] dst, int offset) {
        System.arraycopy(buf, 0, dst, offset, flushed);
        if (pending > 0) {
            long aligned = acc << (64 - pending);
            int tail = (pending + 7) / 8;
            for (int i = 0; i < tail; i++) {
                dst[offset + flushed + i] = (byte) (aligned >>> (56 - 8 * i));
            }
        }
    }

    /** The written bytes, the last one zero-padded. */
    byte[] toByteArray() {
        byte[] out = new byte[byteLength()];
        copyTo(out, 0);
        return out;
    }
}
