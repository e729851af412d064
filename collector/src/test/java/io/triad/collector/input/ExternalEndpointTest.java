package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An {@link ExternalHttpRoute} behind {@link HttpIngestHandler}: the port's checks first, then the route. */
class ExternalEndpointTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RecordingSink sink = new RecordingSink();
    private final InputMeters meters = new InputMeters("metrics", registry);
    private final InputContext input = new InputContext("site-a", "metrics", Clock.systemUTC(), meters, sink);
    private final List<ExternalHttpRoute.Request> seen = new ArrayList<>();
    private final ExternalHttpRoute route = new ExternalHttpRoute() {
        @Override
        public String path() {
            return "/v1/metrics";
        }

        @Override
        public String input() {
            return "metrics";
        }

        @Override
        public Set<String> contentTypes() {
            return Set.of("application/x-protobuf");
        }

        @Override
        public Set<String> ownEncodings() {
            return Set.of("snappy");
        }

        @Override
        public Reply handle(Request request) {
            if (new String(request.body(), StandardCharsets.UTF_8).equals("boom")) {
                throw new IllegalStateException("boom");
            }
            seen.add(request);
            return new Reply(200, "application/x-protobuf", new byte[] {42});
        }

        @Override
        public Reply error(String contentType, int status, String message) {
            return Reply.text(status, "route says: " + message);
        }
    };

    private EmbeddedChannel channel(Executor workers) {
        return new EmbeddedChannel(
                new BodyLimitAggregator(1000, meters),
                new HttpIngestHandler(
                        Map.of(route.path(), new ExternalEndpoint(input, route, workers)),
                        meters,
                        new ContentDecoding(4000)));
    }

    private final EmbeddedChannel ch = channel(Runnable::run);

    @AfterEach
    void release() {
        ch.finishAndReleaseAll();
    }

    private static FullHttpRequest post(String contentType, byte[] body) {
        FullHttpRequest r = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/metrics", Unpooled.wrappedBuffer(body));
        HttpUtil.setContentLength(r, body.length);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().set("X-Custom", "yes");
        return r;
    }

    private static FullHttpResponse response(EmbeddedChannel c) {
        c.runPendingTasks();
        FullHttpResponse r = c.readOutbound();
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
    void passesTheRequestToTheRouteAndSendsItsReply() {
        ch.writeInbound(post("application/x-protobuf; charset=binary", new byte[] {1, 2, 3}));

        FullHttpResponse r = response(ch);
        assertThat(r.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(r.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/x-protobuf");
        assertThat(r.content().readByte()).isEqualTo((byte) 42);
        r.release();
        ExternalHttpRoute.Request req = seen.get(0);
        assertThat(req.contentType()).isEqualTo("application/x-protobuf");
        assertThat(req.contentEncoding()).isEmpty();
        assertThat(req.body()).containsExactly(1, 2, 3);
        assertThat(req.headers()).containsEntry("x-custom", "yes");
        assertThat(req.senderAddress()).isEqualTo("embedded");
    }

    @Test
    void undoesGzipButLeavesTheRoutesOwnEncodings() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("plain".getBytes(StandardCharsets.UTF_8));
        }
        FullHttpRequest gzipped = post("application/x-protobuf", gz.toByteArray());
        gzipped.headers().set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
        ch.writeInbound(gzipped);
        body(response(ch));
        FullHttpRequest snappy = post("application/x-protobuf", new byte[] {5, 0, 1});
        snappy.headers().set(HttpHeaderNames.CONTENT_ENCODING, "Snappy");
        ch.writeInbound(snappy);
        body(response(ch));

        assertThat(new String(seen.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("plain");
        assertThat(seen.get(0).contentEncoding()).isEmpty();
        assertThat(seen.get(1).body()).containsExactly(5, 0, 1);
        assertThat(seen.get(1).contentEncoding()).isEqualTo("snappy");
    }

    @Test
    void answersAnotherContentTypeWith415InTheRoutesFormat() {
        ch.writeInbound(post("text/plain", new byte[] {1}));

        FullHttpResponse r = response(ch);
        assertThat(r.status()).isEqualTo(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(body(r))
                .contains("route says: Content-Type must be one of [application/x-protobuf]; got: text/plain");
        assertThat(seen).isEmpty();
    }

    @Test
    void ignoresTheEventSinksBackPressure() {
        sink.accepting(false);
        ch.writeInbound(post("application/x-protobuf", new byte[] {1}));

        assertThat(response(ch).status()).isEqualTo(HttpResponseStatus.OK);
    }

    @Test
    void answersAFailingRouteWith500AndCountsIt() {
        ch.writeInbound(post("application/x-protobuf", "boom".getBytes(StandardCharsets.UTF_8)));

        FullHttpResponse r = response(ch);
        assertThat(r.status()).isEqualTo(HttpResponseStatus.INTERNAL_SERVER_ERROR);
        assertThat(body(r)).contains("route says: internal error").contains("boom");
        assertThat(registry.get("triad.input.errors")
                        .tag("reason", "http")
                        .counter()
                        .count())
                .isEqualTo(1);
        ch.writeInbound(post("application/x-protobuf", new byte[] {1}));
        assertThat(response(ch).status()).as("the connection goes on").isEqualTo(HttpResponseStatus.OK);
    }

    @Test
    void answers503WithRetryAfterWhenTheWorkersAreFull() {
        EmbeddedChannel full = channel(task -> {
            throw new RejectedExecutionException("full");
        });
        try {
            full.writeInbound(post("application/x-protobuf", new byte[] {1}));

            FullHttpResponse r = response(full);
            assertThat(r.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
            assertThat(r.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
            assertThat(body(r)).contains("busy");
        } finally {
            full.finishAndReleaseAll();
        }
    }

    @Test
    void addressStripsThePort() {
        assertThat(ExternalEndpoint.address("10.0.0.1:514")).isEqualTo("10.0.0.1");
        assertThat(ExternalEndpoint.address("[::1]:514")).isEqualTo("::1");
        assertThat(ExternalEndpoint.address("")).isEmpty();
    }

    @Test
    void inputsRefuseTwoRoutesOnOnePath() {
        assertThatThrownBy(() -> new Inputs(
                        InputsConfig.defaults("site-a", java.nio.file.Path.of("tls")),
                        sink,
                        registry,
                        Clock.systemUTC(),
                        List.of(route, route)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/v1/metrics");
        ExternalHttpRoute.Reply empty = ExternalHttpRoute.Reply.empty(204);
        assertThat(empty.body()).isEmpty();
        assertThatThrownBy(() -> new ExternalHttpRoute.Reply(99, "", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
