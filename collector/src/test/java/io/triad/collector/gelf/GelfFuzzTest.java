package io.triad.collector.gelf;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.triad.collector.codec.CodecException;
import io.triad.collector.codec.ReceiveContext;
import java.time.Duration;

/**
 * Jazzer fuzz tests: no input makes {@link GelfCodec} or {@link GelfChunkAssembler} throw anything but {@link
 * CodecException}. Without {@code JAZZER_FUZZ=1} they run the regression inputs under {@code
 * GelfFuzzTestInputs/<method>/} as ordinary tests.
 */
class GelfFuzzTest {
    private static final ReceiveContext CTX = new ReceiveContext("site-a", "gelf-udp", "10.0.0.1:1", 1L);
    private static final GelfCodec CODEC = new GelfCodec(1 << 16);

    @FuzzTest(maxDuration = "30s")
    void decodeThrowsOnlyCodecException(byte[] payload) {
        try {
            CODEC.decode(payload, CTX);
        } catch (CodecException expected) {
            // rejected input is fine; anything else fails the test
        }
    }

    @FuzzTest(maxDuration = "30s")
    void assemblerThrowsOnlyCodecException(FuzzedDataProvider data) {
        GelfChunkAssembler assembler = new GelfChunkAssembler(128, Duration.ofSeconds(5), 4096, 8);
        long now = 0;
        while (data.remainingBytes() > 0) {
            now += data.consumeLong(0, 10_000_000_000L);
            byte[] datagram = data.consumeBytes(data.consumeInt(0, 300));
            try {
                byte[] whole = assembler.add(datagram, now);
                if (whole != null) {
                    CODEC.decode(whole, CTX);
                }
            } catch (CodecException expected) {
                // rejected input is fine
            }
            if (data.consumeBoolean()) {
                assembler.expire(now);
            }
        }
    }
}
