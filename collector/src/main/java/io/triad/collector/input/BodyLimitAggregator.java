package io.triad.collector.input;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * An {@link HttpObjectAggregator} whose 413 answer names the body's size and the limit (RFC 9110 section 15.5.14)
 * instead of an empty body, and counts it. As in Netty's aggregator, the rest of an oversized body is discarded and
 * the connection is kept only when the client wants keep-alive and the request did not arrive whole.
 *
 * <p>NOTE: one instance per channel.
 */
@SuppressWarnings("FutureReturnValueIgnored") // Netty channel futures: outcomes are handled by listeners
final class BodyLimitAggregator extends HttpObjectAggregator {
    private final int maxBodyBytes;
    private final InputMeters meters;

    BodyLimitAggregator(int maxBodyBytes, InputMeters meters) {
        super(maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
        this.meters = meters;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        meters.error(InputMeters.TOO_LARGE);
        if (!(oversized instanceof HttpRequest)) {
            ctx.close();
            return;
        }
        long length = HttpUtil.getContentLength(oversized, -1L);
        String message = length >= 0
                ? "request body of " + length + " bytes exceeds the limit of " + maxBodyBytes + " bytes\n"
                : "request body exceeds the limit of " + maxBodyBytes + " bytes\n";
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                Unpooled.copiedBuffer(message, StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        boolean close = oversized instanceof FullHttpMessage
                || (!HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized));
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }
}
