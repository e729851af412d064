package io.triad.collector.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogFrameDecoderTest {
    private static final String A = "<13>1 - host app - - - first";
    private static final String B = "<14>Mar  1 11:58:00 host app: second";
    private static final String C = "<15>1 - host app - - - third with ü";

    /** Records the exceptions the decoder fires, so the test sees each one. */
    private static final class Exceptions extends ChannelInboundHandlerAdapter {
        final List<Throwable> caught = new ArrayList<>();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            caught.add(cause);
        }
    }

    private final Exceptions exceptions = new Exceptions();

    private EmbeddedChannel channel(int max) {
        return new EmbeddedChannel(new SyslogFrameDecoder(max), exceptions);
    }

    private static String octets(String message) {
        return message.getBytes(StandardCharsets.UTF_8).length + " " + message;
    }

    private static ByteBuf buf(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    private static List<String> frames(EmbeddedChannel ch) {
        List<String> frames = new ArrayList<>();
        ByteBuf frame;
        while ((frame = ch.readInbound()) != null) {
            frames.add(frame.toString(StandardCharsets.UTF_8));
            frame.release();
        }
        return frames;
    }

    private static void writeByteByByte(EmbeddedChannel ch, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
    }

    @Test
    void octetCountedFrames() {
        EmbeddedChannel ch = channel(1024);
        ch.writeInbound(buf(octets(A) + octets(B) + octets(C)));
        assertThat(frames(ch)).containsExactly(A, B, C);
        assertThat(exceptions.caught).isEmpty();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void octetCountedFrameMayContainLineFeeds() {
        EmbeddedChannel ch = channel(1024);
        String multiline = "<13>1 - h a - - - line one\nline two\n";
        ch.writeInbound(buf(octets(multiline) + octets(A)));
        assertThat(frames(ch)).containsExactly(multiline, A);
    }

    @Test
    void lineFeedCrLfAndNulTrailers() {
        EmbeddedChannel ch = channel(1024);
        ch.writeInbound(buf(A + "\n" + B + "\r\n" + C + "\0"));
        assertThat(frames(ch)).containsExactly(A, B, C);
        assertThat(exceptions.caught).isEmpty();
    }

    @Test
    void framingIsDetectedPerFrame() {
        EmbeddedChannel ch = channel(1024);
        ch.writeInbound(buf(octets(A) + B + "\n" + octets(C) + A + "\0" + octets(B)));
        assertThat(frames(ch)).containsExactly(A, B, C, A, B);
    }

    @Test
    void framesSplitByteByByte() {
        EmbeddedChannel ch = channel(1024);
        writeByteByByte(ch, octets(A) + B + "\r\n" + octets(C) + A + "\n");
        assertThat(frames(ch)).containsExactly(A, B, C, A);
        assertThat(exceptions.caught).isEmpty();
    }

    @Test
    void frameSplitAcrossTwoReads() {
        EmbeddedChannel ch = channel(1024);
        String all = octets(A) + B + "\n";
        ch.writeInbound(buf(all.substring(0, 5)));
        assertThat(frames(ch)).isEmpty();
        ch.writeInbound(buf(all.substring(5, 40)));
        assertThat(frames(ch)).containsExactly(A);
        ch.writeInbound(buf(all.substring(40)));
        assertThat(frames(ch)).containsExactly(B);
    }

    @Test
    void whitespaceBetweenFramesIsSkipped() {
        EmbeddedChannel ch = channel(1024);
        ch.writeInbound(buf("\n\r\n  " + octets(A) + "\n\n" + octets(B) + " \t\0" + C + "\n\n\n"));
        assertThat(frames(ch)).containsExactly(A, B, C);
        assertThat(exceptions.caught).isEmpty();
    }

    @Test
    void messageWithoutPriStartingWithDigitsIsLineFramed() {
        EmbeddedChannel ch = channel(1024);
        String iso = "2025-03-01T12:00:00Z host app: no pri";
        ch.writeInbound(buf(iso + "\n" + octets(A)));
        assertThat(frames(ch)).containsExactly(iso, A);
    }

    @Test
    void overLongOctetCountedFrameIsSkippedAndReportedOnce() {
        EmbeddedChannel ch = channel(100);
        String big = "<13>1 - h a - - - " + "x".repeat(132);
        ch.writeInbound(buf(octets(big) + octets(A)));
        assertThat(frames(ch)).containsExactly(A);
        assertThat(exceptions.caught)
                .singleElement()
                .isInstanceOf(TooLongFrameException.class)
                .extracting(Throwable::getMessage)
                .isEqualTo("frame length (150) exceeds the allowed maximum (100)");
    }

    @Test
    void overLongOctetCountedFrameSplitByteByByte() {
        EmbeddedChannel ch = channel(100);
        String big = "<13>1 - h a - - - " + "x".repeat(132);
        writeByteByByte(ch, octets(big) + B + "\n" + octets(A));
        assertThat(frames(ch)).containsExactly(B, A);
        assertThat(exceptions.caught).hasSize(1);
    }

    @Test
    void overLongLineFramedFrameIsSkippedAndReportedOnce() {
        EmbeddedChannel ch = channel(100);
        String big = "<13>" + "x".repeat(146);
        ch.writeInbound(buf(big + "\r\n" + A + "\n"));
        assertThat(frames(ch)).containsExactly(A);
        assertThat(exceptions.caught)
                .singleElement()
                .isInstanceOf(TooLongFrameException.class)
                .extracting(Throwable::getMessage)
                .isEqualTo("frame length (150) exceeds the allowed maximum (100)");
    }

    @Test
    void overLongLineFramedFrameAcrossManyReads() {
        EmbeddedChannel ch = channel(100);
        ch.writeInbound(buf("<13>" + "x".repeat(96)));
        for (int i = 0; i < 10; i++) {
            ch.writeInbound(buf("y".repeat(1000)));
        }
        ch.writeInbound(buf("zz\n" + octets(A)));
        assertThat(frames(ch)).containsExactly(A);
        assertThat(exceptions.caught)
                .singleElement()
                .extracting(Throwable::getMessage)
                .isEqualTo("frame length (10102) exceeds the allowed maximum (100)");
    }

    @Test
    void overLongLineFramedFrameByteByByte() {
        EmbeddedChannel ch = channel(100);
        writeByteByByte(ch, "<13>" + "x".repeat(196) + "\n" + A + "\n");
        assertThat(frames(ch)).containsExactly(A);
        assertThat(exceptions.caught)
                .singleElement()
                .extracting(Throwable::getMessage)
                .isEqualTo("frame length (200) exceeds the allowed maximum (100)");
    }

    @Test
    void oneExceptionPerOverLongFrame() {
        EmbeddedChannel ch = channel(100);
        String big = "<13>1 - h a - - - " + "x".repeat(200);
        ch.writeInbound(buf(octets(big) + big + "\n" + A + "\n" + octets(big) + octets(B)));
        assertThat(frames(ch)).containsExactly(A, B);
        assertThat(exceptions.caught).hasSize(3).allMatch(t -> t instanceof TooLongFrameException);
    }

    @Test
    void framesOfExactlyTheMaximumPass() {
        String max = "<13>" + "x".repeat(96);
        EmbeddedChannel ch = channel(100);
        ch.writeInbound(buf(max + "\r\n" + octets(max) + max + "\n"));
        assertThat(frames(ch)).containsExactly(max, max, max);
        assertThat(exceptions.caught).isEmpty();
    }

    @Test
    void unterminatedLastFrameIsDeliveredOnClose() {
        EmbeddedChannel ch = channel(1024);
        ch.writeInbound(buf(A + "\n" + B));
        assertThat(frames(ch)).containsExactly(A);
        ch.finish();
        assertThat(frames(ch)).containsExactly(B);
    }

    @Test
    void incompleteOctetCountedFrameDeliversItsOctetsOnClose() {
        EmbeddedChannel ch = channel(1024);
        ch.writeInbound(buf("100 " + A));
        assertThat(frames(ch)).isEmpty();
        ch.finish();
        assertThat(frames(ch)).containsExactly(A);
    }

    @Test
    void closeWhileDiscardingReportsTheFrame() {
        EmbeddedChannel ch = channel(100);
        ch.writeInbound(buf("500 " + "x".repeat(120)));
        assertThat(exceptions.caught).isEmpty();
        ch.finish();
        assertThat(frames(ch)).isEmpty();
        assertThat(exceptions.caught)
                .singleElement()
                .extracting(Throwable::getMessage)
                .isEqualTo("frame length (500) exceeds the allowed maximum (100)");
    }

    @Test
    void zeroLengthFrameYieldsNothing() {
        EmbeddedChannel ch = channel(1024);
        ch.writeInbound(buf("0 " + octets(A)));
        assertThat(frames(ch)).containsExactly(A);
    }

    @Test
    void rejectsNonPositiveMaximum() {
        assertThatThrownBy(() -> new SyslogFrameDecoder(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxFrameLength must be within 1..");
        assertThat(SyslogFrameDecoder.DEFAULT_MAX_FRAME).isEqualTo(65536);
    }
}
