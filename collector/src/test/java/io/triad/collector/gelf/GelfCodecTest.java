package io.triad.collector.gelf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.collector.codec.CodecException;
import io.triad.collector.codec.ReceiveContext;
import io.triad.collector.model.LogEvent;
import io.triad.collector.model.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GelfCodecTest {
    static final ReceiveContext CTX =
            new ReceiveContext("site-a", "gelf-udp", "10.1.2.3:51000", 1_763_800_000_000_000L);

    private final GelfCodec codec = new GelfCodec(64 * 1024);

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = GelfCodecTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] zlib(byte[] data, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(level))) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private LogEvent decode(String json) throws CodecException {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8), CTX);
    }

    @Test
    void decodesTheSpecificationExample() throws Exception {
        LogEvent e = codec.decode(fixture("spec-example.json"), CTX);

        assertThat(e.host()).isEqualTo("example.org");
        assertThat(e.message()).isEqualTo("A short message that helps you identify what is going on");
        assertThat(e.timestamp()).isEqualTo(1_385_053_862_307_200L);
        assertThat(e.severity()).isEqualTo(Severity.ALERT);
        assertThat(e.fields())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "full_message", "Backtrace here\n\nmore stuff",
                        "user_id", "9001",
                        "some_info", "foo",
                        "some_env_var", "bar"));
        assertThat(e.site()).isEqualTo("site-a");
        assertThat(e.input()).isEqualTo("gelf-udp");
        assertThat(e.source()).isEqualTo("10.1.2.3:51000");
        assertThat(e.received()).isEqualTo(CTX.receivedMicros());
        assertThat(e.facility()).isEqualTo(-1);
    }

    @Test
    void mapsTriadAdditionalFieldsToComponentLayerAppAndCorrelation() throws Exception {
        LogEvent e = codec.decode(fixture("logback-gelf-eep.json"), CTX);

        assertThat(e.component()).isEqualTo("EEP");
        assertThat(e.layer()).isEqualTo("application");
        assertThat(e.app()).isEqualTo("eep-server");
        assertThat(e.severity()).isEqualTo(Severity.INFO);
        assertThat(e.timestamp()).isEqualTo(1_763_807_402_125_000L);
        assertThat(e.correlation())
                .containsEntry("trace_id", List.of("4bf92f3577b34da6a3ce929d0e0e4736"))
                .containsEntry("span_id", List.of("00f067aa0ba902b7"))
                .containsEntry("correlation_id", List.of("alarm-4711"));
        assertThat(e.fields())
                .containsEntry("facility", "eep")
                .containsEntry("line", "88")
                .containsEntry("file", "AlarmService.java")
                .containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
                .containsEntry("thread_name", "worker-3")
                .containsEntry("retries", "3")
                .containsEntry("ratio", "0.25")
                .containsEntry("ok", "true")
                .containsEntry("ctx", "{\"a\":[1,2]}")
                .doesNotContainKeys("id", "_id", "nothing", "component", "application_name");
    }

    @Test
    void gzipAndZlibPayloadsDecodeLikePlainOnes() throws Exception {
        byte[] plain = fixture("logback-gelf-eep.json");
        LogEvent expected = codec.decode(plain, CTX);

        assertThat(codec.decode(gzip(plain), CTX)).isEqualTo(expected);
        for (int level : new int[] {Deflater.NO_COMPRESSION, Deflater.BEST_SPEED, 5, Deflater.BEST_COMPRESSION}) {
            byte[] z = zlib(plain, level);
            assertThat(z[0]).isEqualTo((byte) 0x78);
            assertThat(codec.decode(z, CTX)).isEqualTo(expected);
        }
    }

    @Test
    void zipBombFailsAtTheDecompressionLimit() throws Exception {
        byte[] bomb = gzip(new byte[10 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(20_000);

        assertThatThrownBy(() -> codec.decode(bomb, CTX))
                .isInstanceOf(CodecException.class)
                .hasMessage("decompressed size exceeds the allowed maximum (65536)");
        assertThatThrownBy(() -> codec.decode(zlib(new byte[100_000], 9), CTX))
                .hasMessage("decompressed size exceeds the allowed maximum (65536)");
    }

    @Test
    void payloadExactlyAtTheLimitDecodes() throws Exception {
        String head = "{\"host\":\"h\",\"short_message\":\"";
        String msg = "x".repeat(64 * 1024 - head.length() - 2);
        byte[] json = (head + msg + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(json).hasSize(64 * 1024);

        assertThat(codec.decode(gzip(json), CTX).message()).isEqualTo(msg);
    }

    @Test
    void corruptGzipIsACodecException() throws Exception {
        byte[] z = gzip("{\"host\":\"h\",\"short_message\":\"m\"}".getBytes(StandardCharsets.UTF_8));
        byte[] cut = java.util.Arrays.copyOf(z, z.length / 2);

        assertThatThrownBy(() -> codec.decode(cut, CTX))
                .isInstanceOf(CodecException.class)
                .hasMessageStartingWith("GELF gzip payload is corrupt");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> decode("{\"short_message\":\"m\"}"))
                .isInstanceOf(CodecException.class)
                .hasMessage("GELF field 'host' is required");
        assertThatThrownBy(() -> decode("{\"host\":\"h\"}"))
                .isInstanceOf(CodecException.class)
                .hasMessage("GELF field 'short_message' is required");
    }

    @Test
    void defaultsAreAlertSeverityAndTheReceiveTime() throws Exception {
        LogEvent e = decode("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"m\"}");

        assertThat(e.severity()).isEqualTo(Severity.ALERT);
        assertThat(e.timestamp()).isEqualTo(CTX.receivedMicros());
    }

    @Test
    void rejectsWhatIsNotAJsonObject() {
        assertThatThrownBy(() -> decode("[1,2]")).hasMessage("GELF message must be a JSON object; got: array");
        assertThatThrownBy(() -> decode("")).hasMessage("GELF message must be a JSON object; got: end of input");
        assertThatThrownBy(() -> decode("{\"host\":\"h\",")).hasMessageStartingWith("GELF message is not valid JSON");
        assertThatThrownBy(() -> decode("{\"host\":\"h\",\"short_message\":\"m\"} {}"))
                .hasMessage("GELF message must be one JSON object; got trailing object");
    }

    @Test
    void rejectsStandardFieldsOfTheWrongType() {
        assertThatThrownBy(() -> decode("{\"host\":42,\"short_message\":\"m\"}"))
                .hasMessage("GELF field 'host' must be a string; got: number");
        assertThatThrownBy(() -> decode("{\"host\":\"h\",\"short_message\":{}}"))
                .hasMessage("GELF field 'short_message' must be a string; got: object");
        assertThatThrownBy(() -> decode("{\"host\":\"h\",\"short_message\":\"m\",\"level\":9}"))
                .hasMessage("GELF field 'level' must be a syslog severity 0-7; got: 9");
        assertThatThrownBy(() -> decode("{\"host\":\"h\",\"short_message\":\"m\",\"timestamp\":\"soon\"}"))
                .hasMessage("GELF field 'timestamp' must be seconds since the epoch; got: \"soon\"");
        assertThatThrownBy(() -> decode("{\"host\":\"h\",\"short_message\":\"m\",\"timestamp\":-5}"))
                .hasMessageStartingWith("GELF field 'timestamp' must be seconds since the epoch within 0..");
        assertThatThrownBy(() -> decode("{\"host\":\"\",\"short_message\":\"m\"}"))
                .hasMessage("GELF field 'host' must not be empty");
    }

    @Test
    void acceptsAQuotedTimestampAndLevelAndTrailingNulDelimiters() throws Exception {
        byte[] json = "{\"host\":\"h\",\"short_message\":\"m\",\"timestamp\":\"1385053862.000001\",\"level\":\"3\"}\0\0"
                .getBytes(StandardCharsets.UTF_8);

        LogEvent e = codec.decode(json, CTX);

        assertThat(e.timestamp()).isEqualTo(1_385_053_862_000_001L);
        assertThat(e.severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void plainPayloadOverTheLimitIsRejected() {
        GelfCodec small = new GelfCodec(16);
        assertThatThrownBy(() ->
                        small.decode("{\"host\":\"h\",\"short_message\":\"m\"}".getBytes(StandardCharsets.UTF_8), CTX))
                .hasMessage("GELF payload size (32) exceeds the allowed maximum (16)");
    }
}
