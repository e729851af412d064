package io.triad.collector.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.triad.collector.codec.CodecException;
import io.triad.collector.codec.ReceiveContext;
import io.triad.collector.model.LogEvent;
import io.triad.collector.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OtlpLogsCodecTest {
    private static final ReceiveContext CTX =
            new ReceiveContext("site-a", "otlp", "10.9.8.7:43210", 1_763_800_000_000_000L);
    private static final byte[] TRACE = HexFormat.of().parseHex("4bf92f3577b34da6a3ce929d0e0e4736");
    private static final byte[] SPAN = HexFormat.of().parseHex("00f067aa0ba902b7");

    private final OtlpLogsCodec codec = new OtlpLogsCodec(16);

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = OtlpLogsCodecTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    private static ExportLogsServiceRequest request(Resource resource, LogRecord... records) {
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(resource)
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("io.backbone.eap"))
                                .addAllLogRecords(List.of(records))))
                .build();
    }

    private static Resource eapResource() {
        return Resource.newBuilder()
                .addAttributes(attr("host.name", "eap-a-03"))
                .addAttributes(attr("service.name", "eap-server"))
                .addAttributes(attr("service.namespace", "EAP"))
                .build();
    }

    @Test
    void protobufRecordMapsToAnEvent() throws Exception {
        LogRecord rec = LogRecord.newBuilder()
                .setTimeUnixNano(1_763_807_402_125_000_999L)
                .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_ERROR2)
                .setSeverityText("ERROR")
                .setBody(AnyValue.newBuilder().setStringValue("alarm pipeline stalled"))
                .addAttributes(attr("alarm.id", "A-17"))
                .addAttributes(KeyValue.newBuilder()
                        .setKey("retries")
                        .setValue(AnyValue.newBuilder().setIntValue(3)))
                .setTraceId(ByteString.copyFrom(TRACE))
                .setSpanId(ByteString.copyFrom(SPAN))
                .build();

        OtlpDecoded d = codec.decodeProtobuf(request(eapResource(), rec).toByteArray(), CTX);

        assertThat(d.rejected()).isZero();
        assertThat(d.errorMessage()).isEmpty();
        LogEvent e = d.events().get(0);
        assertThat(e.host()).isEqualTo("eap-a-03");
        assertThat(e.app()).isEqualTo("eap-server");
        assertThat(e.component()).isEqualTo("EAP");
        assertThat(e.layer()).isEqualTo("application");
        assertThat(e.severity()).isEqualTo(Severity.ERROR);
        assertThat(e.timestamp()).isEqualTo(1_763_807_402_125_000L);
        assertThat(e.received()).isEqualTo(CTX.receivedMicros());
        assertThat(e.message()).isEqualTo("alarm pipeline stalled");
        assertThat(e.correlation())
                .containsEntry("trace_id", List.of("4bf92f3577b34da6a3ce929d0e0e4736"))
                .containsEntry("span_id", List.of("00f067aa0ba902b7"));
        assertThat(e.fields())
                .containsEntry("alarm.id", "A-17")
                .containsEntry("retries", "3")
                .containsEntry("resource.host.name", "eap-a-03")
                .containsEntry("resource.service.name", "eap-server")
                .containsEntry("scope", "io.backbone.eap")
                .containsEntry("severity_text", "ERROR")
                .doesNotContainKey("dropped_attributes");
        assertThat(e.site()).isEqualTo("site-a");
        assertThat(e.input()).isEqualTo("otlp");
        assertThat(e.source()).isEqualTo("10.9.8.7:43210");
    }

    @Test
    void triadAttributesOverrideResourceDefaults() throws Exception {
        Resource resource = Resource.newBuilder()
                .addAttributes(attr("service.name", "geo"))
                .addAttributes(attr("triad.layer", "platform"))
                .build();
        LogRecord plain = LogRecord.newBuilder().build();
        LogRecord tagged = LogRecord.newBuilder()
                .addAttributes(attr("triad.component", "GSM"))
                .addAttributes(attr("triad.layer", "network"))
                .build();

        List<LogEvent> events = codec.decodeProtobuf(
                        request(resource, plain, tagged).toByteArray(), CTX)
                .events();

        assertThat(events.get(0).component()).isEqualTo("geo");
        assertThat(events.get(0).layer()).isEqualTo("platform");
        assertThat(events.get(0).host()).as("no host.name: the sender's host").isEqualTo("10.9.8.7");
        assertThat(events.get(0).timestamp()).as("no times: the receive time").isEqualTo(CTX.receivedMicros());
        assertThat(events.get(0).severity()).isEqualTo(Severity.INFO);
        assertThat(events.get(0).message()).isEmpty();
        assertThat(events.get(1).component()).isEqualTo("GSM");
        assertThat(events.get(1).layer()).isEqualTo("network");
    }

    @Test
    void nonStringBodiesBecomeText() throws Exception {
        AnyValue map = AnyValue.newBuilder()
                .setKvlistValue(KeyValueList.newBuilder()
                        .addValues(attr("k", "v"))
                        .addValues(KeyValue.newBuilder()
                                .setKey("list")
                                .setValue(AnyValue.newBuilder()
                                        .setArrayValue(ArrayValue.newBuilder()
                                                .addValues(AnyValue.newBuilder().setBoolValue(true))
                                                .addValues(AnyValue.newBuilder().setDoubleValue(1.5))))))
                .build();
        LogRecord a = LogRecord.newBuilder().setBody(map).build();
        LogRecord b = LogRecord.newBuilder()
                .setBody(AnyValue.newBuilder().setIntValue(-7))
                .build();
        LogRecord c = LogRecord.newBuilder()
                .setBody(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi")))
                .build();

        List<LogEvent> events = codec.decodeProtobuf(
                        request(eapResource(), a, b, c).toByteArray(), CTX)
                .events();

        assertThat(events)
                .extracting(LogEvent::message)
                .containsExactly("{\"k\":\"v\",\"list\":[true,1.5]}", "-7", "aGk=");
    }

    @Test
    void attributesPastTheLimitAreCounted() throws Exception {
        OtlpLogsCodec two = new OtlpLogsCodec(2);
        LogRecord rec = LogRecord.newBuilder()
                .addAttributes(attr("a", "1"))
                .addAttributes(attr("b", "2"))
                .addAttributes(attr("c", "3"))
                .build();

        LogEvent e = two.decodeProtobuf(request(eapResource(), rec).toByteArray(), CTX)
                .events()
                .get(0);

        assertThat(e.fields())
                .containsEntry("a", "1")
                .containsEntry("b", "2")
                .containsEntry("dropped_attributes", "4")
                .doesNotContainKeys("c", "resource.host.name");
        assertThat(e.host()).as("resource attributes still map to host").isEqualTo("eap-a-03");
    }

    @Test
    void badRecordsAreRejectedAloneWithTheFirstReason() throws Exception {
        LogRecord good = LogRecord.newBuilder()
                .setBody(AnyValue.newBuilder().setStringValue("ok"))
                .build();
        LogRecord shortTrace = LogRecord.newBuilder()
                .setTraceId(ByteString.copyFrom(new byte[5]))
                .build();
        LogRecord badSeverity =
                LogRecord.newBuilder().setSeverityNumberValue(30).build();
        LogRecord badSpan = LogRecord.newBuilder()
                .setSpanId(ByteString.copyFrom(new byte[16]))
                .build();

        OtlpDecoded d = codec.decodeProtobuf(
                request(eapResource(), good, shortTrace, badSeverity, good, badSpan)
                        .toByteArray(),
                CTX);

        assertThat(d.events()).extracting(LogEvent::message).containsExactly("ok", "ok");
        assertThat(d.rejected()).isEqualTo(3);
        assertThat(d.errorMessage()).isEqualTo("log record trace_id must be 16 bytes; got: 5 bytes");
    }

    @Test
    void zeroTraceAndSpanIdsAreNotCorrelated() throws Exception {
        LogRecord rec = LogRecord.newBuilder()
                .setTraceId(ByteString.copyFrom(new byte[16]))
                .setSpanId(ByteString.copyFrom(new byte[8]))
                .build();

        LogEvent e = codec.decodeProtobuf(request(eapResource(), rec).toByteArray(), CTX)
                .events()
                .get(0);

        assertThat(e.correlation()).isEmpty();
    }

    @Test
    void observedTimeIsUsedWhenTimeIsAbsent() throws Exception {
        LogRecord rec = LogRecord.newBuilder()
                .setObservedTimeUnixNano(1_000_000_000_123_456L)
                .build();

        LogEvent e = codec.decodeProtobuf(request(eapResource(), rec).toByteArray(), CTX)
                .events()
                .get(0);

        assertThat(e.timestamp()).isEqualTo(1_000_000_000_123L);
    }

    @ParameterizedTest(name = "severity_number {0} text \"{1}\" -> {2}")
    @CsvSource({
        "1,'',7",
        "8,'',7",
        "9,'',6",
        "12,'',6",
        "13,'',4",
        "16,'',4",
        "17,'',3",
        "20,'',3",
        "21,'',2",
        "24,'',2",
        "0,'',6",
        "0,warn,4",
        "0,Error,3",
        "0,whatever,6"
    })
    void severityNumbersMapToSyslogSeverities(int number, String text, int expected) throws Exception {
        LogRecord rec = LogRecord.newBuilder()
                .setSeverityNumberValue(number)
                .setSeverityText(text)
                .build();

        LogEvent e = codec.decodeProtobuf(request(eapResource(), rec).toByteArray(), CTX)
                .events()
                .get(0);

        assertThat(e.severity()).isEqualTo(expected);
    }

    @Test
    void malformedProtobufIsACodecException() {
        byte[] body = {0x0a, 0x05, 0x12, 0x03, 0x12, 0x01, 0x0a};

        assertThatThrownBy(() -> codec.decodeProtobuf(body, CTX))
                .isInstanceOf(CodecException.class)
                .hasMessageStartingWith("OTLP protobuf request is malformed: ");
    }

    @Test
    void jsonSpecificationExampleDecodes() throws Exception {
        OtlpDecoded d = codec.decodeJson(fixture("spec-example-logs.json"), CTX);

        assertThat(d.rejected()).isZero();
        LogEvent e = d.events().get(0);
        assertThat(e.timestamp()).isEqualTo(1_544_712_660_300_000L);
        assertThat(e.severity()).isEqualTo(Severity.INFO);
        assertThat(e.message()).isEqualTo("Example log record");
        assertThat(e.app()).isEqualTo("my.service");
        assertThat(e.component()).isEqualTo("my.service");
        assertThat(e.host()).isEqualTo("10.9.8.7");
        assertThat(e.correlation())
                .containsEntry("trace_id", List.of("5b8efff798038103d269b633813fc60c"))
                .containsEntry("span_id", List.of("eee19b7ec3c1b174"));
        assertThat(e.fields())
                .containsEntry("string.attribute", "some string")
                .containsEntry("boolean.attribute", "true")
                .containsEntry("int.attribute", "10")
                .containsEntry("double.attribute", "637.704")
                .containsEntry("array.attribute", "[\"many\",\"values\"]")
                .containsEntry("map.attribute", "{\"some.map.key\":\"some value\"}")
                .containsEntry("resource.service.name", "my.service")
                .containsEntry("scope", "my.library")
                .containsEntry("severity_text", "Information");
    }

    @Test
    void jsonAndProtobufOfTheSameRequestDecodeAlike() throws Exception {
        OtlpDecoded fromJson = codec.decodeJson(fixture("spec-example-logs.json"), CTX);
        ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
        LogRecord rec = LogRecord.newBuilder()
                .setTimeUnixNano(1_544_712_660_300_000_000L)
                .setObservedTimeUnixNano(1_544_712_660_300_000_000L)
                .setSeverityNumberValue(10)
                .setSeverityText("Information")
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex("5B8EFFF798038103D269B633813FC60C")))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("EEE19B7EC3C1B174")))
                .setBody(AnyValue.newBuilder().setStringValue("Example log record"))
                .addAttributes(attr("string.attribute", "some string"))
                .addAttributes(KeyValue.newBuilder()
                        .setKey("boolean.attribute")
                        .setValue(AnyValue.newBuilder().setBoolValue(true)))
                .addAttributes(KeyValue.newBuilder()
                        .setKey("int.attribute")
                        .setValue(AnyValue.newBuilder().setIntValue(10)))
                .addAttributes(KeyValue.newBuilder()
                        .setKey("double.attribute")
                        .setValue(AnyValue.newBuilder().setDoubleValue(637.704)))
                .addAttributes(KeyValue.newBuilder()
                        .setKey("array.attribute")
                        .setValue(AnyValue.newBuilder()
                                .setArrayValue(ArrayValue.newBuilder()
                                        .addValues(AnyValue.newBuilder().setStringValue("many"))
                                        .addValues(AnyValue.newBuilder().setStringValue("values")))))
                .addAttributes(KeyValue.newBuilder()
                        .setKey("map.attribute")
                        .setValue(AnyValue.newBuilder()
                                .setKvlistValue(
                                        KeyValueList.newBuilder().addValues(attr("some.map.key", "some value")))))
                .build();
        b.addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("service.name", "my.service")))
                .addScopeLogs(ScopeLogs.newBuilder()
                        .setScope(InstrumentationScope.newBuilder()
                                .setName("my.library")
                                .setVersion("1.0.0")
                                .addAttributes(attr("my.scope.attribute", "some scope attribute")))
                        .addLogRecords(rec)));

        OtlpDecoded fromProtobuf = codec.decodeProtobuf(b.build().toByteArray(), CTX);

        assertThat(fromJson).isEqualTo(fromProtobuf);
    }

    @Test
    void jsonSnakeCaseNamesAndPartialSuccess() throws Exception {
        OtlpDecoded d = codec.decodeJson(fixture("snake-case-partial.json"), CTX);

        assertThat(d.rejected()).isEqualTo(2);
        assertThat(d.errorMessage()).isEqualTo("traceId must be 32 hex digits; got: \"not-hex\"");
        assertThat(d.events()).hasSize(2);
        LogEvent first = d.events().get(0);
        assertThat(first.host()).isEqualTo("gsm-b-02");
        assertThat(first.component()).isEqualTo("GSM");
        assertThat(first.app()).isEqualTo("gsm");
        assertThat(first.severity()).isEqualTo(Severity.ERROR);
        assertThat(first.timestamp()).isEqualTo(1_544_712_660_300_000L);
        assertThat(first.message()).isEqualTo("{\"lat\":48.1,\"ok\":false}");
        assertThat(first.correlation()).isEmpty();
        LogEvent fatal = d.events().get(1);
        assertThat(fatal.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(fatal.layer()).isEqualTo("platform");
        assertThat(fatal.message()).isEqualTo("down");
    }

    @Test
    void jsonOfTheWrongShapeFailsWhole() {
        assertThatThrownBy(() -> codec.decodeJson("[]".getBytes(StandardCharsets.UTF_8), CTX))
                .isInstanceOf(CodecException.class)
                .hasMessage("OTLP JSON request must be an object; got: an array");
        assertThatThrownBy(() -> codec.decodeJson("{\"resourceLogs\":{}}".getBytes(StandardCharsets.UTF_8), CTX))
                .hasMessage("resourceLogs must be an array; got: an object");
        assertThatThrownBy(() -> codec.decodeJson("{\"resourceLogs\":[".getBytes(StandardCharsets.UTF_8), CTX))
                .hasMessageStartingWith("OTLP JSON request is not valid JSON: ");
    }

    @Test
    void jsonIgnoresUnknownFieldsAndAcceptsAnEmptyRequest() throws Exception {
        OtlpDecoded d = codec.decodeJson(
                "{\"future\":{\"x\":[1]},\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"newField\":1}]}]}]}"
                        .getBytes(StandardCharsets.UTF_8),
                CTX);

        assertThat(d.events()).hasSize(1);
        assertThat(codec.decodeJson("{}".getBytes(StandardCharsets.UTF_8), CTX).events())
                .isEmpty();
    }

    @Test
    void badResourceValueRejectsEveryRecordOfThatResource() throws Exception {
        String json = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{},{}]}],"
                + "\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":{\"intValue\":\"x\"}}]}},"
                + "{\"scopeLogs\":[{\"logRecords\":[{}]}]}]}";

        OtlpDecoded d = codec.decodeJson(json.getBytes(StandardCharsets.UTF_8), CTX);

        assertThat(d.events()).hasSize(1);
        assertThat(d.rejected()).isEqualTo(2);
        assertThat(d.errorMessage())
                .isEqualTo("resource.attributes[].value.intValue must be a 64-bit integer; got: \"x\"");
    }

    @Test
    void responsesCarryPartialSuccessOnlyWhenSomethingWasRejected() throws Exception {
        assertThat(OtlpLogsCodec.responseProtobuf(0, "")).isEmpty();
        ExportLogsServiceResponse r = ExportLogsServiceResponse.parseFrom(OtlpLogsCodec.responseProtobuf(3, "bad id"));
        assertThat(r.hasPartialSuccess()).isTrue();
        assertThat(r.getPartialSuccess().getRejectedLogRecords()).isEqualTo(3);
        assertThat(r.getPartialSuccess().getErrorMessage()).isEqualTo("bad id");

        assertThat(new String(OtlpLogsCodec.responseJson(0, ""), StandardCharsets.UTF_8))
                .isEqualTo("{}");
        assertThat(new String(OtlpLogsCodec.responseJson(3, "bad \"id\""), StandardCharsets.UTF_8))
                .isEqualTo("{\"partialSuccess\":{\"rejectedLogRecords\":\"3\",\"errorMessage\":\"bad \\\"id\\\"\"}}");
    }
}
