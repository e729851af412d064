package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.triad.collector.ndjson.NdjsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpIngestHandlerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecordingSink sink = new RecordingSink();
    private final InputMeters meters = new InputMeters("ndjson", registry);
    private final InputContext input = new InputContext("site-a", "ndjson", Clock.systemUTC(), meters, sink);
    private final EmbeddedChannel ch = new EmbeddedChannel(
            new BodyLimitAggregator(1000, meters),
            new HttpIngestHandler(
                    Map.of(NdjsonEndpoint.PATH, new NdjsonEndpoint(input, new NdjsonCodec(1000, 100))),
                    meters,
                    new ContentDecoding(4000)));

    @AfterEach
    void release() {
        ch.finishAndReleaseAll();
    }

    private static FullHttpRequest post(String uri, String body) {
        FullHttpRequest r = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, uri, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        HttpUtil.setContentLength(r, r.content().readableBytes());
        return r;
    }

    private FullHttpResponse response() {
        ch.runPendingTasks();
        FullHttpResponse r = ch.readOutbound();
        assertThat(r).as("a response").isNotNull();
        return r;
    }

    private static String body(FullHttpResponse r) {
        try {
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    @Test
    void answersAnUnknownPathWith404NamingTheEndpoints() {
        ch.writeInbound(post("/nope", "x"));
        FullHttpResponse r = response();
        assertThat(r.status()).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(body(r)).contains("no endpoint at /nope").contains("POST /api/v1/ingest");
    }

    @Test
    void answersAnotherMethodWith405AndAllow() {
        ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, NdjsonEndpoint.PATH));
        FullHttpResponse r = response();
        assertThat(r.status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        assertThat(r.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("POST");
        assertThat(body(r)).contains("/api/v1/ingest takes POST; got: GET");
    }

    @Test
    void answers429WithRetryAfterWhileTheSinkIsNotAccepting() {
        sink.accepting(false);
        ch.writeInbound(post(NdjsonEndpoint.PATH, "{\"message\":\"a\"}\n"));
        FullHttpResponse r = response();
        assertThat(r.status()).isEqualTo(HttpResponseStatus.TOO_MANY_REQUESTS);
        assertThat(r.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
        body(r);
        assertThat(sink.batchSizes()).isEmpty();
        assertThat(registry.get("triad.input.backpressure").counter().count()).isEqualTo(1.0);
    }

    @Test
    void answersOnlyOnceTheEventsAreDurable() {
        sink.hold(true);
        ch.writeInbound(post(NdjsonEndpoint.PATH, "{\"message\":\"a\"}\n{\"message\":\"b\"}\n"));
        ch.runPendingTasks();
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.config().isAutoRead()).isFalse();

        sink.completeHeld();
        FullHttpResponse r = response();
        assertThat(r.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(body(r)).isEqualTo("{\"accepted\":2,\"rejected\":0,\"errors\":[]}");
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void answersPipelinedRequestsInOrder() {
        sink.hold(true);
        ch.writeInbound(post(NdjsonEndpoint.PATH, "{\"message\":\"a\"}\n"));
        ch.writeInbound(post(NdjsonEndpoint.PATH, "{\"message\":\"b\"}\n{\"message\":\"c\"}\n"));
        assertThat(sink.heldCount()).isEqualTo(1);
        sink.completeHeld();
        assertThat(body(response())).startsWith("{\"accepted\":1,");
        sink.completeHeld();
        assertThat(body(response())).startsWith("{\"accepted\":2,");
        assertThat(sink.events()).hasSize(3);
    }

    @Test
    void answers503WithTheReasonWhenTheSinkFails() {
        sink.failWith("journal is closed");
        ch.writeInbound(post(NdjsonEndpoint.PATH, "{\"message\":\"a\"}\n"));
        FullHttpResponse r = response();
        assertThat(r.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(r.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
        assertThat(body(r)).contains("1 events could not be stored: journal is closed");
    }

    @Test
    void answersAnOversizedBodyWith413NamingSizeAndLimitAndKeepsTheConnection() {
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, NdjsonEndpoint.PATH);
        HttpUtil.setContentLength(head, 1500);
        ch.writeInbound(head);
        ch.writeInbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[1000])));
        ch.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[500])));
        FullHttpResponse r = response();
        assertThat(r.status()).isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
        assertThat(body(r)).contains("request body of 1500 bytes exceeds the limit of 1000 bytes");
        assertThat(ch.isOpen()).isTrue();

        ch.writeInbound(post(NdjsonEndpoint.PATH, "{\"message\":\"after\"}\n"));
        assertThat(response().status()).isEqualTo(HttpResponseStatus.OK);
    }

    @Test
    void answersABodyWhoseLinesAllFailWith400ListingTheLines() {
        ch.writeInbound(post(NdjsonEndpoint.PATH, "not json\n[1]\n"));
        FullHttpResponse r = response();
        assertThat(r.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(body(r)).startsWith("{\"accepted\":0,\"rejected\":2,\"errors\":[{\"line\":1,");
        assertThat(sink.batchSizes()).isEmpty();
    }
}
