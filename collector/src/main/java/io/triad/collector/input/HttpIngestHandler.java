package io.triad.collector.input;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.triad.collector.codec.ReceiveContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the {@code POST} endpoints of one HTTP input port on one connection, after {@code HttpServerCodec} and a
 * {@link BodyLimitAggregator}: routes by path (404 for an unknown path, 405 for another method), answers 429 with
 * {@code Retry-After: 1} while the sink is not accepting (RFC 6585 section 4; OTLP/HTTP treats 429 and 503 as
 * retryable), undoes the Content-Encoding within the decompressed-size limit (413 past it), lets the {@link
 * HttpEndpoint} decode, submits the events and answers only once the sink's future completes: the endpoint's
 * success answer when they are durable, 503 with the reason when they could not be stored. An {@link
 * ExternalHttpRoute} (through {@link ExternalEndpoint}) is answered once its worker is done, without the sink's
 * back-pressure, and may take a Content-Encoding of its own undecoded.
 *
 * <p>Requests of one connection are answered in order (HTTP/1.1 pipelining, RFC 9112 section 9.3.2): while one is
 * being stored the connection stops reading and further requests already decoded wait in a queue. Keep-alive is
 * honoured; a malformed request is answered with 400 and the connection closed.
 *
 * <p>NOTE: one instance per channel; all methods run on the channel's event loop.
 */
