package io.triad.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitReaderTest {

    /** Unary prefixes mixed with plain fields read back the same on the fast path and the last bytes' slow path. */
    @Test
    void unaryPrefixesRoundTripAtEveryBitOffset() {
        Random random = new Random(7);
        BitWriter w = new BitWriter(64);
        List<int[]> written = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            int max = 1 + random.nextInt(4);
            int ones = random.nextInt(max + 1);
            int width = random.nextInt(12);
            for (int k = 0; k < ones; k++) {
                w.writeBit(true);
            }
            if (ones < max) {
                w.writeBit(false);
            }
            long field = width == 0 ? 0 : random.nextLong() >>> (64 - width);
            w.writeBits(field, width);
            written.add(new int[] {max, ones, width, (int) field});
        }
        byte[] bytes = w.toByteArray();
        BitReader r = new BitReader(bytes, 0, bytes.length);
        for (int[] e : written) {
            assertThat(r.unary(e[0])).isEqualTo(e[1]);
            assertThat(r.readBits(e[2])).isEqualTo(e[3]);
        }
    }

    @Test
    void unaryPastTheEndIsAFormatError() {
        byte[] ones = {(byte) 0xff};
        BitReader r = new BitReader(ones, 0, 1);
        assertThat(r.unary(4)).isEqualTo(4);
        assertThat(r.unary(4)).isEqualTo(4);
        assertThatThrownBy(() -> r.unary(1)).isInstanceOf(ChunkFormatException.class);
        byte[] wide = new byte[16];
        BitReader r2 = new BitReader(wide, 0, 1); // the rest of the array lies beyond this reader's range
        for (int i = 0; i < 8; i++) {
            assertThat(r2.unary(3)).isZero();
        }
        assertThatThrownBy(() -> r2.unary(3))
                .isInstanceOf(ChunkFormatException.class)
                .hasMessageContaining("chunk data ends at bit 8");
    }
}
