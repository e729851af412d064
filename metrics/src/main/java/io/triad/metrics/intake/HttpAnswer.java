package io.triad.metrics.intake;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An HTTP answer of a push endpoint ({@link OtlpMetrics}, {@link RemoteWrite}), for whichever HTTP server carries it.
 *
 * @param status the HTTP status code
 * @param contentType the Content-Type, empty for none
 * @param body the body, maybe empty
 */
public record HttpAnswer(int status, String contentType, byte[] body) {

    public HttpAnswer {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be in [100, 599]; got: " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    /** A plain-text answer. */
    static HttpAnswer text(int status, String message) {
        return new HttpAnswer(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The body as UTF-8 text (for tests and logs). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
