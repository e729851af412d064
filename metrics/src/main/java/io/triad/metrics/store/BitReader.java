package io.triad.metrics.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads bits, most significant first, from a byte range written by {@link BitWriter}.
 *
 * <p>NOTE: not thread safe; one reader per decoding.
 */
final class BitReader {
    private static final VarHandle BIG_ENDIAN =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] buf;
    private final long endBit;
    private long bit;

    BitReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new IllegalArgumentException("range [" + offset + ", " + offset + "+" + length
                    + ") is outside the array of " + buf.length + " bytes");
        }
        this.buf = buf;
        this.bit = (long) offset * 8;
        this.endBit = (long) (offset + length) * 8;
    }

    boolean readBit() {
        if (bit >= endBit) {
            throw overrun(1);
        }
        boolean b = (buf[(int) (bit >>> 3)] & (0x80 >>> (int) (bit & 7))) != 0;
        bit++;
        return b;
    }

    /**
     * Reads a unary prefix: the number of 1 bits before the next 0 bit, at most {@code max} ({@code 1 <= max <= 56});
     * the terminating 0 is read too unless {@code max} ones came first. One load instead of a read per bit.
     */
    int unary(int max) {
        int i = (int) (bit >>> 3);
        if (i + 8 <= buf.length) {
            long w = ~((long) BIG_ENDIAN.get(buf, i) << (bit & 7));
            int ones = Math.min(Long.numberOfLeadingZeros(w), max);
            int used = ones < max ? ones + 1 : ones;
            if (bit + used > endBit) {
                throw overrun(used);
            }
            bit += used;
            return ones;
        }
        int ones = 0;
        while (ones < max && readBit()) {
            ones++;
        }
        return ones;
    }

    /** Reads {@code n} bits ({@code 0 <= n <= 64}) as an unsigned number. */
    long readBits(int n) {
        if (bit + n > endBit) {
            throw overrun(n);
        }
        int i = (int) (bit >>> 3);
        int o = (int) (bit & 7);
        if (n > 0 && n <= 56 && i + 8 <= buf.length) {
            // NOTE: one 8-byte big-endian load covers o + n <= 63 bits; most reads take this path
            long w = (long) BIG_ENDIAN.get(buf, i);
            bit += n;
            return (w << o) >>> (64 - n);
        }
        long v = 0;
        int left = n;
        while (left > 0) {
            int avail = 8 - (int) (bit & 7);
            int take = Math.min(avail, left);
            int b = buf[(int) (bit >>> 3)] & 0xff;
            int chunk = (b >>> (avail - take)) & ((1 << take) - 1);
            v = (v << take) | chunk;
            bit += take;
            left -= take;
        }
        return v;
    }

    private ChunkFormatException overrun(int n) {
        return new ChunkFormatException(
                "chunk data ends at bit " + endBit + " but " + n + " more bits were needed at bit " + bit);
    }
}
