package io.triad.web.api;

import io.triad.collector.model.LogEvent;
import io.triad.search.tail.LiveTail;
import io.triad.search.tail.TailSubscription;
import io.triad.web.json.ApiErrors;
import io.triad.web.json.Json;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/tail?q=}: new events matching a query as Server-Sent Events. Each event is an SSE event named
 * {@code event} with the event's JSON; a client that fell behind gets one event named {@code skipped} with {@code
 * {"skipped": N}} before its next event; a comment every 15 s keeps idle connections open and finds closed ones.
 *
 * <p>A bad query is a 400 before the stream starts; too many clients a 503 with {@code Retry-After}.
 */
@Path("/api/v1/tail")
@RolesAllowed("viewer")
public final class TailResource {
    private static final Logger LOG = LoggerFactory.getLogger(TailResource.class);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final LiveTail tail;

    public TailResource(LiveTail tail) {
        this.tail = tail;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void tail(@QueryParam("q") @DefaultValue("") String q, @Context SseEventSink sink, @Context Sse sse)
            throws IOException {
        TailSubscription s;
        try {
            s = tail.subscribe(q);
        } catch (LiveTail.TooManyClientsException e) {
            String message = String.valueOf(e.getMessage());
            throw new WebApplicationException(
                    message,
                    Response.fromResponse(ApiErrors.error(503, message, null))
                            .header("Retry-After", "5")
                            .build());
        }
        Thread.ofVirtual().name("triad-tail-sse").start(() -> pump(s, sink, sse));
    }

    private static void pump(TailSubscription s, SseEventSink sink, Sse sse) {
        try (s;
                sink) {
            if (!send(sink, sse.newEventBuilder().comment("connected").build())) {
                return;
            }
            while (!sink.isClosed() && !s.closed()) {
                LogEvent e = s.poll(HEARTBEAT);
                long skipped = s.takeSkipped();
                if (skipped > 0) {
                    String data = Json.mapper().writeValueAsString(Map.of("skipped", skipped));
                    if (!send(
                            sink,
                            sse.newEventBuilder().name("skipped").data(data).build())) {
                        return;
                    }
                }
                OutboundSseEvent out = e == null
                        ? sse.newEventBuilder().comment("heartbeat").build()
                        : sse.newEventBuilder()
                                .name("event")
                                .id(e.id().toString())
                                .data(Json.mapper().writeValueAsString(EventView.of(e, null)))
                                .build();
                if (!send(sink, out)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warn("live tail stream ended: {}", e.toString());
        }
    }

    /** Sends one SSE event; false when the client is gone. */
    private static boolean send(SseEventSink sink, OutboundSseEvent event) throws InterruptedException {
        if (sink.isClosed()) {
            return false;
        }
        try {
            sink.send(event).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
