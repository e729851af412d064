package io.triad.collector.input;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Undoes an HTTP {@code Content-Encoding} (RFC 9110 section 8.4.1: {@code gzip}, {@code x-gzip}, {@code deflate},
 * {@code identity}) with a cap on the decoded size, so a small compressed body cannot expand into gigabytes (a zip
 * bomb): decoding stops as soon as the cap is passed. {@code deflate} is the zlib format (RFC 1950); raw deflate
 * (RFC 1951), which some clients send instead, is accepted too.
 *
 * <p>Stateless and thread safe.
 */
final class ContentDecoding {
    private static final int CHUNK = 64 * 1024;

    private final int maxDecodedBytes;

    ContentDecoding(int maxDecodedBytes) {
        if (maxDecodedBytes <= 0) {
            throw new IllegalArgumentException("maxDecodedBytes must be > 0; got: " + maxDecodedBytes);
        }
        this.maxDecodedBytes = maxDecodedBytes;
    }

    int maxDecodedBytes() {
        return maxDecodedBytes;
    }

    /**
     * Decodes a body.
     *
     * @param contentEncoding the header's value, or null when absent
     * @param body the body as received; not released
     * @throws HttpRejection 415 for an encoding other than the above, 413 when the decoded body would exceed the
     *     limit, 400 when the body is not valid in its encoding
     */
    byte[] decode(@org.jspecify.annotations.Nullable String contentEncoding, ByteBuf body) throws HttpRejection {
        String encoding =
                contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        switch (encoding) {
            case "", "identity" -> {
                if (body.readableBytes() > maxDecodedBytes) {
                    throw tooLarge(body.readableBytes());
                }
                return ByteBufUtil.getBytes(body);
            }
            case "gzip", "x-gzip" -> {
                return inflate(body, "gzip", false);
            }
            case "deflate" -> {
                try {
                    return inflate(body, "deflate", false);
                } catch (HttpRejection e) {
                    if (!e.status().equals(HttpResponseStatus.BAD_REQUEST)) {
                        throw e;
                    }
                    return inflate(body, "deflate", true);
                }
            }
            default ->
                throw new HttpRejection(
                        HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Encoding must be gzip, deflate or identity; got: " + contentEncoding);
        }
    }

    private byte[] inflate(ByteBuf body, String encoding, boolean rawDeflate) throws HttpRejection {
        int compressed = body.readableBytes();
        Inflater inflater = new Inflater(rawDeflate);
        try (InputStream in = open(new ByteBufInputStream(body.duplicate()), encoding, inflater)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxDecodedBytes, compressed * 4 + 64));
            byte[] buf = new byte[CHUNK];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxDecodedBytes) {
                    throw new HttpRejection(
                            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                            "request body of " + compressed + " " + encoding
                                    + "-compressed bytes decompresses to more than the limit of " + maxDecodedBytes
                                    + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (ZipException | java.io.EOFException e) {
            throw new HttpRejection(
                    HttpResponseStatus.BAD_REQUEST,
                    "request body must be valid " + encoding + " data (Content-Encoding: " + encoding + "); got: "
                            + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new HttpRejection(
                    HttpResponseStatus.BAD_REQUEST, "request body could not be decoded as " + encoding + ": " + e, e);
        } finally {
            inflater.end();
        }
    }

    private static InputStream open(InputStream raw, String encoding, Inflater inflater) throws IOException {
        return encoding.equals("gzip")
                ? new GZIPInputStream(raw, CHUNK)
                : new InflaterInputStream(raw, inflater, CHUNK);
    }

    private HttpRejection tooLarge(int size) {
        return new HttpRejection(
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body of " + size + " bytes exceeds the limit of " + maxDecodedBytes + " bytes");
    }
}
