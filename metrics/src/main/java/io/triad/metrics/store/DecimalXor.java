package io.triad.metrics.store;

/**
 * The store's float64 value encoding: Gorilla's XOR where it is cheap, and the delta of decimal mantissas where the
 * values are decimals, as monitoring values mostly are (CPU 12.5 %, load 0.57, byte and tick counters).
 *
 * <p>The first value is written whole (64 bits). A value is <em>decimal at scale s</em> ({@code 0 <= s <= 7}) when a
 * long {@code m} with {@code |m| < 2^53} gives it back exactly as {@code (double) m / 10^s}; the coder keeps a current
 * scale, at first the smallest at which the first value is decimal. Every later value is one of:
 *
 * <ul>
 *   <li>{@code 0}: the same bits as the previous value;
 *   <li>{@code 10} + delta: both values decimal at the current scale, the difference of their mantissas;
 *   <li>{@code 110} + 3 bits scale + delta: the same at another scale, which becomes the current one;
 *   <li>{@code 111} + XOR: {@link Gorilla}'s XOR with the previous value (its window of leading and trailing zeros).
 * </ul>
 *
 * A delta is zig-zag encoded into {@code u}, then written as {@code 0} + {@code u} in the previous delta's width, or
 * {@code 1} + 6 bits (width - 1) + {@code u} in its own width, which becomes the width to reuse. The encoder picks the
 * cheapest of the choices open to it (so byte counters that move by multiples of 4096 stay XOR, a load average moving
 * by hundredths costs a few bits); the decoder only follows the bits. Values are compared as raw bits, so every NaN
 * payload (Prometheus's stale marker included), -0.0 and the infinities round-trip exactly.
 *
 * <p>NOTE: on values with one or two decimals plain Gorilla costs 50 to 60 bits (their binary mantissas differ all the
 * way down); this costs 8 to 12. Stateful and not thread safe.
 */
final class DecimalXor {
    /** The largest scale: seven decimals. */
    static final int MAX_SCALE = 7;

    private static final double[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000};
    private static final double LIMIT = 0x1p53;

    private DecimalXor() {}

    /**
     * The mantissa of {@code v} at scale {@code s}, or {@link Long#MIN_VALUE} when {@code v} is not decimal at that
     * scale (NaN, infinite, -0.0, too large, or not exact).
     */
    static long mantissa(double v, int s) {
        double x = v * POW10[s];
        if (!(Math.abs(x) < LIMIT)) {
            return Long.MIN_VALUE; // NaN, infinities and large values
        }
        long m = Math.round(x);
        return Double.doubleToRawLongBits(m / POW10[s]) == Double.doubleToRawLongBits(v) ? m : Long.MIN_VALUE;
    }

    /** The value of mantissa {@code m} at scale {@code s}: what {@link #mantissa} inverts. */
    static double value(long m, int s) {
        return m / POW10[s];
    }

    /** The state both sides keep: the previous value, its mantissa at the current scale, the delta and XOR windows. */
    private abstract static class State {
        boolean first = true;
        long prevBits;
        int scale;
        long prevM = Long.MIN_VALUE;
        int width;
        int leading = -1;
        int trailing;

        /** Makes {@code v} the previous value (after a sample, or as an agreed reference). */
        final void previous(double v) {
            prevBits = Double.doubleToRawLongBits(v);
            prevM = mantissa(v, scale);
        }

        /** After the first value: the smallest scale at which it is decimal (0 when none). */
        final void firstValue(double v) {
            first = false;
            scale = 0;
            for (int s = 0; s <= MAX_SCALE; s++) {
                if (mantissa(v, s) != Long.MIN_VALUE) {
                    scale = s;
                    break;
                }
            }
            previous(v);
        }
    }

    /** Writes values. */
    static final class Encoder extends State {

        /** Writes {@code value} against {@code reference}, a value the decoder already knows. */
        void writeRelative(BitWriter w, double value, double reference) {
            if (first) {
                firstValue(reference);
            } else {
                previous(reference);
            }
            write(w, value);
        }

        void write(BitWriter w, double value) {
            long bits = Double.doubleToRawLongBits(value);
            if (first) {
                w.writeBits(bits, 64);
                firstValue(value);
                return;
            }
            if (bits == prevBits) {
                w.writeBit(false);
                return;
            }
            // the candidates: delta at the current scale, delta at another scale, XOR
            long m = prevM == Long.MIN_VALUE ? Long.MIN_VALUE : mantissa(value, scale);
            int deltaCost = m == Long.MIN_VALUE ? Integer.MAX_VALUE : 2 + deltaCost(zigzag(m - prevM));
            int otherScale = -1;
            long otherM = 0;
            long otherPrevM = 0;
            if (m == Long.MIN_VALUE) {
                for (int s = 0; s <= MAX_SCALE; s++) {
                    if (s == scale) {
                        continue;
                    }
                    long pm = mantissa(Double.longBitsToDouble(prevBits), s);
                    long vm = pm == Long.MIN_VALUE ? Long.MIN_VALUE : mantissa(value, s);
                    if (vm != Long.MIN_VALUE) {
                        otherScale = s;
                        otherM = vm;
                        otherPrevM = pm;
                        break;
                    }
                }
            }
            int otherCost = otherScale < 0 ? Integer.MAX_VALUE : 6 + deltaCost(zigzag(otherM - otherPrevM));
            long xor = bits ^ prevBits;
            int xorCost = 3 + xorCost(xor);
            if (deltaCost <= xorCost && deltaCost <= otherCost) {
                w.writeBits(0b10, 2);
                writeDelta(w, zigzag(m - prevM));
                prevBits = bits;
                prevM = m;
            } else if (otherCost <= xorCost) {
                w.writeBits(0b110, 3);
                w.writeBits(otherScale, 3);
                writeDelta(w, zigzag(otherM - otherPrevM));
                scale = otherScale;
                prevBits = bits;
                prevM = otherM;
            } else {
                w.writeBits(0b111, 3);
                writeXor(w, xor);
                previous(value);
            }
        }

