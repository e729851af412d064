package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ContentDecodingTest {
    private static final byte[] TEXT = "hello, compressed world\n".repeat(100).getBytes(StandardCharsets.UTF_8);

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            d.write(data);
        }
        return out.toByteArray();
    }

    /** {@code size} zero bytes, gzip-compressed: about a thousandth of the size. */
    static byte[] gzipBomb(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[64 * 1024];
            for (int written = 0; written < size; written += zeros.length) {
                gz.write(zeros, 0, Math.min(zeros.length, size - written));
            }
        }
        return out.toByteArray();
    }

    @Test
    void passesAnUnencodedBodyThrough() throws Exception {
        assertThat(new ContentDecoding(1 << 20).decode(null, Unpooled.wrappedBuffer(TEXT)))
                .isEqualTo(TEXT);
        assertThat(new ContentDecoding(1 << 20).decode("identity", Unpooled.wrappedBuffer(TEXT)))
                .isEqualTo(TEXT);
    }

    @Test
    void decodesGzipZlibAndRawDeflate() throws Exception {
        ContentDecoding decoding = new ContentDecoding(1 << 20);
        assertThat(decoding.decode("gzip", Unpooled.wrappedBuffer(gzip(TEXT)))).isEqualTo(TEXT);
        assertThat(decoding.decode("GZIP", Unpooled.wrappedBuffer(gzip(TEXT)))).isEqualTo(TEXT);
        assertThat(decoding.decode("deflate", Unpooled.wrappedBuffer(deflate(TEXT, false))))
                .isEqualTo(TEXT);
        assertThat(decoding.decode("deflate", Unpooled.wrappedBuffer(deflate(TEXT, true))))
                .isEqualTo(TEXT);
    }

    @Test
    void stopsAZipBombAtTheLimitWith413() throws Exception {
        byte[] bomb = gzipBomb(50 * 1024 * 1024);
        assertThat(bomb.length).isLessThan(100 * 1024);
        assertThatThrownBy(() -> new ContentDecoding(1024 * 1024).decode("gzip", Unpooled.wrappedBuffer(bomb)))
                .isInstanceOfSatisfying(
                        HttpRejection.class,
                        e -> assertThat(e.status()).isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE))
                .hasMessageContaining("decompresses to more than the limit of 1048576 bytes");
    }

    @Test
    void rejectsAnUnencodedBodyOverTheLimitWith413() {
        assertThatThrownBy(() -> new ContentDecoding(10).decode(null, Unpooled.wrappedBuffer(TEXT)))
                .isInstanceOfSatisfying(
                        HttpRejection.class,
                        e -> assertThat(e.status()).isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE))
                .hasMessageContaining("request body of 2400 bytes exceeds the limit of 10 bytes");
    }

    @Test
    void rejectsInvalidGzipWith400() {
        assertThatThrownBy(() -> new ContentDecoding(1024).decode("gzip", Unpooled.wrappedBuffer(TEXT)))
                .isInstanceOfSatisfying(
                        HttpRejection.class, e -> assertThat(e.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST))
                .hasMessageContaining("must be valid gzip");
    }

    @Test
    void rejectsAnUnknownEncodingWith415() {
        assertThatThrownBy(() -> new ContentDecoding(1024).decode("br", Unpooled.wrappedBuffer(TEXT)))
                .isInstanceOfSatisfying(
                        HttpRejection.class,
                        e -> assertThat(e.status()).isEqualTo(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE))
                .hasMessage("Content-Encoding must be gzip, deflate or identity; got: br");
    }
}
