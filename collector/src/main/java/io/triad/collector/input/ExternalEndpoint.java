package io.triad.collector.input;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.triad.collector.codec.ReceiveContext;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Adapts an {@link ExternalHttpRoute} to an {@link HttpEndpoint}: checks the Content-Type, then runs the route on
 * the worker executor and answers with its reply. It stores no events, so the event sink's back-pressure does not
 * apply; a full worker queue is answered 503 with {@code Retry-After}.
 *
 * <p>Immutable and thread safe.
 */
final class ExternalEndpoint implements HttpEndpoint {
    private final InputContext context;
    private final ExternalHttpRoute route;
    private final Executor workers;

    ExternalEndpoint(InputContext context, ExternalHttpRoute route, Executor workers) {
        this.context = context;
        this.route = route;
        this.workers = workers;
    }

    @Override
    public InputContext context() {
        return context;
    }

    @Override
    public boolean usesSink() {
        return false;
    }

    @Override
    public boolean ownsEncoding(@Nullable String contentEncoding) {
        return !encoding(contentEncoding).isEmpty() && route.ownEncodings().contains(encoding(contentEncoding));
    }

    @Override
    public void check(FullHttpRequest request) throws HttpRejection {
        String mime = mimeType(request);
        if (!route.contentTypes().contains(mime)) {
            throw new HttpRejection(
                    HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be one of "
                            + route.contentTypes().stream().sorted().toList() + "; got: "
                            + (mime.isEmpty() ? "none" : mime));
        }
    }

    @Override
    public Outcome decode(FullHttpRequest request, byte[] body, ReceiveContext receive) {
        String encoding = encoding(request.headers().get(HttpHeaderNames.CONTENT_ENCODING));
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        ExternalHttpRoute.Request r = new ExternalHttpRoute.Request(
                mimeType(request),
                route.ownEncodings().contains(encoding) ? encoding : "",
                headers,
                body,
                address(receive.source()));
        CompletableFuture<FullHttpResponse> answer;
        try {
            answer = CompletableFuture.supplyAsync(() -> toResponse(route.handle(r)), workers);
        } catch (RejectedExecutionException e) {
            context.meters().backpressure();
            FullHttpResponse busy = error(
                    request,
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "the intake is busy with earlier requests; retry after 1 second");
            busy.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
            answer = CompletableFuture.completedFuture(busy);
        }
        return new Defer(answer);
    }

    @Override
    public FullHttpResponse error(FullHttpRequest request, HttpResponseStatus status, String message) {
        return toResponse(route.error(mimeType(request), status.code(), message));
    }

    private static FullHttpResponse toResponse(ExternalHttpRoute.Reply reply) {
        return HttpIngestHandler.response(
                HttpResponseStatus.valueOf(reply.status()), reply.contentType(), reply.body());
    }

    private static String encoding(@Nullable String contentEncoding) {
        return contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    }

    private static String mimeType(FullHttpRequest request) {
        CharSequence mime = HttpUtil.getMimeType(request);
        return mime == null ? "" : mime.toString().trim().toLowerCase(Locale.ROOT);
    }

    /** The address part of {@code host:port} or {@code [v6]:port}. */
    static String address(String source) {
        if (source.startsWith("[")) {
            int end = source.indexOf(']');
            return end > 0 ? source.substring(1, end) : source;
        }
        int colon = source.lastIndexOf(':');
        return colon > 0 ? source.substring(0, colon) : source;
    }
}