        private int deltaCost(long u) {
            int wd = bitWidth(u);
            return wd <= width && width + 1 <= wd + 7 ? 1 + width : 7 + wd;
        }

        private void writeDelta(BitWriter w, long u) {
            int wd = bitWidth(u);
            if (wd <= width && width + 1 <= wd + 7) {
                w.writeBit(false);
                w.writeBits(u, width);
            } else {
                w.writeBit(true);
                w.writeBits(wd - 1, 6);
                w.writeBits(u, wd);
                width = wd;
            }
        }

        private int xorCost(long xor) {
            int lead = Math.min(Long.numberOfLeadingZeros(xor), 31);
            int trail = Long.numberOfTrailingZeros(xor);
            if (leading >= 0 && lead >= leading && trail >= trailing) {
                return 1 + 64 - leading - trailing;
            }
            return 1 + 5 + 6 + 64 - lead - trail;
        }

        private void writeXor(BitWriter w, long xor) {
            int lead = Math.min(Long.numberOfLeadingZeros(xor), 31);
            int trail = Long.numberOfTrailingZeros(xor);
            if (leading >= 0 && lead >= leading && trail >= trailing) {
                w.writeBit(false);
                w.writeBits(xor >>> trailing, 64 - leading - trailing);
            } else {
                int sig = 64 - lead - trail;
                w.writeBit(true);
                w.writeBits(lead, 5);
                w.writeBits(sig & 63, 6);
                w.writeBits(xor >>> trail, sig);
                leading = lead;
                trailing = trail;
            }
        }
    }

    /** Reads values written by an {@link Encoder}. */
    static final class Decoder extends State {

        /** Reads a value written by {@link Encoder#writeRelative} with the same reference. */
        double readRelative(BitReader r, double reference) {
            if (first) {
                firstValue(reference);
            } else {
                previous(reference);
            }
            return read(r);
        }

        double read(BitReader r) {
            if (first) {
                double v = Double.longBitsToDouble(r.readBits(64));
                firstValue(v);
                return v;
            }
            int prefix = r.unary(3);
            if (prefix == 0) {
                return Double.longBitsToDouble(prevBits);
            }
            if (prefix == 1) {
                if (prevM == Long.MIN_VALUE) {
                    throw new ChunkFormatException(
                            "a decimal delta follows a value that is not decimal at scale " + scale);
                }
                long m = prevM + unzigzag(readDelta(r));
                double v = value(m, scale);
                prevBits = Double.doubleToRawLongBits(v);
                prevM = m;
                return v;
            }
            if (prefix == 2) {
                int s = (int) r.readBits(3);
                long pm = mantissa(Double.longBitsToDouble(prevBits), s);
                if (pm == Long.MIN_VALUE) {
                    throw new ChunkFormatException(
                            "a decimal delta at scale " + s + " follows a value that is not decimal at that scale");
                }
                long m = pm + unzigzag(readDelta(r));
                double v = value(m, s);
                scale = s;
                prevBits = Double.doubleToRawLongBits(v);
                prevM = m;
                return v;
            }
            if (r.readBit()) {
                leading = (int) r.readBits(5);
                int sig = (int) r.readBits(6);
                if (sig == 0) {
                    sig = 64;
                }
                trailing = 64 - leading - sig;
                if (trailing < 0) {
                    throw new ChunkFormatException("value window of " + leading + " leading zeros and " + sig
                            + " meaningful bits exceeds 64 bits");
                }
            } else if (leading < 0) {
                throw new ChunkFormatException("an XOR value reuses a window before any was set");
            }
            double v = Double.longBitsToDouble(prevBits ^ (r.readBits(64 - leading - trailing) << trailing));
            previous(v);
            return v;
        }

        private long readDelta(BitReader r) {
            if (r.readBit()) {
                width = (int) r.readBits(6) + 1;
            }
            return r.readBits(width);
        }
    }

    private static long zigzag(long d) {
        return (d << 1) ^ (d >> 63);
    }

    private static long unzigzag(long u) {
        return (u >>> 1) ^ -(u & 1);
    }

    private static int bitWidth(long u) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(u));
    }
}
