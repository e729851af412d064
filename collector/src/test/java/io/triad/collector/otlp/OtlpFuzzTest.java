package io.triad.collector.otlp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.triad.collector.codec.CodecException;
import io.triad.collector.codec.ReceiveContext;

/**
 * Jazzer fuzz tests: no body makes {@link OtlpLogsCodec} throw anything but {@link CodecException}. Without {@code
 * JAZZER_FUZZ=1} they run the regression inputs under {@code OtlpFuzzTestInputs/<method>/} as ordinary tests.
 */
class OtlpFuzzTest {
    private static final ReceiveContext CTX = new ReceiveContext("site-a", "otlp", "10.0.0.1:4318", 1L);
    private static final OtlpLogsCodec CODEC = new OtlpLogsCodec(8);

    @FuzzTest(maxDuration = "30s")
    void decodeJsonThrowsOnlyCodecException(byte[] body) {
        try {
            CODEC.decodeJson(body, CTX);
        } catch (CodecException expected) {
            // a rejected request is fine; anything else fails the test
        }
    }

    @FuzzTest(maxDuration = "30s")
    void decodeProtobufThrowsOnlyCodecException(byte[] body) {
        try {
            CODEC.decodeProtobuf(body, CTX);
        } catch (CodecException expected) {
            // a rejected request is fine; anything else fails the test
        }
    }
}
