package io.triad.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DecimalXorTest {

    @Property(tries = 500)
    void valuesMixingDecimalsOfEveryScaleAndArbitraryBitsRoundTripExactly(@ForAll("mixed") double[] values) {
        assertRoundTrip(values);
    }

    @Provide
    Arbitrary<double[]> mixed() {
        return Arbitraries.longs().map(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            double[] v = new double[1 + r.nextInt(400)];
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (r.nextInt(9)) {
                    case 0 -> Double.longBitsToDouble(r.nextLong()); // NaN payloads, subnormals, ±0, ±Inf
                    case 1 -> r.nextInt(-100_000, 100_000) / Math.pow(10, r.nextInt(0, 10));
                    case 2 -> i > 0 ? v[i - 1] : 0;
                    case 3 -> i > 0 ? v[i - 1] + r.nextInt(-9, 10) / 100.0 : 0.5;
                    case 4 -> -0.0;
                    case 5 -> Double.longBitsToDouble(Rollups.STALE_NAN_BITS);
                    case 6 -> r.nextLong(-(1L << 60), 1L << 60); // integers beyond 2^53
                    case 7 -> 4096.0 * r.nextInt(1 << 20, 1 << 22);
                    default -> r.nextDouble(-1e300, 1e300);
                };
            }
            return v;
        });
    }

    @Test
    void relativeCodingAgainstReferencesRoundTrips() {
        SplittableRandom r = new SplittableRandom(7);
        double[] refs = new double[300];
        double[] values = new double[300];
        for (int i = 0; i < refs.length; i++) {
            refs[i] = r.nextInt(1000) / 10.0;
            values[i] = r.nextBoolean() ? refs[i] : refs[i] + r.nextInt(-50, 50) / 100.0;
        }
        BitWriter w = new BitWriter(16);
        DecimalXor.Encoder e = new DecimalXor.Encoder();
        for (int i = 0; i < values.length; i++) {
            e.writeRelative(w, values[i], refs[i]);
        }
        byte[] bytes = w.toByteArray();
        BitReader in = new BitReader(bytes, 0, bytes.length);
        DecimalXor.Decoder d = new DecimalXor.Decoder();
        for (int i = 0; i < values.length; i++) {
            assertThat(Double.doubleToRawLongBits(d.readRelative(in, refs[i])))
                    .isEqualTo(Double.doubleToRawLongBits(values[i]));
        }
    }

    @Test
    void decimalsCostAFewBitsWherePlainGorillaCostsMost() {
        // a load average: two decimals, moving by a few hundredths every 10 s
        SplittableRandom r = new SplittableRandom(3);
        double[] load = new double[720];
        double v = 0.5;
        for (int i = 0; i < load.length; i++) {
            v = Math.max(0, Math.round(v * 100 + r.nextInt(-8, 9)) / 100.0);
            load[i] = v;
        }
        long decimalBits = bits(load);
        BitWriter w = new BitWriter(16);
        Gorilla.ValueEncoder g = new Gorilla.ValueEncoder();
        for (double x : load) {
            g.write(w, x);
        }
        long gorillaBits = w.bitLength();
        assertThat(decimalBits / (double) load.length).isLessThan(10);
        assertThat(gorillaBits / (double) load.length).isGreaterThan(40);
    }

    @Test
    void pageMultiplesStayAsCheapAsGorillasXor() {
        SplittableRandom r = new SplittableRandom(5);
        double[] pages = new double[720];
        double v = 4096.0 * 3_000_000;
        for (int i = 0; i < pages.length; i++) {
            v += 4096.0 * r.nextInt(-64, 65);
            pages[i] = v;
        }
        BitWriter w = new BitWriter(16);
        Gorilla.ValueEncoder g = new Gorilla.ValueEncoder();
        for (double x : pages) {
            g.write(w, x);
        }
        // the encoder picks XOR where it is cheaper; its control bits cost at most 2 more per value
        assertThat(bits(pages)).isLessThanOrEqualTo(w.bitLength() + 2L * pages.length);
    }

    @Test
    void mantissaIsExactOrRefused() {
        assertThat(DecimalXor.mantissa(0.57, 2)).isEqualTo(57);
        assertThat(DecimalXor.mantissa(0.57, 1)).isEqualTo(Long.MIN_VALUE);
        assertThat(DecimalXor.mantissa(-0.0, 0)).isEqualTo(Long.MIN_VALUE);
        assertThat(DecimalXor.mantissa(Double.NaN, 0)).isEqualTo(Long.MIN_VALUE);
        assertThat(DecimalXor.mantissa(Double.POSITIVE_INFINITY, 0)).isEqualTo(Long.MIN_VALUE);
        assertThat(DecimalXor.mantissa(0x1p53, 0)).isEqualTo(Long.MIN_VALUE);
        assertThat(DecimalXor.value(DecimalXor.mantissa(123.4567, 4), 4)).isEqualTo(123.4567);
    }

    @Test
    void aDecimalDeltaAfterANonDecimalValueIsAFormatError() {
        BitWriter w = new BitWriter(16);
        w.writeBits(Double.doubleToRawLongBits(Math.PI), 64);
        w.writeBits(0b10, 2); // a decimal delta, but π is not decimal at any scale
        w.writeBits(0, 8);
        byte[] bytes = w.toByteArray();
        BitReader in = new BitReader(bytes, 0, bytes.length);
        DecimalXor.Decoder d = new DecimalXor.Decoder();
        d.read(in);
        assertThatThrownBy(() -> d.read(in)).isInstanceOf(ChunkFormatException.class);
    }

    private static long bits(double[] values) {
        BitWriter w = new BitWriter(16);
        DecimalXor.Encoder e = new DecimalXor.Encoder();
        for (double x : values) {
            e.write(w, x);
        }
        return w.bitLength();
    }

    private static void assertRoundTrip(double[] values) {
        BitWriter w = new BitWriter(16);
        DecimalXor.Encoder e = new DecimalXor.Encoder();
        for (double x : values) {
            e.write(w, x);
        }
        byte[] bytes = w.toByteArray();
        BitReader in = new BitReader(bytes, 0, bytes.length);
        DecimalXor.Decoder d = new DecimalXor.Decoder();
        for (double x : values) {
            assertThat(Double.doubleToRawLongBits(d.read(in))).isEqualTo(Double.doubleToRawLongBits(x));
        }
    }
}
