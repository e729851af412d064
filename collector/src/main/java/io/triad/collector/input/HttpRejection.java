package io.triad.collector.input;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request an HTTP input refuses, with the status to answer and a message that says what was expected and what
 * came ({@code "request body decompresses to more than the limit of 67108864 bytes"}).
 */
final class HttpRejection extends Exception {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // HttpResponseStatus is not serializable; this exception is never serialized.
    private final HttpResponseStatus status;

    HttpRejection(HttpResponseStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpRejection(HttpResponseStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    HttpResponseStatus status() {
        return status;
    }
}
