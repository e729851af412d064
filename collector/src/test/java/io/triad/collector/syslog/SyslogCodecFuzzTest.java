package io.triad.collector.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.triad.collector.codec.ReceiveContext;
import io.triad.collector.model.LogEvent;
import java.time.ZoneId;

/**
 * Fuzzes {@link SyslogCodec#decode}: it never throws, always returns an event with a message, and its safety net
 * for parser bugs never fires. A normal test run replays the seed corpus in {@code
 * SyslogCodecFuzzTestInputs/decodeNeverThrows/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class SyslogCodecFuzzTest {
    private static final SyslogCodec CODEC = new SyslogCodec(ZoneId.of("Europe/Zurich"), 4096);
    private static final ReceiveContext CTX =
            new ReceiveContext("site-a", "syslog-udp", "[2001:db8::1]:514", 1_740_830_400_000_000L);

    @FuzzTest(maxDuration = "60s")
    void decodeNeverThrows(byte[] input) {
        LogEvent e = CODEC.decode(input, 0, input.length, CTX);
        assertThat(e).isNotNull();
        assertThat(e.message()).isNotNull();
        assertThat(e.parseError()).doesNotStartWith(SyslogCodec.INTERNAL_ERROR);
        if (e.failedToParse()) {
            assertThat(e.raw()).isEqualTo(e.message());
        }
    }
}
