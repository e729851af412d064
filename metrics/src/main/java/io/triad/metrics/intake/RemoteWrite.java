package io.triad.metrics.intake;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.compression.Snappy;
import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SampleSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The receiver of Prometheus remote_write 1.0 ({@code POST /api/v1/write}, "Prometheus Remote-Write Specification"
 * version 1.0): a Snappy block-compressed ({@code Content-Encoding: snappy}) protobuf {@code WriteRequest} whose
 * time series are stored with {@code site} set to this appliance's site, and {@code host} and {@code component}
 * taken from the series' {@code host}/{@code component} labels, else from {@code instance} (its host part) and
 * {@code job}, else the sender's address and {@code remote_write}.
 *
 * <p>Answers (the spec's "Retries &amp; Backoff": 4xx is not retried, 5xx is): {@code 204} when every sample was
 * stored; {@code 400} with a text message for a body that is not Snappy or not a {@code WriteRequest}, a request of
 * more series than {@link IntakeLimits#maxSeriesPerRequest()}, or when some samples were refused (out of order, a
 * label limit, native histograms) — the others are stored, as Prometheus's own receiver does; {@code 413} when the
 * body would decompress beyond {@link IntakeLimits#maxDecompressedBytes()}; {@code 415} for another encoding or a
 * remote_write 2.0 body; {@code 500} only when the store failed, so the sender retries.
 *
 * <p>NOTE: thread safe; decoding is a pure function of the bytes (no clock, no I/O), and only {@link #handle}
 * writes to the sink.
 */
public final class RemoteWrite {
    /** The path, as Prometheus's own receiver serves it. */
    public static final String PATH = "/api/v1/write";

    /** The Content-Type of version 1.0 (2.0 adds {@code proto=io.prometheus.write.v2.Request}). */
    public static final String CONTENT_TYPE = "application/x-protobuf";

    /** The Content-Encoding the body must have. */
    public static final String ENCODING = "snappy";

    private final SeriesIdentity identity;
    private final IntakeMeters meters;

    /**
     * @param site this appliance's site, the {@code site} label of every series
     * @param limits body, series and label limits
     * @param registry where the {@code triad.metrics.intake.*} counters ({@code protocol=remote_write}) go
     */
    public RemoteWrite(String site, IntakeLimits limits, MeterRegistry registry) {
        this.identity = new SeriesIdentity(site, limits);
        this.meters = new IntakeMeters("remote_write", registry);
    }

    /**
     * Decodes a request and stores its samples.
     *
     * @param contentType the Content-Type header's whole value (empty when absent)
     * @param contentEncoding the Content-Encoding still to undo (lower case; must be {@code snappy})
     * @param body the body as received
     * @param senderAddress the sender's IP address, the last-resort {@code host}
     * @param sink where the samples go
     */
    public HttpAnswer handle(
            String contentType, String contentEncoding, byte[] body, String senderAddress, SampleSink sink) {
        HttpAnswer answer = answer(contentType, contentEncoding, body, senderAddress, sink);
        meters.request(answer.status());
        return answer;
    }

    private HttpAnswer answer(
            String contentType, String contentEncoding, byte[] body, String senderAddress, SampleSink sink) {
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.contains("proto=") && !type.contains("proto=prometheus.writerequest")) {
            return HttpAnswer.text(
                    415,
                    "only remote_write 1.0 (prometheus.WriteRequest) is accepted; got Content-Type: " + contentType);
        }
        if (!contentEncoding.equals(ENCODING)) {
            return HttpAnswer.text(
                    415,
                    "remote_write bodies must be Snappy-compressed (Content-Encoding: snappy); got: "
                            + (contentEncoding.isEmpty() ? "none" : contentEncoding));
        }
        SampleBatch batch;
        try {
            byte[] proto = unsnappy(body, identity.limits().maxDecompressedBytes());
            batch = decode(proto, senderAddress);
        } catch (BadBody e) {
            meters.rejected(e.reason, 1);
            return HttpAnswer.text(e.status, String.valueOf(e.getMessage()));
        }
        long stored;
        try {
            stored = batch.write(sink);
        } catch (RuntimeException e) {
            batch.count(meters);
            meters.rejected(IntakeMeters.STORAGE, 1);
            return HttpAnswer.text(500, "samples could not be stored: " + e.getMessage());
        }
        meters.stored(stored);
        batch.count(meters);
        if (batch.refused() > 0) {
            return HttpAnswer.text(
                    400, batch.refused() + " samples refused, " + stored + " stored; first: " + batch.message());
        }
        return new HttpAnswer(204, "", new byte[0]);
    }

    /**
     * Undoes the Snappy block format ("Snappy framing" is not used by remote_write): the declared length is checked
     * against the limit before anything is expanded.
     */
    static byte[] unsnappy(byte[] body, int maxBytes) throws BadBody {
        long declared = 0;
        int i = 0;
        for (int shift = 0; ; shift += 7, i++) {
            if (i >= body.length || i >= 5) {
                throw new BadBody(
                        400,
                        IntakeMeters.INVALID,
                        "body must be a Snappy block starting with its length; got " + body.length
                                + " bytes without one");
            }
            declared |= (long) (body[i] & 0x7f) << shift;
            if ((body[i] & 0x80) == 0) {
                break;
            }
        }
        if (declared > maxBytes) {
            throw new BadBody(
                    413,
                    IntakeMeters.TOO_LARGE,
                    "body of " + body.length + " Snappy bytes decompresses to " + declared
                            + " bytes, more than the limit of " + maxBytes);
        }
        int length = (int) declared;
        ByteBuf in = Unpooled.wrappedBuffer(body);
        ByteBuf out = Unpooled.buffer(length, length);
        try {
            new Snappy().decode(in, out);
            if (out.readableBytes() != length || in.isReadable()) {
                throw new BadBody(
                        400,
                        IntakeMeters.INVALID,
                        "Snappy block declares " + length + " bytes but holds " + out.readableBytes()
                                + (in.isReadable() ? " and trailing data" : ""));
            }
            byte[] decoded = new byte[length];
            out.readBytes(decoded);
            return decoded;
        } catch (DecompressionException | IndexOutOfBoundsException e) {
            throw new BadBody(400, IntakeMeters.INVALID, "body is not valid Snappy data: " + e.getMessage());
        } finally {
            out.release();
            in.release();
        }
    }

    /**
     * Decodes a {@code prometheus.WriteRequest} (remote.proto: {@code 1: repeated TimeSeries}, {@code 3: repeated
     * MetricMetadata}, ignored) into samples; a series that cannot be stored is refused and counted in the batch.
     *
     * @throws BadBody 400 when the bytes are not such a message or hold more series than the limit
     */
    SampleBatch decode(byte[] proto, String senderAddress) throws BadBody {
        SampleBatch batch = new SampleBatch();
        CodedInputStream in = CodedInputStream.newInstance(proto);
        int series = 0;
        try {
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                    if (++series > identity.limits().maxSeriesPerRequest()) {
                        throw new BadBody(
                                400,
                                IntakeMeters.SERIES_LIMIT,
                                "request holds more than the limit of "
                                        + identity.limits().maxSeriesPerRequest()
                                        + " series; lower queue_config.max_samples_per_send");
                    }
                    int limit = in.pushLimit(in.readRawVarint32());
                    timeSeries(in, batch, senderAddress);
                    in.popLimit(limit);
                } else if (!in.skipField(tag)) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new BadBody(
                    400, IntakeMeters.INVALID, "body must be a remote_write 1.0 WriteRequest: " + e.getMessage());
        }
        return batch;
    }

    /** {@code TimeSeries}: {@code 1: repeated Label}, {@code 2: repeated Sample}, 3 exemplars, 4 histograms. */
    private void timeSeries(CodedInputStream in, SampleBatch batch, String senderAddress) throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        List<Long> timestamps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        @Nullable String duplicate = null;
        int histograms = 0;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    String[] label = label(in);
                    in.popLimit(limit);
                    if (labels.put(label[0], label[1]) != null) {
                        duplicate = label[0];
                    }
                }
                case 2 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    double value = Double.NaN;
                    long ts = 0;
                    while (true) {
                        int t = in.readTag();
                        if (t == 0) {
                            break;
                        }
                        if (t == tag(1, WireFormat.WIRETYPE_FIXED64)) {
                            value = in.readDouble();
                        } else if (t == tag(2, WireFormat.WIRETYPE_VARINT)) {
                            ts = in.readInt64();
                        } else if (!in.skipField(t)) {
                            break;
                        }
                    }
                    in.popLimit(limit);
                    timestamps.add(ts);
                    values.add(value);
                }
                case 4 -> {
                    histograms++;
                    in.skipField(tag);
                }
                default -> in.skipField(tag);
            }
        }
        String name = labels.getOrDefault(Labels.NAME, "");
        if (histograms > 0) {
            batch.refuse(
                    IntakeMeters.UNSUPPORTED,
                    histograms,
                    "series " + name + ": native histograms are not supported; send classic histograms");
        }
        if (timestamps.isEmpty()) {
            return;
        }
        if (duplicate != null) {
            batch.refuse(
                    IntakeMeters.INVALID, timestamps.size(), "series " + name + " has label " + duplicate + " twice");
            return;
        }
        Labels identified;
        try {
            identified = identity.identify(labels, host(labels, senderAddress), component(labels));
        } catch (SeriesIdentity.Refusal e) {
            batch.refuse(e.reason(), timestamps.size(), String.valueOf(e.getMessage()));
            return;
        }
        for (int i = 0; i < timestamps.size(); i++) {
            batch.add(identified, timestamps.get(i), values.get(i));
        }
    }

    /** {@code Label}: {@code 1: string name}, {@code 2: string value}. */
    private static String[] label(CodedInputStream in) throws IOException {
        String name = "";
        String value = "";
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                name = in.readStringRequireUtf8();
            } else if (tag == tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                value = in.readStringRequireUtf8();
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        return new String[] {name, value};
    }

    /** The series' {@code host}, else the host part of {@code instance}, else the sender. */
    static String host(Map<String, String> labels, String senderAddress) {
        String instance = labels.getOrDefault("instance", "");
        if (!instance.isEmpty()) {
            if (instance.startsWith("[")) {
                int end = instance.indexOf(']');
                return end > 1 ? instance.substring(1, end) : instance;
            }
            int colon = instance.indexOf(':');
            boolean hostPort = colon > 0 && colon == instance.lastIndexOf(':');
            return hostPort ? instance.substring(0, colon) : instance;
        }
        return senderAddress.isEmpty() ? "unknown" : senderAddress;
    }

    private static String component(Map<String, String> labels) {
        String job = labels.getOrDefault("job", "");
        return job.isEmpty() ? "remote_write" : job;
    }

    /** A protobuf tag: the field number and the wire type (protobuf encoding, "Message Structure"). */
    private static int tag(int field, int wireType) {
        return (field << 3) | wireType;
    }

    /** A body refused as a whole, with the status to answer and the reason to count. */
    static final class BadBody extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String reason;

        BadBody(int status, String reason, String message) {
            super(Objects.requireNonNull(message));
            this.status = status;
            this.reason = reason;
        }
    }
}
