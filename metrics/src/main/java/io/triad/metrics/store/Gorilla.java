package io.triad.metrics.store;

/**
 * The two encodings of Facebook's Gorilla paper ("Gorilla: A Fast, Scalable, In-Memory Time Series Database", VLDB
 * 2015, section 4.1), as Prometheus's XOR chunk uses them, for millisecond timestamps.
 *
 * <p><b>Timestamps</b>: the first is written whole (64 bits); every later one as the difference of its delta to the
 * previous delta (delta of delta, the first delta taken against 0), in the smallest of these buckets: {@code 0} (no
 * change), {@code 10} + 7 bits (-63..64 ms, scrape jitter), {@code 110} + 14 bits (-8191..8192), {@code 1110} + 20 bits
 * (-524287..524288), {@code 1111} + 64 bits (anything else).
 *
 * <p><b>Values</b>: the first float64 is written whole; every later one as the XOR with the previous value: {@code 0}
 * when equal, else {@code 1} then either {@code 0} + the meaningful bits inside the previous window of leading and
 * trailing zeros (when the XOR fits it), or {@code 1} + 5 bits of leading zeros (at most 31) + 6 bits of meaningful
 * length (64 written as 0) + the meaningful bits, which sets a new window. Values are compared as raw bits, so every
 * NaN payload (Prometheus's stale marker included) and the infinities round-trip exactly.
 *
 * <p>NOTE: the encoder and decoder classes are stateful and not thread safe.
 */
final class Gorilla {
    private Gorilla() {}

    /** Delta-of-delta timestamp encoder. */
    static final class TimestampEncoder {
        private int count;
        private long last;
        private long lastDelta;

        void write(BitWriter w, long ts) {
            if (count == 0) {
                w.writeBits(ts, 64);
            } else {
                long delta = ts - last;
                long dod = delta - lastDelta;
                if (dod == 0) {
                    w.writeBit(false);
                } else if (fits(dod, 7)) {
                    w.writeBits(0b10, 2);
                    w.writeBits(dod, 7);
                } else if (fits(dod, 14)) {
                    w.writeBits(0b110, 3);
                    w.writeBits(dod, 14);
                } else if (fits(dod, 20)) {
                    w.writeBits(0b1110, 4);
                    w.writeBits(dod, 20);
                } else {
                    w.writeBits(0b1111, 4);
                    w.writeBits(dod, 64);
                }
                lastDelta = delta;
            }
            last = ts;
            count++;
        }

        private static boolean fits(long v, int bits) {
            return v >= -((1L << (bits - 1)) - 1) && v <= 1L << (bits - 1);
        }
    }

    /** Delta-of-delta timestamp decoder. */
    static final class TimestampDecoder {
        private int count;
        private long last;
        private long lastDelta;

        long read(BitReader r) {
            if (count == 0) {
                last = r.readBits(64);
            } else {
                long dod = switch (r.unary(4)) {
                    case 0 -> 0;
                    case 1 -> signed(r.readBits(7), 7);
                    case 2 -> signed(r.readBits(14), 14);
                    case 3 -> signed(r.readBits(20), 20);
                    default -> r.readBits(64);
                };
                lastDelta += dod;
                last += lastDelta;
            }
            count++;
            return last;
        }

        private static long signed(long v, int bits) {
            return v > 1L << (bits - 1) ? v - (1L << bits) : v;
        }
    }

    /** XOR float64 encoder. */
    static final class ValueEncoder {
        private boolean first = true;
        private long last;
        private int leading = -1;
        private int trailing;

        /** Writes {@code value} as the XOR with {@code reference} (a value the decoder already knows). */
        void writeRelative(BitWriter w, double value, double reference) {
            first = false;
            last = Double.doubleToRawLongBits(reference);
            write(w, value);
        }

        void write(BitWriter w, double value) {
            long bits = Double.doubleToRawLongBits(value);
            if (first) {
                w.writeBits(bits, 64);
                first = false;
                last = bits;
                return;
            }
            long xor = bits ^ last;
            last = bits;
            if (xor == 0) {
                w.writeBit(false);
                return;
            }
            w.writeBit(true);
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

    /** XOR float64 decoder. */
    static final class ValueDecoder {
        private boolean first = true;
        private long last;
        private int leading;
        private int trailing;

        /** Reads a value written by {@link ValueEncoder#writeRelative} with the same reference. */
        double readRelative(BitReader r, double reference) {
            first = false;
            last = Double.doubleToRawLongBits(reference);
            return read(r);
        }

        double read(BitReader r) {
            if (first) {
                first = false;
                last = r.readBits(64);
            } else if (r.readBit()) {
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
                }
                last ^= r.readBits(64 - leading - trailing) << trailing;
            }
            return Double.longBitsToDouble(last);
        }
    }
}
