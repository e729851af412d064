package io.triad.collector.ndjson;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.collector.codec.ReceiveContext;
import io.triad.collector.model.LogEvent;
import io.triad.collector.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonCodecTest {
    private static final ReceiveContext CTX =
            new ReceiveContext("site-b", "ndjson", "192.0.2.7:40000", 1_763_800_000_000_000L);

    private final NdjsonCodec codec = new NdjsonCodec(4096, 1000);

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = NdjsonCodecTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    private NdjsonDecoded decode(String body) {
        return codec.decode(body.getBytes(StandardCharsets.UTF_8), CTX);
    }

    @Test
    void goodLinesDecodeAndBadLinesAreReportedByNumber() throws Exception {
        NdjsonDecoded d = codec.decode(fixture("mixed.ndjson"), CTX);

        assertThat(d.events())
                .extracting(LogEvent::message)
                .containsExactly("alarm raised", "millis", "seconds", "last");
        assertThat(d.errors())
                .containsExactly(
                        new LineError(
                                3,
                                "line is not valid JSON: Unrecognized token 'not': was expecting "
                                        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
                        new LineError(4, "line must be a JSON object; got: array"),
                        new LineError(5, "key 'message' is required"),
                        new LineError(6, "key 'severity' must be 0-7 or a severity name; got: loud"),
                        new LineError(
                                9,
                                "key 'timestamp' must be ISO 8601 with a zone offset, like "
                                        + "2026-11-22T10:15:30.123Z; got: \"yesterday\""),
                        new LineError(10, "key 'fields.a' must be a string, number or boolean; got: object"));
    }

    @Test
    void mapsEveryKnownKey() throws Exception {
        LogEvent e = codec.decode(fixture("mixed.ndjson"), CTX).events().get(0);

        assertThat(e.timestamp()).isEqualTo(1_795_342_530_123_456L);
        assertThat(e.received()).isEqualTo(CTX.receivedMicros());
        assertThat(e.host()).isEqualTo("eep-a-01");
        assertThat(e.component()).isEqualTo("EEP");
        assertThat(e.layer()).isEqualTo("application");
        assertThat(e.severity()).isEqualTo(Severity.WARNING);
        assertThat(e.facility()).isEqualTo(19);
        assertThat(e.app()).isEqualTo("eep");
        assertThat(e.procId()).isEqualTo("4711");
        assertThat(e.msgId()).isEqualTo("ALARM");
        assertThat(e.fields())
                .containsEntry("alarm", "A-17")
                .containsEntry("count", "3")
                .containsEntry("ack", "false")
                .containsEntry("zone", "north")
                .containsEntry("ctx", "{\"x\":1}")
                .hasSize(5);
        assertThat(e.correlation())
                .containsEntry("alarm_id", List.of("A-17"))
                .containsEntry("trace_id", List.of("t1", "t2"));
        assertThat(e.site()).isEqualTo("site-b");
        assertThat(e.input()).isEqualTo("ndjson");
        assertThat(e.source()).isEqualTo("192.0.2.7:40000");
    }

    @Test
    void numericTimestampsAreEpochMillisOrSecondsWithAFraction() throws Exception {
        List<LogEvent> events = codec.decode(fixture("mixed.ndjson"), CTX).events();

        assertThat(events.get(1).timestamp()).isEqualTo(1_763_806_530_123_000L);
        assertThat(events.get(1).severity()).isEqualTo(Severity.ERROR);
        assertThat(events.get(2).timestamp()).isEqualTo(1_763_806_530_500_000L);
    }

    @Test
    void defaultsAreTheReceiveTimeTheSenderHostAndInfo() {
        LogEvent e = decode("{\"message\":\"m\"}").events().get(0);

        assertThat(e.timestamp()).isEqualTo(CTX.receivedMicros());
        assertThat(e.host()).isEqualTo("192.0.2.7");
        assertThat(e.severity()).isEqualTo(Severity.INFO);
        assertThat(e.facility()).isEqualTo(-1);
    }

    @Test
    void isoTimestampWithAnOffsetIsConvertedToUtc() {
        LogEvent e = decode("{\"message\":\"m\",\"timestamp\":\"2026-11-22T12:00:00+02:00\"}")
                .events()
                .get(0);

        assertThat(e.timestamp()).isEqualTo(1_795_341_600_000_000L);
    }

    @Test
    void lineOverTheLimitIsAnErrorAndTheNextLineStillDecodes() {
        NdjsonCodec small = new NdjsonCodec(30, 10);
        String longLine = "{\"message\":\"" + "x".repeat(40) + "\"}";

        NdjsonDecoded d = small.decode((longLine + "\n{\"message\":\"ok\"}\n").getBytes(StandardCharsets.UTF_8), CTX);

        assertThat(d.errors()).containsExactly(new LineError(1, "line length (54) exceeds the allowed maximum (30)"));
        assertThat(d.events()).extracting(LogEvent::message).containsExactly("ok");
    }

    @Test
    void linesPastTheMaximumAreReportedOnce() {
        NdjsonCodec two = new NdjsonCodec(100, 2);

        NdjsonDecoded d = two.decode(
                "{\"message\":\"1\"}\n\n{\"message\":\"2\"}\n{\"message\":\"3\"}\n{\"message\":\"4\"}"
                        .getBytes(StandardCharsets.UTF_8),
                CTX);

        assertThat(d.events()).hasSize(2);
        assertThat(d.errors())
                .containsExactly(new LineError(
                        4,
                        "line count exceeds the allowed maximum (2); this line and the ones after it were not read"));
    }

    @Test
    void emptyAndBlankBodiesGiveNothing() {
        assertThat(decode("")).isEqualTo(new NdjsonDecoded(List.of(), List.of()));
        assertThat(decode("\n \r\n\t\n")).isEqualTo(new NdjsonDecoded(List.of(), List.of()));
    }

    @Test
    void badValuesOfKnownKeysAreLineErrors() {
        NdjsonDecoded d = decode(String.join(
                "\n",
                "{\"message\":5}",
                "{\"message\":\"m\",\"facility\":24}",
                "{\"message\":\"m\",\"timestamp\":-1}",
                "{\"message\":\"m\",\"correlation\":{\"a\":[1]}}",
                "{\"message\":\"m\"} trailing",
                "{\"message\":\"m\",\"severity\":true}"));

        assertThat(d.events()).isEmpty();
        assertThat(d.errors())
                .extracting(LineError::message)
                .containsExactly(
                        "key 'message' must be a string; got: number",
                        "key 'facility' must be 0-23 or a facility name; got: 24",
                        "key 'timestamp' as epoch milliseconds must be within 0..253402300799999; got: -1",
                        "key 'correlation.a[]' must be a string; got: number",
                        "line is not valid JSON: Unrecognized token 'trailing': was expecting "
                                + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                        "key 'severity' must be 0-7 or a severity name; got: boolean");
    }

    @Test
    void invalidUtf8IsALineError() {
        byte[] body = {'{', '"', 'm', 'e', 's', 's', 'a', 'g', 'e', '"', ':', '"', (byte) 0xff, '"', '}'};

        NdjsonDecoded d = codec.decode(body, CTX);

        assertThat(d.events()).isEmpty();
        assertThat(d.errors())
                .singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("line is not valid JSON: Invalid UTF-8"));
    }
}
