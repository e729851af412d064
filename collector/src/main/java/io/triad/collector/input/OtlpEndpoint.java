package io.triad.collector.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.CodedOutputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.triad.collector.codec.CodecException;
import io.triad.collector.codec.ReceiveContext;
import io.triad.collector.otlp.OtlpDecoded;
import io.triad.collector.otlp.OtlpLogsCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * {@code POST /v1/logs} of OTLP/HTTP (OpenTelemetry protocol specification, "OTLP/HTTP"): an {@code
 * ExportLogsServiceRequest} as binary protobuf ({@code application/x-protobuf}) or JSON ({@code application/json}),
 * answered in the same encoding. Success is {@code 200} with an {@code ExportLogsServiceResponse}, holding {@code
 * partial_success} when some records were rejected; a wholly bad body is {@code 400}, other errors their status,
 * both with a {@code google.rpc.Status} body ("Failures"); another Content-Type is {@code 415}.
 *
 * <p>Immutable and thread safe.
 */
final class OtlpEndpoint implements HttpEndpoint {
    static final String PATH = "/v1/logs";
    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON_TYPE = "application/json";
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final InputContext context;
    private final OtlpLogsCodec codec;

    OtlpEndpoint(InputContext context, OtlpLogsCodec codec) {
        this.context = context;
        this.codec = codec;
    }

    @Override
    public InputContext context() {
        return context;
    }

    @Override
    public void check(FullHttpRequest request) throws HttpRejection {
        if (!isProtobuf(request) && !isJson(request)) {
            throw new HttpRejection(
                    HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be " + PROTOBUF + " or " + JSON_TYPE + "; got: "
                            + (mimeType(request).isEmpty() ? "none" : mimeType(request)));
        }
    }

    @Override
    public Outcome decode(FullHttpRequest request, byte[] body, ReceiveContext receive) throws HttpRejection {
        boolean protobuf = isProtobuf(request);
        OtlpDecoded decoded;
        try {
            decoded = protobuf ? codec.decodeProtobuf(body, receive) : codec.decodeJson(body, receive);
        } catch (CodecException e) {
            throw new HttpRejection(HttpResponseStatus.BAD_REQUEST, String.valueOf(e.getMessage()), e);
        }
        context.meters().events(decoded.events().size());
        for (long i = 0; i < decoded.rejected(); i++) {
            context.meters().error(InputMeters.PARSE);
        }
        long rejected = decoded.rejected();
        String message = decoded.errorMessage();
        return new Store(
                decoded.events(),
                () -> protobuf
                        ? HttpIngestHandler.response(
                                HttpResponseStatus.OK, PROTOBUF, OtlpLogsCodec.responseProtobuf(rejected, message))
                        : HttpIngestHandler.response(
                                HttpResponseStatus.OK, JSON_TYPE, OtlpLogsCodec.responseJson(rejected, message)));
    }

    @Override
    public FullHttpResponse error(FullHttpRequest request, HttpResponseStatus status, String message) {
        int code = grpcCode(status);
        if (isJson(request)) {
            return HttpIngestHandler.response(status, JSON_TYPE, statusJson(code, message));
        }
        if (isProtobuf(request)) {
            return HttpIngestHandler.response(status, PROTOBUF, statusProtobuf(code, message));
        }
        return HttpIngestHandler.text(status, message);
    }

    /** The {@code google.rpc.Status} code of an HTTP status (google/rpc/code.proto). */
    static int grpcCode(HttpResponseStatus status) {
        return switch (status.code()) {
            case 400 -> 3; // INVALID_ARGUMENT
            case 413, 429 -> 8; // RESOURCE_EXHAUSTED
            case 415 -> 3; // INVALID_ARGUMENT
            case 503 -> 14; // UNAVAILABLE
            default -> 2; // UNKNOWN
        };
    }

    /** {@code google.rpc.Status} as protobuf: field 1 {@code int32 code}, field 2 {@code string message}. */
    static byte[] statusProtobuf(int code, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        try {
            coded.writeInt32(1, code);
            coded.writeString(2, message);
            coded.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code google.rpc.Status} as proto3 JSON: {@code {"code": 3, "message": "..."}}. */
    static byte[] statusJson(int code, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("code", code);
            g.writeStringField("message", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String mimeType(FullHttpRequest request) {
        CharSequence mime = HttpUtil.getMimeType(request);
        return mime == null ? "" : mime.toString().trim().toLowerCase(Locale.ROOT);
    }

    private static boolean isProtobuf(FullHttpRequest request) {
        String mime = mimeType(request);
        return mime.equals(PROTOBUF) || mime.equals("application/protobuf");
    }

    private static boolean isJson(FullHttpRequest request) {
        return mimeType(request).equals(JSON_TYPE);
    }
}
