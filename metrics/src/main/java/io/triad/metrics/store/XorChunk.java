package io.triad.metrics.store;

/**
 * A compressed chunk of one series' samples: millisecond timestamps as {@link Gorilla}'s delta of delta, float64
 * values as {@link DecimalXor} (Gorilla's XOR, or the delta of decimal mantissas where that is cheaper). Layout: 2 bytes big-endian sample count, then the bit stream (timestamp then value per sample), zero
 * padded to a whole byte. A chunk holds at most 65,535 samples; the store cuts them at its chunk window (2 h by default)
 * or at its sample limit.
 *
 * <p>NOTE: {@link Appender} and {@link Decoder} are not thread safe; chunk bytes are immutable once handed out.
 */
final class XorChunk {
    /** The most samples a chunk can hold (the header's 16-bit count). */
    static final int MAX_SAMPLES = 0xffff;

    private XorChunk() {}

    /** The number of samples in chunk bytes. */
    static int count(byte[] chunk) {
        if (chunk.length < 2) {
            throw new ChunkFormatException("a chunk has at least a 2-byte header; got " + chunk.length + " bytes");
        }
        return ((chunk[0] & 0xff) << 8) | (chunk[1] & 0xff);
    }

    /** Builds one chunk; timestamps must increase strictly. */
    static final class Appender {
        private final BitWriter bits = new BitWriter(32);
        private final Gorilla.TimestampEncoder ts = new Gorilla.TimestampEncoder();
        private final DecimalXor.Encoder vs = new DecimalXor.Encoder();
        private int count;
        private long minTime;
        private long maxTime;

        /**
         * Appends one sample.
         *
         * @throws IllegalArgumentException when the timestamp is not after the last one or the chunk is full
         */
        void append(long tsMillis, double value) {
            if (count > 0 && tsMillis <= maxTime) {
                throw new IllegalArgumentException(
                        "chunk timestamps must increase; got " + tsMillis + " after " + maxTime);
            }
            if (count == MAX_SAMPLES) {
                throw new IllegalArgumentException("a chunk holds at most " + MAX_SAMPLES + " samples");
            }
            if (count == 0) {
                minTime = tsMillis;
            }
            ts.write(bits, tsMillis);
            vs.write(bits, value);
            maxTime = tsMillis;
            count++;
        }

        int count() {
            return count;
        }

        /** The first timestamp; meaningless while empty. */
        long minTime() {
            return minTime;
        }

        /** The last timestamp; meaningless while empty. */
        long maxTime() {
            return maxTime;
        }

        /** The size {@link #bytes()} would have. */
        int byteSize() {
            return 2 + bits.byteLength();
        }

        /** A copy of the chunk as it stands (the appender stays usable). */
        byte[] bytes() {
            byte[] out = new byte[byteSize()];
            out[0] = (byte) (count >>> 8);
            out[1] = (byte) count;
            bits.copyTo(out, 2);
            return out;
        }
    }

    /** Reads a chunk's samples in order: {@code while (d.next()) use(d.timestamp(), d.value())}. */
    static final class Decoder {
        private final BitReader reader;
        private final int count;
        private final Gorilla.TimestampDecoder ts = new Gorilla.TimestampDecoder();
        private final DecimalXor.Decoder vs = new DecimalXor.Decoder();
        private int read;
        private long timestamp;
        private double value;

        Decoder(byte[] chunk) {
            this.count = XorChunk.count(chunk);
            this.reader = new BitReader(chunk, 2, chunk.length - 2);
        }

        /**
         * Advances to the next sample.
         *
         * @throws ChunkFormatException when the bytes end before the header's count
         */
        boolean next() {
            if (read == count) {
                return false;
            }
            timestamp = ts.read(reader);
            value = vs.read(reader);
            read++;
            return true;
        }

        long timestamp() {
            return timestamp;
        }

        double value() {
            return value;
        }

        int count() {
            return count;
        }
    }
}
