package io.triad.collector.input;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.triad.collector.codec.CodecException;
import io.triad.collector.codec.ReceiveContext;
import io.triad.collector.gelf.GelfCodec;
import io.triad.collector.model.LogEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code POST /gelf}: one GELF message, or a bulk of messages one per line (Graylog's GELF HTTP input). The body may
 * be gzip or deflate by Content-Encoding, and each message may itself be gzip or zlib ({@link GelfCodec}). Bad lines
 * are counted and skipped; the answer is {@code 202 Accepted} once the good ones are durable, {@code 400} with the
 * first error when none was good. A body that fails line by line is tried once as a single (pretty-printed)
 * message.
 *
 * <p>Immutable and thread safe.
 */
final class GelfHttpEndpoint implements HttpEndpoint {
    static final String PATH = "/gelf";

    private final InputContext context;
    private final GelfCodec codec;

    GelfHttpEndpoint(InputContext context, GelfCodec codec) {
        this.context = context;
        this.codec = codec;
    }

    @Override
    public InputContext context() {
        return context;
    }

    @Override
    public void check(FullHttpRequest request) {
        // GELF clients send application/json or nothing; the codec tells JSON from gzip and zlib by magic bytes.
    }

    @Override
    public Outcome decode(FullHttpRequest request, byte[] body, ReceiveContext receive) {
        List<LogEvent> events = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (byte[] line : lines(body)) {
            try {
                events.add(codec.decode(line, receive));
            } catch (CodecException e) {
                errors.add(e.getMessage());
            }
        }
        if (events.isEmpty() && errors.size() > 1) {
            try {
                events.add(codec.decode(body, receive));
                errors.clear();
            } catch (CodecException e) {
                // Not one pretty-printed message either: report the lines' errors.
            }
        }
        context.meters().events(events.size());
        for (int i = 0; i < errors.size(); i++) {
            context.meters().error(InputMeters.CODEC);
        }
        if (events.isEmpty()) {
            String message = errors.isEmpty()
                    ? "request body must hold at least one GELF message; got: an empty body"
                    : errors.size() + " of " + errors.size() + " GELF messages were rejected; the first: "
                            + errors.get(0);
            return new Respond(error(request, HttpResponseStatus.BAD_REQUEST, message));
        }
        return new Store(events, () -> HttpIngestHandler.response(HttpResponseStatus.ACCEPTED, "", new byte[0]));
    }

    @Override
    public FullHttpResponse error(FullHttpRequest request, HttpResponseStatus status, String message) {
        return HttpIngestHandler.text(status, message);
    }

    /** The non-blank lines of a body; a body that does not start with JSON (gzip, zlib) is one line. */
    static List<byte[]> lines(byte[] body) {
        List<byte[]> lines = new ArrayList<>();
        int first = 0;
        while (first < body.length && isSpace(body[first])) {
            first++;
        }
        if (first < body.length && body[first] != '{') {
            lines.add(body);
            return lines;
        }
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i;
                while (end > start && isSpace(body[end - 1])) {
                    end--;
                }
                int s = start;
                while (s < end && isSpace(body[s])) {
                    s++;
                }
                if (end > s) {
                    lines.add(Arrays.copyOfRange(body, s, end));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
