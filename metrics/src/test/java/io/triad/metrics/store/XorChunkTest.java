package io.triad.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class XorChunkTest {

    /** Timestamps and values of one series. */
    record Series(long[] ts, double[] vs) {}

    // ------------------------------------------------------------------------------------------------ properties

    @Property(tries = 300)
    void anyIncreasingTimestampsAndAnyDoubleBitsRoundTripExactly(@ForAll("randomSeries") Series s) {
        assertRoundTrip(s);
    }

    @Property(tries = 200)
    void realisticHostSeriesRoundTripExactly(
            @ForAll("realisticSeries") Series s, @ForAll @IntRange(min = 1, max = 120) int cut) {
        int n = Math.min(cut, s.ts().length);
        assertRoundTrip(new Series(Arrays.copyOf(s.ts(), n), Arrays.copyOf(s.vs(), n)));
    }

    @Provide
    Arbitrary<Series> randomSeries() {
        Arbitrary<Integer> sizes = Arbitraries.integers().between(1, 300);
        Arbitrary<Long> seeds = Arbitraries.longs();
        return Combinators.combine(sizes, seeds).as((n, seed) -> {
            SplittableRandom r = new SplittableRandom(seed);
            long[] ts = new long[n];
            double[] vs = new double[n];
            long t = r.nextLong(-(1L << 50), 1L << 50);
            for (int i = 0; i < n; i++) {
                ts[i] = t;
                // deltas from 1 ms to days, sometimes huge, so every bucket (and the 64-bit escape) is used
                long delta = switch (r.nextInt(5)) {
                    case 0 -> 1 + r.nextInt(100);
                    case 1 -> 10_000 + r.nextInt(-70, 70);
                    case 2 -> 1 + r.nextLong(1L << 22);
                    case 3 -> 1 + r.nextLong(1L << 40);
                    default -> 15_000;
                };
                t += delta;
                vs[i] = switch (r.nextInt(4)) {
                    case 0 -> Double.longBitsToDouble(r.nextLong()); // any bits: NaN payloads, subnormals, ±0
                    case 1 -> r.nextDouble(-1e300, 1e300);
                    case 2 -> i > 0 ? vs[i - 1] : 0;
                    default -> r.nextInt(-1000, 1000);
                };
            }
            return new Series(ts, vs);
        });
    }

    @Provide
    Arbitrary<Series> realisticSeries() {
        return Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.longs())
                .as((kind, seed) -> realistic(kind, seed, 120));
    }

    // -------------------------------------------------------------------------------------------- specific cases

    @Test
    void everyKindOfRealisticSeriesRoundTrips() {
        for (int kind = 0; kind <= 7; kind++) {
            for (long seed = 0; seed < 20; seed++) {
                assertRoundTrip(realistic(kind, seed, 120));
            }
        }
    }

    @Test
    void specialValuesRoundTripBitForBit() {
        double[] vs = {
            Double.NaN,
            Double.longBitsToDouble(Rollups.STALE_NAN_BITS),
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            0.0,
            -0.0,
            Double.MIN_VALUE,
            -Double.MAX_VALUE,
            Double.MAX_VALUE,
            1e-300,
            -42.5,
            Double.longBitsToDouble(0x7ff8dead_beef0001L)
        };
        long[] ts = new long[vs.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 1_700_000_000_000L + i * 10_000L;
        }
        assertRoundTrip(new Series(ts, vs));
    }

    @Test
    void timestampBucketBoundariesRoundTrip() {
        long[] dods = {
            0,
            1,
            -1,
            63,
            64,
            -63,
            -64,
            65,
            8191,
            8192,
            -8191,
            -8192,
            8193,
            524_287,
            524_288,
            -524_287,
            -524_288,
            524_289,
            1L << 40,
            -(1L << 40) + 5
        };
        List<Long> ts = new ArrayList<>();
        long t = 0;
        long delta = 1L << 42;
        ts.add(t);
        for (long dod : dods) {
            delta += dod;
            t += delta;
            ts.add(t);
        }
        long[] tsa = ts.stream().mapToLong(Long::longValue).toArray();
        assertRoundTrip(new Series(tsa, new double[tsa.length]));
    }

    @Test
    void regularScrapesOfAConstantCostAboutTwoBitsPerSample() {
        XorChunk.Appender a = new XorChunk.Appender();
        for (int i = 0; i < 120; i++) {
            a.append(1_700_000_000_000L + i * 10_000L, 8_589_934_592.0);
        }
        // 2 header bytes, 16 bytes of the first sample, 20 bits of the first delta, then one bit each
        assertThat(a.byteSize()).isLessThanOrEqualTo(2 + 16 + 3 + 30);
    }

    @Test
    void bytesPerSampleFollowTheInformationInTheSeries() {
        double[] perKind = new double[8];
        for (int kind = 0; kind < 8; kind++) {
            long bytes = 0;
            long samples = 0;
            for (long seed = 0; seed < 50; seed++) {
                Series s = realistic(kind, seed, 120);
                bytes += encode(s).length;
                samples += s.ts().length;
            }
            perKind[kind] = (double) bytes / samples;
        }
        System.out.println("bytes per sample by kind: " + Arrays.toString(perKind));
        // constants and rarely moving counters: a bit for the timestamp and one for the value (0.25), the chunk's
        // first sample and header (21 bytes / 120 = 0.18), and 2 x 9 bits for each sample a few ms late (5 %: 0.11)
        assertThat(perKind[5]).isLessThan(0.6);
        assertThat(perKind[1]).isLessThan(0.7);
        assertThat(perKind[6]).isLessThan(1.0);
        // integer-valued gauges and counters stay well below the 16 raw bytes; one-decimal noise is the worst case
        assertThat(perKind[0]).isLessThan(6);
        assertThat(perKind[3]).isLessThan(6);
        assertThat(perKind[2]).isLessThan(9);
        for (double d : perKind) {
            assertThat(d).isLessThan(16 + 2);
        }
    }

    @Test
    void truncatedChunkFailsWithTheBitPosition() {
        Series s = realistic(2, 1, 120);
        byte[] chunk = encode(s);
        byte[] cut = Arrays.copyOf(chunk, chunk.length / 2);
        XorChunk.Decoder d = new XorChunk.Decoder(cut);
        assertThatThrownBy(() -> {
                    while (d.next()) {
                        // read to the end
                    }
                })
                .isInstanceOf(ChunkFormatException.class)
                .hasMessageContaining("chunk data ends at bit");
    }

    @Test
    void appenderRefusesTimestampsThatDoNotIncrease() {
        XorChunk.Appender a = new XorChunk.Appender();
        a.append(1000, 1);
        assertThatThrownBy(() -> a.append(1000, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunk timestamps must increase; got 1000 after 1000");
    }

    @Test
    void bytesOfAnOpenAppenderDecodeWhileItGrows() {
        XorChunk.Appender a = new XorChunk.Appender();
        for (int i = 0; i < 50; i++) {
            a.append(i * 1000L, i * 0.5);
            byte[] snap = a.bytes();
            XorChunk.Decoder d = new XorChunk.Decoder(snap);
            int n = 0;
            while (d.next()) {
                assertThat(d.timestamp()).isEqualTo(n * 1000L);
                assertThat(d.value()).isEqualTo(n * 0.5);
                n++;
            }
            assertThat(n).isEqualTo(i + 1);
        }
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /**
     * A series as a host agent reports it every 10 s (timestamps on the schedule, sometimes a few ms late): 0 counter
     * of bytes, 1 counter that rarely moves (errors), 2 CPU busy % with one decimal, 3 memory bytes in 4 KiB pages, 4
     * gauge with float noise, 5 constant, 6 disk bytes that grow slowly, 7 special values and huge jumps, negative.
     */
    static Series realistic(int kind, long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed * 31 + kind);
        long[] ts = new long[n];
        double[] vs = new double[n];
        long t = 1_764_000_000_000L + r.nextInt(10_000);
        double v = r.nextInt(1_000_000);
        for (int i = 0; i < n; i++) {
            ts[i] = t + (r.nextInt(20) == 0 ? r.nextInt(1, 30) : 0);
            t += 10_000;
            switch (kind) {
                case 0 -> v += r.nextInt(0, 200_000);
                case 1 -> v += r.nextInt(50) == 0 ? 1 : 0;
                case 2 -> v = Math.round(r.nextDouble(0, 100) * 10) / 10.0;
                case 3 -> v = Math.max(0, v + 4096L * r.nextInt(-200, 200));
                case 4 -> v = 0.5 + r.nextGaussian() * 0.01;
                case 5 -> v = 16_777_216_000.0;
                case 6 -> v += r.nextInt(10) == 0 ? 4096L * r.nextInt(1, 100) : 0;
                default ->
                    v = switch (r.nextInt(6)) {
                        case 0 -> Double.NaN;
                        case 1 -> Double.POSITIVE_INFINITY;
                        case 2 -> Double.NEGATIVE_INFINITY;
                        case 3 -> -v * 1e200;
                        case 4 -> -r.nextDouble();
                        default -> r.nextLong();
                    };
            }
            vs[i] = v;
        }
        return new Series(ts, vs);
    }

    private static byte[] encode(Series s) {
        XorChunk.Appender a = new XorChunk.Appender();
        for (int i = 0; i < s.ts().length; i++) {
            a.append(s.ts()[i], s.vs()[i]);
        }
        assertThat(a.count()).isEqualTo(s.ts().length);
        return a.bytes();
    }

    private static void assertRoundTrip(Series s) {
        byte[] chunk = encode(s);
        assertThat(XorChunk.count(chunk)).isEqualTo(s.ts().length);
        XorChunk.Decoder d = new XorChunk.Decoder(chunk);
        for (int i = 0; i < s.ts().length; i++) {
            assertThat(d.next()).isTrue();
            assertThat(d.timestamp()).as("timestamp %d", i).isEqualTo(s.ts()[i]);
            assertThat(Double.doubleToRawLongBits(d.value()))
                    .as("value %d: %s", i, s.vs()[i])
                    .isEqualTo(Double.doubleToRawLongBits(s.vs()[i]));
        }
        assertThat(d.next()).isFalse();
    }
}
