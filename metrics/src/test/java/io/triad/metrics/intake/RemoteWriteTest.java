package io.triad.metrics.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.compression.Snappy;
import io.triad.metrics.model.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteWriteTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RemoteWrite remoteWrite = new RemoteWrite("site-a", IntakeLimits.defaults(), registry);
    private final RecordingSampleSink sink = new RecordingSampleSink();

    /** A TimeSeries: labels as name/value pairs, then samples as timestamp/value pairs. */
    record Series(Map<String, String> labels, long[] ts, double[] values) {}

    static Series series(Map<String, String> labels, long ts, double value) {
        return new Series(labels, new long[] {ts}, new double[] {value});
    }

    /** A WriteRequest in protobuf, written field by field as remote.proto and types.proto define it. */
    static byte[] writeRequest(List<Series> series) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream req = CodedOutputStream.newInstance(out);
            for (Series s : series) {
                ByteArrayOutputStream tsBytes = new ByteArrayOutputStream();
                CodedOutputStream ts = CodedOutputStream.newInstance(tsBytes);
                for (Map.Entry<String, String> l : new java.util.TreeMap<>(s.labels()).entrySet()) {
                    ByteArrayOutputStream lb = new ByteArrayOutputStream();
                    CodedOutputStream label = CodedOutputStream.newInstance(lb);
                    label.writeString(1, l.getKey());
                    label.writeString(2, l.getValue());
                    label.flush();
                    ts.writeByteArray(1, lb.toByteArray());
                }
                for (int i = 0; i < s.ts().length; i++) {
                    ByteArrayOutputStream sb = new ByteArrayOutputStream();
                    CodedOutputStream sample = CodedOutputStream.newInstance(sb);
                    sample.writeDouble(1, s.values()[i]);
                    sample.writeInt64(2, s.ts()[i]);
                    sample.flush();
                    ts.writeByteArray(2, sb.toByteArray());
                }
                ts.flush();
                req.writeByteArray(1, tsBytes.toByteArray());
            }
            req.writeByteArray(3, new byte[] {8, 1}); // a MetricMetadata, which is ignored
            req.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] snappy(byte[] raw) {
        ByteBuf in = Unpooled.wrappedBuffer(raw);
        ByteBuf out = Unpooled.buffer();
        try {
            new Snappy().encode(in, out, raw.length);
            byte[] b = new byte[out.readableBytes()];
            out.readBytes(b);
            return b;
        } finally {
            in.release();
            out.release();
        }
    }

    private HttpAnswer post(byte[] snappyBody) {
        return remoteWrite.handle(RemoteWrite.CONTENT_TYPE, "snappy", snappyBody, "10.9.9.9", sink);
    }

    private double rejected(String reason) {
        var c = registry.find("triad.metrics.intake.rejected")
                .tag("protocol", "remote_write")
                .tag("reason", reason)
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void storesEverySampleWithSiteHostFromInstanceAndComponentFromJob() {
        HttpAnswer a = post(snappy(writeRequest(List.of(
                new Series(
                        Map.of("__name__", "node_load1", "job", "node", "instance", "10.0.0.5:9100"),
                        new long[] {1000, 2000},
                        new double[] {0.5, 0.75}),
                series(Map.of("__name__", "up", "job", "eap", "instance", "[fd00::1]:9990"), 3000, 1)))));

        assertThat(a.status()).as(a.bodyText()).isEqualTo(204);
        assertThat(sink.samples).hasSize(3);
        assertThat(sink.samples.get(0).labels())
                .isEqualTo(Labels.of(
                        "__name__", "node_load1",
                        "job", "node",
                        "instance", "10.0.0.5:9100",
                        "site", "site-a",
                        "host", "10.0.0.5",
                        "component", "node"));
        assertThat(sink.samples.get(1).ts()).isEqualTo(2000);
        assertThat(sink.samples.get(1).value()).isEqualTo(0.75);
        assertThat(sink.one("up").labels().get("host")).isEqualTo("fd00::1");
        assertThat(registry.get("triad.metrics.intake.samples").counter().count())
                .isEqualTo(3);
    }

    @Test
    void keepsTheDataHostAndComponentButAlwaysSetsTheOwnSite() {
        HttpAnswer a = post(snappy(writeRequest(List.of(series(
                Map.of("__name__", "x", "host", "eap-1", "component", "EAP", "site", "other", "job", "j"), 1000, 1)))));

        assertThat(a.status()).isEqualTo(204);
        Labels l = sink.samples.get(0).labels();
        assertThat(l.get("host")).isEqualTo("eap-1");
        assertThat(l.get("component")).isEqualTo("EAP");
        assertThat(l.get("site")).isEqualTo("site-a");
    }

    @Test
    void fallsBackToTheSenderAddressAndRemoteWriteComponent() {
        post(snappy(writeRequest(List.of(series(Map.of("__name__", "x"), 1000, 1)))));

        Labels l = sink.samples.get(0).labels();
        assertThat(l.get("host")).isEqualTo("10.9.9.9");
        assertThat(l.get("component")).isEqualTo("remote_write");
    }

    @Test
    void keepsStaleMarkersBitForBit() {
        double stale = Double.longBitsToDouble(0x7ff0000000000002L);
        post(snappy(writeRequest(List.of(series(Map.of("__name__", "x"), 1000, stale)))));

        assertThat(Double.doubleToRawLongBits(sink.samples.get(0).value())).isEqualTo(0x7ff0000000000002L);
    }

    @Test
    void refusesABodyThatIsNotSnappyWith400() {
        HttpAnswer a = post(new byte[] {0x10, (byte) 0xff, (byte) 0xff, (byte) 0xff});

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.bodyText()).contains("Snappy");
        assertThat(rejected("invalid")).isEqualTo(1);
        assertThat(sink.samples).isEmpty();
    }

    @Test
    void refusesSnappyThatIsNotAWriteRequestWith400() {
        HttpAnswer a = post(snappy(new byte[] {0x0a, 0x7f, 0x01}));

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.bodyText()).contains("remote_write 1.0 WriteRequest");
    }

    @Test
    void refusesADeclaredLengthOverTheLimitBeforeExpandingIt() {
        RemoteWrite small = new RemoteWrite("site-a", new IntakeLimits(1000, 10, 64, 128, 2048), registry);
        byte[] bomb = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x07, 0x00};

        HttpAnswer a = small.handle(RemoteWrite.CONTENT_TYPE, "snappy", bomb, "", sink);

        assertThat(a.status()).isEqualTo(413);
        assertThat(a.bodyText()).contains("more than the limit of 1000");
        assertThat(rejected("too_large")).isEqualTo(1);
    }

    @Test
    void refusesATruncatedSnappyBlock() {
        byte[] body = snappy(writeRequest(List.of(series(Map.of("__name__", "x"), 1000, 1))));

        HttpAnswer a = post(Arrays.copyOf(body, body.length - 3));

        assertThat(a.status()).isEqualTo(400);
        assertThat(sink.samples).isEmpty();
    }

    @Test
    void refusesMoreSeriesThanTheLimitAsAWhole() {
        RemoteWrite small = new RemoteWrite("site-a", new IntakeLimits(1 << 20, 2, 64, 128, 2048), registry);
        byte[] body = snappy(writeRequest(List.of(
                series(Map.of("__name__", "a"), 1, 1),
                series(Map.of("__name__", "b"), 1, 1),
                series(Map.of("__name__", "c"), 1, 1))));

        HttpAnswer a = small.handle(RemoteWrite.CONTENT_TYPE, "snappy", body, "", sink);

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.bodyText()).contains("more than the limit of 2 series");
        assertThat(sink.samples).isEmpty();
        assertThat(rejected("series_limit")).isEqualTo(1);
    }

    @Test
    void storesTheRestAndAnswers400WhenTheStoreRefusesSomeSamples() {
        RecordingSampleSink picky = new RecordingSampleSink(l -> l.name().equals("late"));
        byte[] body = snappy(writeRequest(
                List.of(series(Map.of("__name__", "late"), 1, 1), series(Map.of("__name__", "fine"), 1, 1))));

        HttpAnswer a = remoteWrite.handle(RemoteWrite.CONTENT_TYPE, "snappy", body, "", picky);

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.bodyText()).contains("1 samples refused, 1 stored").contains("out of order");
        assertThat(picky.samples).extracting(s -> s.labels().name()).containsExactly("fine");
        assertThat(rejected("refused")).isEqualTo(1);
    }

    @Test
    void answers500WhenTheStoreFailsSoTheSenderRetries() {
        byte[] body = snappy(writeRequest(List.of(series(Map.of("__name__", "x"), 1, 1))));

        HttpAnswer a = remoteWrite.handle(RemoteWrite.CONTENT_TYPE, "snappy", body, "", (l, t, v) -> {
            throw new UncheckedIOException(new IOException("disk full"));
        });

        assertThat(a.status()).isEqualTo(500);
        assertThat(a.bodyText()).contains("disk full");
    }

    @Test
    void refusesSeriesOverALabelLimitAndKeepsTheOthers() {
        RemoteWrite small = new RemoteWrite("site-a", new IntakeLimits(1 << 20, 10, 64, 128, 16), registry);
        byte[] body = snappy(writeRequest(List.of(
                series(Map.of("__name__", "x", "path", "/a/very/long/path"), 1, 1),
                series(Map.of("__name__", "y"), 1, 1))));

        HttpAnswer a = small.handle(RemoteWrite.CONTENT_TYPE, "snappy", body, "h", sink);

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.bodyText()).contains("value of label path in series x has 17 characters; the limit is 16");
        assertThat(sink.samples).extracting(s -> s.labels().name()).containsExactly("y");
        assertThat(rejected("label_limit")).isEqualTo(1);
    }

    @Test
    void refusesInvalidLabelNamesAndSeriesWithoutAName() {
        byte[] body = snappy(writeRequest(
                List.of(series(Map.of("__name__", "x", "bad-name", "v"), 1, 1), series(Map.of("job", "j"), 1, 1))));

        HttpAnswer a = post(body);

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.bodyText()).contains("2 samples refused").contains("label name must match");
        assertThat(rejected("invalid")).isEqualTo(2);
    }

    @Test
    void refusesOtherEncodingsAndRemoteWrite2() {
        byte[] body = snappy(writeRequest(List.of(series(Map.of("__name__", "x"), 1, 1))));

        assertThat(remoteWrite
                        .handle(RemoteWrite.CONTENT_TYPE, "", body, "", sink)
                        .status())
                .isEqualTo(415);
        HttpAnswer v2 = remoteWrite.handle(
                "application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy", body, "", sink);
        assertThat(v2.status()).isEqualTo(415);
        assertThat(v2.bodyText()).contains("only remote_write 1.0");
        assertThat(sink.samples).isEmpty();
    }
}
