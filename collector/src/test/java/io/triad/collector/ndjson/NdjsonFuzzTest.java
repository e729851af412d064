package io.triad.collector.ndjson;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.triad.collector.codec.ReceiveContext;

/**
 * Jazzer fuzz test: {@link NdjsonCodec#decode} throws nothing for any body, and reports no more errors than lines.
 * Without {@code JAZZER_FUZZ=1} it runs the regression inputs under {@code NdjsonFuzzTestInputs/<method>/}.
 */
class NdjsonFuzzTest {
    private static final ReceiveContext CTX = new ReceiveContext("site-a", "ndjson", "[::1]:5", 1L);
    private static final NdjsonCodec CODEC = new NdjsonCodec(512, 50);

    @FuzzTest(maxDuration = "30s")
    void decodeNeverThrows(byte[] body) {
        NdjsonDecoded d = CODEC.decode(body, CTX);

        long lines = 1;
        for (byte b : body) {
            if (b == '\n') {
                lines++;
            }
        }
        assertThat((long) d.events().size() + d.errors().size()).isLessThanOrEqualTo(lines);
    }
}
