package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.triad.collector.model.LogEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpInputsIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT)
            .build();

    @TempDir
    Path dir;

    private RunningInputs running;

    @BeforeEach
    void start() throws Exception {
        running = new RunningInputs(
                dir,
                c -> c.withEnabled(Set.of(InputsConfig.OTLP_HTTP))
                        .withLimits(c.limits()
                                .withMaxHttpBodyBytes(1024 * 1024)
                                .withMaxHttpDecompressedBytes(4 * 1024 * 1024)));
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private HttpResponse<byte[]> post(String path, String contentType, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + running.port(InputsConfig.OTLP_HTTP) + path))
                .timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!contentType.isEmpty()) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static ExportLogsServiceRequest otlpRequest(LogRecord... records) {
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(KeyValue.newBuilder()
                                        .setKey("service.name")
                                        .setValue(AnyValue.newBuilder().setStringValue("eep"))))
                        .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(java.util.List.of(records))))
                .build();
    }

    private static LogRecord record(String body) {
        return LogRecord.newBuilder()
                .setTimeUnixNano(1_763_800_000_000_000_000L)
                .setSeverityNumber(io.opentelemetry.proto.logs.v1.SeverityNumber.SEVERITY_NUMBER_WARN)
                .setBody(AnyValue.newBuilder().setStringValue(body))
                .build();
    }

    /** The message of a google.rpc.Status (field 2). */
    private static String statusMessage(byte[] status) throws Exception {
        CodedInputStream in = CodedInputStream.newInstance(status);
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == ((2 << 3) | 2)) {
                return in.readString();
            }
            in.skipField(tag);
        }
        return "";
    }

    @Test
    void acceptsOtlpProtobufAndAnswersInProtobuf() throws Exception {
        HttpResponse<byte[]> r = post(
                "/v1/logs",
                "application/x-protobuf",
                otlpRequest(record("disk almost full"), record("second")).toByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
        assertThat(ExportLogsServiceResponse.parseFrom(r.body()).hasPartialSuccess())
                .isFalse();
        assertThat(running.sink.events()).extracting(LogEvent::message).containsExactly("disk almost full", "second");
        assertThat(running.sink.events()).allSatisfy(e -> assertThat(e.input()).isEqualTo("otlp-http"));
        assertThat(running.counter("triad.input.events", "otlp-http")).isEqualTo(2.0);
    }

    @Test
    void reportsRejectedRecordsAsPartialSuccess() throws Exception {
        LogRecord badTrace = record("bad").toBuilder()
                .setTraceId(ByteString.copyFrom(new byte[3]))
                .build();
        HttpResponse<byte[]> r = post(
                "/v1/logs",
                "application/x-protobuf",
                otlpRequest(record("good"), badTrace).toByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        ExportLogsServiceResponse response = ExportLogsServiceResponse.parseFrom(r.body());
        assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).isNotEmpty();
        assertThat(running.sink.events()).extracting(LogEvent::message).containsExactly("good");
    }

    @Test
    void acceptsOtlpJsonAndAnswersInJson() throws Exception {
        String json = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"stringValue\":\"aam\"}}]},\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":"
                + "\"1763800000000000000\",\"severityNumber\":17,\"body\":{\"stringValue\":\"login failed\"}}]}]}]}";
        HttpResponse<byte[]> r =
                post("/v1/logs", "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(text(r)).isEqualTo("{}");
        assertThat(running.sink.events()).extracting(LogEvent::message).containsExactly("login failed");
    }

    @Test
    void answersAWhollyBadBodyWith400AndAStatusInTheRequestsEncoding() throws Exception {
        HttpResponse<byte[]> proto = post("/v1/logs", "application/x-protobuf", new byte[] {(byte) 0xff, 0x01, 0x02});
        assertThat(proto.statusCode()).isEqualTo(400);
        assertThat(statusMessage(proto.body())).contains("OTLP protobuf request is malformed");

        HttpResponse<byte[]> json = post("/v1/logs", "application/json", "{not json".getBytes(StandardCharsets.UTF_8));
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(text(json)).startsWith("{\"code\":3,\"message\":\"OTLP JSON request is not valid JSON");
        assertThat(running.sink.batchSizes()).isEmpty();
    }

    @Test
    void answersAnotherContentTypeWith415() throws Exception {
        HttpResponse<byte[]> r = post("/v1/logs", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(text(r))
                .contains("Content-Type must be application/x-protobuf or application/json; got: text/plain");
    }

    @Test
    void answers429WithRetryAfterUnderBackPressure() throws Exception {
        running.sink.accepting(false);
        HttpResponse<byte[]> r = post(
                "/v1/logs", "application/x-protobuf", otlpRequest(record("x")).toByteArray());
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        HttpResponse<byte[]> n = post(
                "/api/v1/ingest", "application/x-ndjson", "{\"message\":\"x\"}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(n.statusCode()).isEqualTo(429);
        assertThat(n.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(running.sink.batchSizes()).isEmpty();
    }

    @Test
    void answers503WithTheReasonWhenEventsCannotBeStored() throws Exception {
        running.sink.failWith("journal disk is full");
        HttpResponse<byte[]> r = post(
                "/v1/logs",
                "application/json",
                "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":\"x\"}}]}]}]}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(text(r)).contains("could not be stored: journal disk is full");
    }

    @Test
    void acceptsNdjsonAndReportsBadLines() throws Exception {
        String body = """
                {"message":"one","severity":"warn","component":"EAP"}
                {"message":"two"}
                {"no_message":true}

                garbage
                """;
        HttpResponse<byte[]> r = post("/api/v1/ingest", "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r))
                .startsWith("{\"accepted\":2,\"rejected\":2,\"errors\":[{\"line\":3,\"message\":")
                .contains("{\"line\":5,");
        assertThat(running.sink.events()).extracting(LogEvent::message).containsExactly("one", "two");
        assertThat(running.sink.events()).allSatisfy(e -> assertThat(e.input()).isEqualTo("ndjson"));
        assertThat(running.errors("ndjson", "parse")).isEqualTo(2.0);
    }

    @Test
    void answers413ForABodyOverTheLimit() throws Exception {
        HttpResponse<byte[]> r = post("/api/v1/ingest", "application/x-ndjson", new byte[2 * 1024 * 1024]);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(text(r)).contains("request body of 2097152 bytes exceeds the limit of 1048576 bytes");
        assertThat(running.errors("otlp-http", "too_large")).isEqualTo(1.0);
    }

    @Test
    void answers413ForAZipBomb() throws Exception {
        byte[] bomb = ContentDecodingTest.gzipBomb(64 * 1024 * 1024);
        HttpResponse<byte[]> r = post("/v1/logs", "application/json", bomb, "Content-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(text(r)).contains("decompresses to more than the limit of 4194304 bytes");
        assertThat(running.sink.batchSizes()).isEmpty();
    }

    @Test
    void answersUnknownPathsAndMethodsClearly() throws Exception {
        HttpResponse<byte[]> notFound = post("/v1/traces", "application/x-protobuf", new byte[0]);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(text(notFound))
                .contains("no endpoint at /v1/traces; this port serves POST /api/v1/ingest, POST /v1/logs");
        HttpResponse<String> get = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port("ndjson") + "/v1/logs"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void keepsTheConnectionAliveAcrossRequests() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<byte[]> r = post(
                    "/api/v1/ingest",
                    "application/x-ndjson",
                    ("{\"message\":\"m" + i + "\"}\n").getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).isEqualTo(200);
        }
        assertThat(running.connections("otlp-http")).isEqualTo(1.0);
        assertThat(running.sink.events()).hasSize(5);
    }
}
