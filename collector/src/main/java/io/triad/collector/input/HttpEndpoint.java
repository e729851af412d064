package io.triad.collector.input;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.triad.collector.codec.ReceiveContext;
import io.triad.collector.model.LogEvent;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One {@code POST} path of an HTTP input (OTLP logs, NDJSON bulk ingest, GELF): checks a request's headers, decodes
 * its body into events and says how to answer, in the endpoint's own response format. {@link HttpIngestHandler}
 * does the rest (routing, size limits, Content-Encoding, back-pressure, submitting, keep-alive).
 *
 * <p>NOTE: implementations are immutable and thread safe; the handlers of every connection share one.
 */
interface HttpEndpoint {

    /** The input the events and counters of this endpoint belong to. */
    InputContext context();

    /** Whether this endpoint stores events, so the sink's back-pressure applies (429 while it is not accepting). */
    default boolean usesSink() {
        return true;
    }

    /** Whether this endpoint undoes the given Content-Encoding itself (its body is then passed as received). */
    default boolean ownsEncoding(@Nullable String contentEncoding) {
        return false;
    }

    /**
     * Checks the request's headers before its body is decoded.
     *
     * @throws HttpRejection for example 415 for an unsupported Content-Type
     */
    void check(FullHttpRequest request) throws HttpRejection;

    /**
     * Decodes a body (already Content-Encoding-decoded) and counts decoded events and bad records.
     *
     * @throws HttpRejection 400 when the body is wholly bad
     */
    Outcome decode(FullHttpRequest request, byte[] body, ReceiveContext receive) throws HttpRejection;

    /** An error answer in this endpoint's format (OTLP: a google.rpc.Status; NDJSON: JSON; GELF: text). */
    FullHttpResponse error(FullHttpRequest request, HttpResponseStatus status, String message);

    /** What to do with a decoded request. */
    sealed interface Outcome {}

    /** Answer at once without storing anything. */
    record Respond(FullHttpResponse response) implements Outcome {
        public Respond {
            Objects.requireNonNull(response, "response");
        }
    }

    /** Answer once the future completes (exceptionally: 500), on the connection's event loop, in request order. */
    record Defer(CompletableFuture<FullHttpResponse> response) implements Outcome {
        public Defer {
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * Store the events, and answer with {@code onDurable} once the sink has made them durable.
     *
     * @param events the events to store; when empty, the answer is sent at once
     * @param onDurable makes the success answer
     */
    record Store(List<LogEvent> events, Supplier<FullHttpResponse> onDurable) implements Outcome {
        public Store {
            events = List.copyOf(events);
            Objects.requireNonNull(onDurable, "onDurable");
        }
    }
}
