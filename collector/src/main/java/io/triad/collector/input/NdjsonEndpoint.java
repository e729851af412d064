package io.triad.collector.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.triad.collector.codec.ReceiveContext;
import io.triad.collector.ndjson.LineError;
import io.triad.collector.ndjson.NdjsonCodec;
import io.triad.collector.ndjson.NdjsonDecoded;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code POST /api/v1/ingest}: a bulk of NDJSON log lines ({@link NdjsonCodec}). The answer is JSON: {@code 200
 * {"accepted": n, "rejected": m, "errors": [{"line": 3, "message": "..."}]}} once the good lines are durable, with
 * at most {@value #MAX_REPORTED_ERRORS} errors listed; {@code 400} with the same shape when every line failed;
 * other errors as {@code {"error": "..."}}. Any Content-Type is accepted (NDJSON has no registered one).
 *
 * <p>Immutable and thread safe.
 */
final class NdjsonEndpoint implements HttpEndpoint {
    static final String PATH = "/api/v1/ingest";
    static final int MAX_REPORTED_ERRORS = 100;
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final String JSON_TYPE = "application/json";

    private final InputContext context;
    private final NdjsonCodec codec;

    NdjsonEndpoint(InputContext context, NdjsonCodec codec) {
        this.context = context;
        this.codec = codec;
    }

    @Override
    public InputContext context() {
        return context;
    }

    @Override
    public void check(FullHttpRequest request) {
        // NDJSON has no registered media type; clients send application/x-ndjson, application/json or text/plain.
    }

    @Override
    public Outcome decode(FullHttpRequest request, byte[] body, ReceiveContext receive) {
        NdjsonDecoded decoded = codec.decode(body, receive);
        int accepted = decoded.events().size();
        int rejected = decoded.errors().size();
        context.meters().events(accepted);
        for (int i = 0; i < rejected; i++) {
            context.meters().error(InputMeters.PARSE);
        }
        if (accepted == 0 && rejected > 0) {
            return new Respond(summary(HttpResponseStatus.BAD_REQUEST, 0, decoded.errors()));
        }
        return new Store(decoded.events(), () -> summary(HttpResponseStatus.OK, accepted, decoded.errors()));
    }

    @Override
    public FullHttpResponse error(FullHttpRequest request, HttpResponseStatus status, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpIngestHandler.response(status, JSON_TYPE, out.toByteArray());
    }

    private static FullHttpResponse summary(HttpResponseStatus status, int accepted, List<LineError> errors) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("accepted", accepted);
            g.writeNumberField("rejected", errors.size());
            g.writeArrayFieldStart("errors");
            for (LineError e : errors.subList(0, Math.min(errors.size(), MAX_REPORTED_ERRORS))) {
                g.writeStartObject();
                g.writeNumberField("line", e.line());
                g.writeStringField("message", e.message());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (errors.size() > MAX_REPORTED_ERRORS) {
                g.writeNumberField("errorsNotListed", errors.size() - MAX_REPORTED_ERRORS);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpIngestHandler.response(status, JSON_TYPE, out.toByteArray());
    }
}
