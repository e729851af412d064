package io.triad.collector.input;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@code POST} path that another module serves on the OTLP/HTTP port (OTLP metrics, Prometheus remote_write),
 * without this module knowing its payload. {@link Inputs} routes requests for {@link #path()} to it after the port's
 * usual steps: body-size limit (413), Content-Type check against {@link #contentTypes()} (415), and undoing the
 * Content-Encoding within the decompressed-size limit, except for the encodings in {@link #ownEncodings()}, which
 * the route undoes itself.
 *
 * <p>NOTE: implementations are thread safe. {@link #handle} runs on a worker thread of the inputs, never on an
 * event loop, so it may block briefly (storing samples); its answer is sent in request order on the connection.
 */
public interface ExternalHttpRoute {

    /** The exact request path, e.g. {@code /v1/metrics}. */
    String path();

    /** The input name its counters ({@code triad.input.*}) are tagged with, e.g. {@code otlp-metrics}. */
    String input();

    /** The MIME types (lower case, without parameters) this route takes; another is answered 415. */
    Set<String> contentTypes();

    /** Content-Encodings (lower case) whose bodies this route gets as received, e.g. {@code snappy}. */
    default Set<String> ownEncodings() {
        return Set.of();
    }

    /**
     * Handles one request with an acceptable Content-Type.
     *
     * @return the answer; a runtime exception is answered 500 and counted
     */
    Reply handle(Request request);

    /**
     * An error answer in the route's format; plain text unless overridden.
     *
     * @param contentType the request's MIME type (lower case, maybe empty)
     */
    default Reply error(String contentType, int status, String message) {
        return Reply.text(status, message);
    }

    /**
     * One request.
     *
     * @param contentType the MIME type, lower case, without parameters (empty when absent)
     * @param contentEncoding the Content-Encoding still to undo, lower case: one of {@link #ownEncodings()}, or
     *     empty when the body is already decoded
     * @param headers the request headers, names in lower case, the first value of each
     * @param body the body
     * @param senderAddress the sender's IP address without port (empty when unknown)
     */
    record Request(
            String contentType,
            String contentEncoding,
            Map<String, String> headers,
            byte[] body,
            String senderAddress) {
        public Request {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(contentEncoding, "contentEncoding");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(senderAddress, "senderAddress");
        }
    }

    /**
     * An answer.
     *
     * @param status the HTTP status code
     * @param contentType its Content-Type, empty for none
     * @param body its body, maybe empty
     */
    record Reply(int status, String contentType, byte[] body) {
        public Reply {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("status must be in [100, 599]; got: " + status);
            }
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
        }

        /** A plain-text answer. */
        public static Reply text(int status, String message) {
            return new Reply(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
        }

        /** An answer without a body, e.g. 204. */
        public static Reply empty(int status) {
            return new Reply(status, "", new byte[0]);
        }
    }
}
