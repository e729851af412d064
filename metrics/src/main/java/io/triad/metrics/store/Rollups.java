package io.triad.metrics.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Rollup buckets of one resolution: building them from samples in time order, and their compressed form (a 16-bit
 * bucket count, then per bucket the start with {@link Gorilla}'s delta of delta, the minimum coded against the
 * previous bucket's last value, the maximum against the minimum, the last value against the maximum (one bit for a
 * counter), then sum and count each as its own stream; every value in {@link DecimalXor}'s encoding).
 *
 * <p>NOTE: stateless; the builder is not thread safe.
 */
final class Rollups {
    /** Prometheus's stale marker (a NaN payload): never a sample. */
    static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    private Rollups() {}

    /** Accumulates samples, oldest first, into buckets of {@code stepMillis}. NaN samples are skipped. */
    static final class Builder {
        private final long step;
        private final List<RollupBucket> done = new ArrayList<>();
        private long start = Long.MIN_VALUE;
        private double min;
        private double max;
        private double sum;
        private long count;
        private double last;

        Builder(long stepMillis) {
            if (stepMillis <= 0) {
                throw new IllegalArgumentException("rollup step must be > 0 ms; got " + stepMillis);
            }
            this.step = stepMillis;
        }

        void add(long ts, double v) {
            if (Double.isNaN(v)) {
                return;
            }
            long s = Math.floorDiv(ts, step) * step;
            if (s != start) {
                finishBucket();
                start = s;
                min = v;
                max = v;
                sum = v;
                count = 1;
                last = v;
                return;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            count++;
            last = v;
        }

        void addChunk(byte[] chunk) {
            XorChunk.Decoder d = new XorChunk.Decoder(chunk);
            while (d.next()) {
                add(d.timestamp(), d.value());
            }
        }

        /** The buckets so far, the open one included; the builder stays usable. */
        List<RollupBucket> buckets() {
            List<RollupBucket> out = new ArrayList<>(done);
            if (count > 0) {
                out.add(new RollupBucket(start, min, max, sum, count, last));
            }
            return out;
        }

        private void finishBucket() {
            if (count > 0) {
                done.add(new RollupBucket(start, min, max, sum, count, last));
            }
            count = 0;
        }
    }

    static byte[] encode(List<RollupBucket> buckets) {
        if (buckets.size() > XorChunk.MAX_SAMPLES) {
            throw new IllegalArgumentException(
                    "a rollup block holds at most " + XorChunk.MAX_SAMPLES + " buckets; got " + buckets.size());
        }
        BitWriter w = new BitWriter(16 + buckets.size() * 8);
        w.writeBits(buckets.size(), 16);
        Gorilla.TimestampEncoder ts = new Gorilla.TimestampEncoder();
        DecimalXor.Encoder min = new DecimalXor.Encoder();
        DecimalXor.Encoder max = new DecimalXor.Encoder();
        DecimalXor.Encoder sum = new DecimalXor.Encoder();
        DecimalXor.Encoder last = new DecimalXor.Encoder();
        DecimalXor.Encoder count = new DecimalXor.Encoder();
        double prevLast = 0;
        for (RollupBucket b : buckets) {
            ts.write(w, b.start());
            min.writeRelative(w, b.min(), prevLast);
            max.writeRelative(w, b.max(), b.min());
            last.writeRelative(w, b.last(), b.max());
            sum.write(w, b.sum());
            count.write(w, b.count());
            prevLast = b.last();
        }
        return w.toByteArray();
    }

    static List<RollupBucket> decode(byte[] bytes) {
        BitReader r = new BitReader(bytes, 0, bytes.length);
        int n = (int) r.readBits(16);
        List<RollupBucket> out = new ArrayList<>(n);
        Gorilla.TimestampDecoder ts = new Gorilla.TimestampDecoder();
        DecimalXor.Decoder min = new DecimalXor.Decoder();
        DecimalXor.Decoder max = new DecimalXor.Decoder();
        DecimalXor.Decoder sum = new DecimalXor.Decoder();
        DecimalXor.Decoder last = new DecimalXor.Decoder();
        DecimalXor.Decoder count = new DecimalXor.Decoder();
        double prevLast = 0;
        for (int i = 0; i < n; i++) {
            long start = ts.read(r);
            double mn = min.readRelative(r, prevLast);
            double mx = max.readRelative(r, mn);
            double ls = last.readRelative(r, mx);
            double sm = sum.read(r);
            long c = (long) count.read(r);
            out.add(new RollupBucket(start, mn, mx, sm, c, ls));
            prevLast = ls;
        }
        return out;
    }

    /**
     * Buckets from several sources, each in time order and the sources in time order, with the parts of one step that
     * lie in different chunks merged.
     */
    static List<RollupBucket> mergeInOrder(List<List<RollupBucket>> parts) {
        List<RollupBucket> out = new ArrayList<>();
        for (List<RollupBucket> part : parts) {
            for (RollupBucket b : part) {
                int lastIndex = out.size() - 1;
                if (lastIndex >= 0 && out.get(lastIndex).start() == b.start()) {
                    out.set(lastIndex, out.get(lastIndex).merge(b));
                } else if (lastIndex < 0 || out.get(lastIndex).start() < b.start()) {
                    out.add(b);
                }
            }
        }
        return out;
    }
}
