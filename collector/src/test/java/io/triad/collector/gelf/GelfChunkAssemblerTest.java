package io.triad.collector.gelf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.collector.codec.CodecException;
import io.triad.collector.model.LogEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GelfChunkAssemblerTest {
    private static final long SECOND = 1_000_000_000L;

    private final GelfChunkAssembler assembler = new GelfChunkAssembler(128, Duration.ofSeconds(5), 1 << 20, 4);

    /** Splits a payload into GELF chunks of at most {@code size} payload bytes each. */
    static List<byte[]> chunks(long messageId, byte[] payload, int size) {
        int count = Math.max(1, (payload.length + size - 1) / size);
        return chunks(messageId, payload, size, count);
    }

    static List<byte[]> chunks(long messageId, byte[] payload, int size, int declaredCount) {
        List<byte[]> out = new ArrayList<>();
        for (int seq = 0, at = 0; at < payload.length || seq == 0; seq++, at += size) {
            ByteArrayOutputStream d = new ByteArrayOutputStream();
            d.write(0x1e);
            d.write(0x0f);
            for (int i = 7; i >= 0; i--) {
                d.write((int) (messageId >>> (i * 8)));
            }
            d.write(seq);
            d.write(declaredCount);
            d.write(payload, at, Math.min(size, payload.length - at));
            out.add(d.toByteArray());
        }
        return out;
    }

    @Test
    void unchunkedDatagramIsReturnedAsIs() throws Exception {
        byte[] d = "{\"host\":\"h\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(assembler.add(d, 0)).isSameAs(d);
        assertThat(assembler.pendingMessages()).isZero();
    }

    @Test
    void reassemblesChunksThatComeOutOfOrderAndTwice() throws Exception {
        byte[] payload = new byte[10_000];
        new Random(42).nextBytes(payload);
        List<byte[]> parts = chunks(0x0102030405060708L, payload, 1000);
        assertThat(parts).hasSize(10);
        List<byte[]> shuffled = new ArrayList<>(parts);
        Collections.shuffle(shuffled, new Random(7));
        shuffled.add(3, parts.get(5)); // a duplicate before the end
        byte[] last = shuffled.remove(shuffled.size() - 1);

        for (byte[] d : shuffled) {
            assertThat(assembler.add(d, 10)).isNull();
        }
        assertThat(assembler.pendingMessages()).isEqualTo(1);
        assertThat(assembler.add(last, 20)).isEqualTo(payload);
        assertThat(assembler.pendingMessages()).isZero();
        assertThat(assembler.add(parts.get(0), 30))
                .as("a straggler starts a new message")
                .isNull();
    }

    @Test
    void interleavedMessagesAreKeptApart() throws Exception {
        byte[] a = "AAAAAAAAAA".getBytes(StandardCharsets.US_ASCII);
        byte[] b = "BBBBBBBBBB".getBytes(StandardCharsets.US_ASCII);
        List<byte[]> ca = chunks(1, a, 4);
        List<byte[]> cb = chunks(2, b, 4);

        assertThat(assembler.add(ca.get(0), 0)).isNull();
        assertThat(assembler.add(cb.get(2), 0)).isNull();
        assertThat(assembler.add(cb.get(0), 0)).isNull();
        assertThat(assembler.add(ca.get(2), 0)).isNull();
        assertThat(assembler.add(cb.get(1), 0)).isEqualTo(b);
        assertThat(assembler.add(ca.get(1), 0)).isEqualTo(a);
    }

    @Test
    void chunkedGzipMessageDecodes() throws Exception {
        byte[] json = GelfCodecTest.fixture("logback-gelf-eep.json");
        byte[] gz = GelfCodecTest.gzip(json);
        List<byte[]> parts = chunks(99, gz, 100);
        Collections.reverse(parts);
        byte[] whole = null;
        for (byte[] d : parts) {
            whole = assembler.add(d, 0);
        }

        LogEvent e = new GelfCodec(1 << 16).decode(whole, GelfCodecTest.CTX);

        assertThat(e.component()).isEqualTo("EEP");
    }

    @Test
    void moreThan128ChunksIsRejected() {
        byte[] d = chunks(5, new byte[10], 10, 129).get(0);

        assertThatThrownBy(() -> assembler.add(d, 0))
                .isInstanceOf(CodecException.class)
                .hasMessage("GELF chunk sequence count (129) exceeds the allowed maximum (128)");
    }

    @Test
    void exactly128ChunksAreAccepted() throws Exception {
        byte[] payload = new byte[128];
        Arrays.fill(payload, (byte) 'x');
        byte[] whole = null;
        for (byte[] d : chunks(6, payload, 1)) {
            whole = assembler.add(d, 0);
        }
        assertThat(whole).isEqualTo(payload);
    }

    @Test
    void malformedHeadersAreRejected() {
        assertThatThrownBy(() -> assembler.add(new byte[] {0x1e, 0x0f, 1, 2, 3}, 0))
                .hasMessage("GELF chunk must have at least its 12-byte header; got: 5 bytes");
        byte[] seqTooHigh = chunks(1, new byte[4], 4, 2).get(0);
        seqTooHigh[10] = 2;
        assertThatThrownBy(() -> assembler.add(seqTooHigh, 0))
                .hasMessage("GELF chunk sequence number must be < sequence count (2); got: 2");
        assertThatThrownBy(() -> assembler.add(chunks(1, new byte[4], 4, 0).get(0), 0))
                .hasMessage("GELF chunk sequence count must be >= 1; got: 0");
    }

    @Test
    void inconsistentSequenceCountIsRejected() throws Exception {
        assertThat(assembler.add(chunks(3, new byte[8], 4, 2).get(0), 0)).isNull();

        assertThatThrownBy(() -> assembler.add(chunks(3, new byte[8], 4, 3).get(1), 0))
                .hasMessage("GELF chunk sequence count (3) differs from the earlier chunks of its message (2)");
    }

    @Test
    void expireDropsIncompleteMessagesOlderThanTheTimeout() throws Exception {
        List<byte[]> first = chunks(1, new byte[8], 4);
        List<byte[]> second = chunks(2, new byte[8], 4);
        assembler.add(first.get(0), 0);
        assembler.add(second.get(0), 3 * SECOND);

        assertThat(assembler.expire(5 * SECOND - 1)).isZero();
        assertThat(assembler.expire(5 * SECOND)).isEqualTo(1);
        assertThat(assembler.pendingMessages()).isEqualTo(1);
        assertThat(assembler.add(first.get(1), 5 * SECOND))
                .as("the rest of an expired message")
                .isNull();
        assertThat(assembler.add(second.get(1), 6 * SECOND)).hasSize(8);
        assertThat(assembler.expire(100 * SECOND)).isEqualTo(1);
        assertThat(assembler.pendingMessages()).isZero();
    }

    @Test
    void lateChunkOfATimedOutMessageStartsItAnew() throws Exception {
        List<byte[]> parts = chunks(1, "abcdefgh".getBytes(StandardCharsets.US_ASCII), 4);
        assembler.add(parts.get(0), 0);

        assertThat(assembler.add(parts.get(1), 6 * SECOND)).isNull();
        assertThat(assembler.add(parts.get(0), 7 * SECOND))
                .asString(StandardCharsets.US_ASCII)
                .isEqualTo("abcdefgh");
    }

    @Test
    void messageLargerThanTheLimitIsDroppedWhole() throws Exception {
        GelfChunkAssembler small = new GelfChunkAssembler(128, Duration.ofSeconds(5), 10, 4);
        List<byte[]> parts = chunks(1, new byte[12], 4);
        assertThat(small.add(parts.get(0), 0)).isNull();
        assertThat(small.add(parts.get(1), 0)).isNull();

        assertThatThrownBy(() -> small.add(parts.get(2), 0))
                .hasMessage("GELF message size (12) exceeds the allowed maximum (10)");
        assertThat(small.pendingMessages()).isZero();
        assertThatThrownBy(() -> small.add(new byte[11], 0))
                .hasMessage("GELF message size (11) exceeds the allowed maximum (10)");
    }

    @Test
    void pendingMessageLimitDropsNewMessagesUntilOldOnesExpire() throws Exception {
        for (long id = 1; id <= 4; id++) {
            assertThat(assembler.add(chunks(id, new byte[8], 4).get(0), 0)).isNull();
        }
        byte[] fifth = chunks(5, new byte[8], 4).get(0);

        assertThatThrownBy(() -> assembler.add(fifth, SECOND))
                .hasMessage("pending GELF messages (4) reached the allowed maximum (4); chunk dropped");
        assertThat(assembler.add(chunks(1, new byte[8], 4).get(1), SECOND))
                .as("old ones still complete")
                .hasSize(8);
        assertThat(assembler.add(fifth, SECOND)).isNull();
        assertThat(assembler.add(chunks(6, new byte[8], 4).get(0), 5 * SECOND))
                .as("expired ones make room")
                .isNull();
        assertThat(assembler.pendingMessages()).isEqualTo(2);
    }

    @Test
    void constructorRejectsLimitsOutOfRange() {
        assertThatThrownBy(() -> new GelfChunkAssembler(129, Duration.ofSeconds(5), 1, 1))
                .hasMessage("maxChunks must be within 1..128; got: 129");
        assertThatThrownBy(() -> new GelfChunkAssembler(128, Duration.ZERO, 1, 1))
                .hasMessage("timeout must be positive; got: PT0S");
    }
}