@SuppressWarnings("FutureReturnValueIgnored") // Netty channel futures: outcomes are handled by listeners
final class HttpIngestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpIngestHandler.class);

    private final Map<String, HttpEndpoint> routes;
    private final InputMeters serverMeters;
    private final ContentDecoding decoding;
    private final ArrayDeque<FullHttpRequest> queue = new ArrayDeque<>();
    private boolean busy;

    /**
     * @param routes endpoints by path
     * @param serverMeters the meters of the port's main input, which count requests no endpoint takes
     * @param decoding Content-Encoding decoding with the decompressed-size limit
     */
    HttpIngestHandler(Map<String, HttpEndpoint> routes, InputMeters serverMeters, ContentDecoding decoding) {
        this.routes = Map.copyOf(routes);
        this.serverMeters = serverMeters;
        this.decoding = decoding;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request) {
            queue.add(request);
            if (!busy) {
                next(ctx);
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        FullHttpRequest request;
        while ((request = queue.poll()) != null) {
            request.release();
        }
        ctx.fireChannelInactive();
    }

    private void next(ChannelHandlerContext ctx) {
        FullHttpRequest request = queue.poll();
        if (request == null) {
            busy = false;
            ctx.channel().config().setAutoRead(true);
            return;
        }
        busy = true;
        ctx.channel().config().setAutoRead(false);
        try {
            handle(ctx, request);
        } catch (RuntimeException e) {
            LOG.warn("{}: request {} {} failed", serverMeters.input(), request.method(), request.uri(), e);
            serverMeters.error(InputMeters.HTTP);
            respond(ctx, request, text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e));
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            serverMeters.error(InputMeters.HTTP);
            FullHttpResponse response = text(
                    HttpResponseStatus.BAD_REQUEST,
                    "malformed HTTP request: " + request.decoderResult().cause());
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            respond(ctx, request, response);
            return;
        }
        String path = path(request.uri());
        HttpEndpoint endpoint = routes.get(path);
        if (endpoint == null) {
            serverMeters.error(InputMeters.HTTP);
            respond(
                    ctx,
                    request,
                    text(
                            HttpResponseStatus.NOT_FOUND,
                            "no endpoint at " + path + "; this port serves " + describeRoutes()));
            return;
        }
        if (!HttpMethod.POST.equals(request.method())) {
            serverMeters.error(InputMeters.HTTP);
            FullHttpResponse response =
                    text(HttpResponseStatus.METHOD_NOT_ALLOWED, path + " takes POST; got: " + request.method());
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.POST.name());
            respond(ctx, request, response);
            return;
        }
        InputContext input = endpoint.context();
        input.meters().bytes(request.content().readableBytes());
        try {
            endpoint.check(request);
            if (endpoint.usesSink() && !input.sink().accepting()) {
                input.meters().backpressure();
                FullHttpResponse response = endpoint.error(
                        request,
                        HttpResponseStatus.TOO_MANY_REQUESTS,
                        "the collector is behind and takes no more events now; retry after 1 second");
                response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
                respond(ctx, request, response);
                return;
            }
            String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
            byte[] body = decoding.decode(endpoint.ownsEncoding(encoding) ? null : encoding, request.content());
            ReceiveContext receive = input.receive(ctx.channel().remoteAddress());
            HttpEndpoint.Outcome outcome = endpoint.decode(request, body, receive);
            if (outcome instanceof HttpEndpoint.Respond r) {
                respond(ctx, request, r.response());
            } else if (outcome instanceof HttpEndpoint.Store s) {
                store(ctx, request, endpoint, s);
            } else if (outcome instanceof HttpEndpoint.Defer d) {
                defer(ctx, request, endpoint, d);
            }
        } catch (HttpRejection e) {
            input.meters()
                    .error(
                            e.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)
                                    ? InputMeters.TOO_LARGE
                                    : InputMeters.HTTP);
            respond(ctx, request, endpoint.error(request, e.status(), String.valueOf(e.getMessage())));
        }
    }

    private void store(
            ChannelHandlerContext ctx, FullHttpRequest request, HttpEndpoint endpoint, HttpEndpoint.Store store) {
        if (store.events().isEmpty()) {
            respond(ctx, request, store.onDurable().get());
            return;
        }
        InputContext input = endpoint.context();
        CompletableFuture<Void> durable;
        try {
            durable = input.sink().submit(store.events());
        } catch (RuntimeException e) {
            durable = CompletableFuture.failedFuture(e);
        }
        durable.whenComplete((ok, failure) -> {
            try {
                ctx.executor().execute(() -> {
                    if (failure == null) {
                        respond(ctx, request, store.onDurable().get());
                    } else {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure;
                        input.meters().error(InputMeters.SINK);
                        input.meters().dropped(store.events().size());
                        FullHttpResponse response = endpoint.error(
                                request,
                                HttpResponseStatus.SERVICE_UNAVAILABLE,
                                store.events().size() + " events could not be stored: " + cause.getMessage());
                        response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
                        respond(ctx, request, response);
                    }
                });
            } catch (RejectedExecutionException e) {
                // The inputs are closing: the connection goes with them, and the sender retries unacknowledged data.
                request.release();
            }
        });
    }

    private void defer(
            ChannelHandlerContext ctx, FullHttpRequest request, HttpEndpoint endpoint, HttpEndpoint.Defer defer) {
        defer.response().whenComplete((response, failure) -> {
            try {
                ctx.executor().execute(() -> {
                    if (failure == null) {
                        respond(ctx, request, response);
                    } else {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure;
                        LOG.warn(
                                "{}: request {} {} failed",
                                serverMeters.input(),
                                request.method(),
                                request.uri(),
                                cause);
                        endpoint.context().meters().error(InputMeters.HTTP);
                        respond(
                                ctx,
                                request,
                                endpoint.error(
                                        request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + cause));
                    }
                });
            } catch (RejectedExecutionException e) {
                // The inputs are closing: the connection goes with them, and the sender retries unacknowledged data.
                if (response != null) {
                    response.release();
                }
                request.release();
            }
        });
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request)
                && !response.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
        request.release();
        response.headers()
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        HttpUtil.setKeepAlive(response.headers(), request.protocolVersion(), keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    next(ctx);
                } else {
                    f.channel().close();
                }
            });
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private String describeRoutes() {
        return routes.keySet().stream().sorted().map(p -> "POST " + p).collect(Collectors.joining(", "));
    }

    private static String path(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** A plain-text answer. */
    static FullHttpResponse text(HttpResponseStatus status, String message) {
        return response(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** An answer with a body of the given type (no Content-Type header when the type is empty). */
    static FullHttpResponse response(HttpResponseStatus status, CharSequence contentType, byte[] body) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        if (contentType.length() > 0) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }
}
