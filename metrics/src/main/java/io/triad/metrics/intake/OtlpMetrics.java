package io.triad.metrics.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SampleSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The receiver of OTLP/HTTP metrics ({@code POST /v1/metrics}, OTLP specification "OTLP/HTTP"): an {@code
 * ExportMetricsServiceRequest} as binary protobuf or JSON, mapped to Prometheus series as the OpenTelemetry
 * specification's "Prometheus and OpenMetrics Compatibility" describes (OTLP to Prometheus):
 *
 * <ul>
 *   <li>Names: characters outside {@code [a-zA-Z0-9_:]} become {@code _} (runs collapsed, a leading digit gets a
 *       {@code _}), the unit is appended as a word ({@code s} → {@code _seconds}, {@code By} → {@code _bytes}, {@code
 *       a/s} → {@code _a_per_second}, {@code {annotations}} dropped) unless the name ends with it, a gauge of unit
 *       {@code 1} gets {@code _ratio}, a monotonic sum {@code _total}.
 *   <li>Gauges and non-monotonic cumulative sums are gauges; monotonic cumulative sums are counters; cumulative
 *       histograms become {@code _bucket{le}} (cumulative counts, {@code +Inf} the total), {@code _sum} and {@code
 *       _count}; summaries {@code {quantile}}, {@code _sum} and {@code _count}.
 *   <li>Refused, counted and reported in {@code partial_success}: <em>delta</em> sums and histograms (configure the
 *       exporter for cumulative temporality, the OpenTelemetry SDKs' default), exponential histograms, points of a
 *       malformed histogram and series over a label limit.
 *   <li>A point flagged "no recorded value" is written as Prometheus's stale marker.
 *   <li>Data point attributes are labels (names sanitized like metric names, a leading digit prefixed with {@code
 *       key_}); the scope adds {@code otel_scope_name} and {@code otel_scope_version}.
 *   <li>Resource: {@code service.namespace}/{@code service.name} → {@code job}, {@code service.instance.id} →
 *       {@code instance}, {@code host.name} → {@code host}, {@code triad.component} (else {@code service.name})
 *       → {@code component}; other resource attributes are dropped (no {@code target_info} series: they would
 *       double the series count for attributes nobody queries here).
 * </ul>
 *
 * <p>Every series gets {@code site} (this appliance's), {@code host} (else the sender's address) and {@code
 * component} (else {@code otlp}). Answers: {@code 200} with an {@code ExportMetricsServiceResponse} in the request's
 * encoding, holding {@code partial_success.rejected_data_points} (points refused while mapping plus samples the store
 * refused) and the first error; {@code 400} for a body that does not decode or holds more data points than {@link
 * IntakeLimits#maxSeriesPerRequest()}, {@code 413} for one over {@link IntakeLimits#maxDecompressedBytes()}, {@code
 * 503} (retryable) when the store failed; errors carry a {@code google.rpc.Status}.
 *
 * <p>NOTE: thread safe; mapping is a pure function of the request, the sender and the receive time.
 */
public final class OtlpMetrics {
    /** The path of OTLP/HTTP metrics. */
    public static final String PATH = "/v1/metrics";

    public static final String PROTOBUF = "application/x-protobuf";
    public static final String JSON = "application/json";

    private static final JsonFactory JSON_FACTORY = JsonFactory.builder().build();
    private static final String DEFAULT_COMPONENT = "otlp";
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("d", "days"),
            Map.entry("h", "hours"),
            Map.entry("min", "minutes"),
            Map.entry("s", "seconds"),
            Map.entry("ms", "milliseconds"),
            Map.entry("us", "microseconds"),
            Map.entry("ns", "nanoseconds"),
            Map.entry("By", "bytes"),
            Map.entry("KiBy", "kibibytes"),
            Map.entry("MiBy", "mebibytes"),
            Map.entry("GiBy", "gibibytes"),
            Map.entry("TiBy", "tibibytes"),
            Map.entry("KBy", "kilobytes"),
            Map.entry("MBy", "megabytes"),
            Map.entry("GBy", "gigabytes"),
            Map.entry("TBy", "terabytes"),
            Map.entry("m", "meters"),
            Map.entry("V", "volts"),
            Map.entry("A", "amperes"),
            Map.entry("J", "joules"),
            Map.entry("W", "watts"),
            Map.entry("g", "grams"),
            Map.entry("Cel", "celsius"),
            Map.entry("Hz", "hertz"),
            Map.entry("%", "percent"));
    private static final Map<String, String> PER_UNITS =
            Map.of("s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y", "year");

    private final SeriesIdentity identity;
    private final IntakeMeters meters;

    /**
     * @param site this appliance's site, the {@code site} label of every series
     * @param limits body, series and label limits
     * @param registry where the {@code triad.metrics.intake.*} counters ({@code protocol=otlp}) go
     */
    public OtlpMetrics(String site, IntakeLimits limits, MeterRegistry registry) {
        this.identity = new SeriesIdentity(site, limits);
        this.meters = new IntakeMeters("otlp", registry);
    }

    /**
     * Decodes a request and stores its samples.
     *
     * @param contentType the MIME type, {@link #PROTOBUF} or {@link #JSON}
     * @param body the body, its Content-Encoding undone
     * @param senderAddress the sender's IP address, the last-resort {@code host}
     * @param receivedMillis the receive time, the time of points without one
     * @param sink where the samples go
     */
    public HttpAnswer handle(
            String contentType, byte[] body, String senderAddress, long receivedMillis, SampleSink sink) {
        HttpAnswer answer = answer(contentType, body, senderAddress, receivedMillis, sink);
        meters.request(answer.status());
        return answer;
    }

    private HttpAnswer answer(
            String contentType, byte[] body, String senderAddress, long receivedMillis, SampleSink sink) {
        boolean json = contentType.equals(JSON);
        if (!json && !contentType.equals(PROTOBUF) && !contentType.equals("application/protobuf")) {
            return error(
                    contentType, 415, "Content-Type must be " + PROTOBUF + " or " + JSON + "; got: " + contentType);
        }
        if (body.length > identity.limits().maxDecompressedBytes()) {
            meters.rejected(IntakeMeters.TOO_LARGE, 1);
            return error(
                    contentType,
                    413,
                    "body of " + body.length + " bytes exceeds the limit of "
                            + identity.limits().maxDecompressedBytes());
        }
        ExportMetricsServiceRequest request;
        try {
            request = parse(json, body);
        } catch (IllegalArgumentException e) {
            meters.rejected(IntakeMeters.INVALID, 1);
            return error(contentType, 400, String.valueOf(e.getMessage()));
        }
        long points = dataPoints(request);
        if (points > identity.limits().maxSeriesPerRequest()) {
            meters.rejected(IntakeMeters.SERIES_LIMIT, points);
            return error(
                    contentType,
                    400,
                    "request holds " + points + " data points, more than the limit of "
                            + identity.limits().maxSeriesPerRequest() + "; export in smaller batches");
        }
        SampleBatch batch = map(request, senderAddress, receivedMillis);
        long stored;
        try {
            stored = batch.write(sink);
        } catch (RuntimeException e) {
            batch.count(meters);
            meters.rejected(IntakeMeters.STORAGE, 1);
            return error(contentType, 503, "samples could not be stored: " + e.getMessage());
        }
        meters.stored(stored);
        batch.count(meters);
        return json
                ? new HttpAnswer(200, JSON, responseJson(batch.refused(), batch.message()))
                : new HttpAnswer(200, PROTOBUF, responseProtobuf(batch.refused(), batch.message()));
    }

    /**
     * Parses a body.
     *
     * @throws IllegalArgumentException when it is not an {@code ExportMetricsServiceRequest} in that encoding
     */
    static ExportMetricsServiceRequest parse(boolean json, byte[] body) {
        if (json) {
            ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
            OtlpJson.merge(body, b);
            return b.build();
        }
        try {
            return ExportMetricsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(
                    "body must be a protobuf ExportMetricsServiceRequest: " + e.getMessage(), e);
        }
    }

    private static long dataPoints(ExportMetricsServiceRequest request) {
        long n = 0;
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    n += switch (m.getDataCase()) {
                        case GAUGE -> m.getGauge().getDataPointsCount();
                        case SUM -> m.getSum().getDataPointsCount();
                        case HISTOGRAM -> m.getHistogram().getDataPointsCount();
                        case SUMMARY -> m.getSummary().getDataPointsCount();
                        case EXPONENTIAL_HISTOGRAM ->
                            m.getExponentialHistogram().getDataPointsCount();
                        case DATA_NOT_SET -> 0;
                    };
                }
            }
        }
        return n;
    }

    /** Maps a request to samples (nothing is stored). */
    SampleBatch map(ExportMetricsServiceRequest request, String senderAddress, long receivedMillis) {
        SampleBatch batch = new SampleBatch();
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            Map<String, String> resource = attributes(rm.getResource().getAttributesList(), false);
            Map<String, String> common = new TreeMap<>();
            String service = resource.getOrDefault("service.name", "");
            String namespace = resource.getOrDefault("service.namespace", "");
            if (!service.isEmpty()) {
                common.put("job", namespace.isEmpty() ? service : namespace + "/" + service);
            }
            putIfPresent(common, "instance", resource.get("service.instance.id"));
            putIfPresent(common, SeriesIdentity.HOST, resource.get("host.name"));
            putIfPresent(common, SeriesIdentity.COMPONENT, resource.get("triad.component"));
            String component = service.isEmpty() ? DEFAULT_COMPONENT : service;
            String host = senderAddress.isEmpty() ? "unknown" : senderAddress;
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                Map<String, String> scoped = new TreeMap<>(common);
                InstrumentationScope scope = sm.getScope();
                putIfPresent(scoped, "otel_scope_name", scope.getName());
                putIfPresent(scoped, "otel_scope_version", scope.getVersion());
                for (Metric m : sm.getMetricsList()) {
                    new MetricMapping(batch, scoped, host, component, receivedMillis).map(m);
                }
            }
        }
        return batch;
    }

    /** The samples of one metric of one scope. */
    private final class MetricMapping {
        private final SampleBatch batch;
        private final Map<String, String> common;
        private final String host;
        private final String component;
        private final long receivedMillis;

        MetricMapping(
                SampleBatch batch, Map<String, String> common, String host, String component, long receivedMillis) {
            this.batch = batch;
            this.common = common;
            this.host = host;
            this.component = component;
            this.receivedMillis = receivedMillis;
        }

        void map(Metric m) {
            String name = m.getName();
            switch (m.getDataCase()) {
                case GAUGE -> {
                    String prom = metricName(name, m.getUnit(), Kind.GAUGE);
                    for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
                        number(prom, p);
                    }
                }
                case SUM -> {
                    if (!cumulative(
                            m,
                            m.getSum().getAggregationTemporality(),
                            m.getSum().getDataPointsCount())) {
                        return;
                    }
                    String prom =
                            metricName(name, m.getUnit(), m.getSum().getIsMonotonic() ? Kind.COUNTER : Kind.OTHER);
                    for (NumberDataPoint p : m.getSum().getDataPointsList()) {
                        number(prom, p);
                    }
                }
                case HISTOGRAM -> {
                    if (!cumulative(
                            m,
                            m.getHistogram().getAggregationTemporality(),
                            m.getHistogram().getDataPointsCount())) {
                        return;
                    }
                    String prom = metricName(name, m.getUnit(), Kind.OTHER);
                    for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                        histogram(prom, p);
                    }
                }
                case SUMMARY -> {
                    String prom = metricName(name, m.getUnit(), Kind.OTHER);
                    for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
                        summary(prom, p);
                    }
                }
                case EXPONENTIAL_HISTOGRAM ->
                    batch.refuse(
                            IntakeMeters.UNSUPPORTED,
                            m.getExponentialHistogram().getDataPointsCount(),
                            "metric " + name + ": exponential histograms are not supported; configure the exporter's"
                                    + " default histogram aggregation as explicit buckets");
                case DATA_NOT_SET -> {}
            }
        }

        private boolean cumulative(Metric m, AggregationTemporality temporality, int points) {
            if (temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
                return true;
            }
            batch.refuse(
                    IntakeMeters.UNSUPPORTED,
                    points,
                    "metric " + m.getName() + ": aggregation temporality must be CUMULATIVE; got: "
                            + temporality.name().replace("AGGREGATION_TEMPORALITY_", "")
                            + " (set OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=cumulative)");
            return false;
        }

        private void number(String name, NumberDataPoint p) {
            double value = switch (p.getValueCase()) {
                case AS_DOUBLE -> p.getAsDouble();
                case AS_INT -> (double) p.getAsInt();
                case VALUE_NOT_SET -> Double.NaN;
            };
            if (p.getValueCase() == NumberDataPoint.ValueCase.VALUE_NOT_SET && !noValue(p.getFlags())) {
                batch.refuse(IntakeMeters.INVALID, 1, "metric " + name + ": data point without a value");
                return;
            }
            Map<String, String> labels = labels(p.getAttributesList());
            emit(name, labels, p.getTimeUnixNano(), p.getFlags(), value);
        }

        private void histogram(String name, HistogramDataPoint p) {
            int bounds = p.getExplicitBoundsCount();
            if (p.getBucketCountsCount() != 0 && p.getBucketCountsCount() != bounds + 1) {
                batch.refuse(
                        IntakeMeters.INVALID,
                        1,
                        "metric " + name + ": a histogram point must have one bucket count more than bounds; got "
                                + p.getBucketCountsCount() + " counts and " + bounds + " bounds");
                return;
            }
            Map<String, String> labels = labels(p.getAttributesList());
            if (p.getBucketCountsCount() > 0) {
                long cumulative = 0;
                for (int i = 0; i <= bounds; i++) {
                    cumulative += p.getBucketCounts(i);
                    Map<String, String> bucket = new TreeMap<>(labels);
                    bucket.put("le", i < bounds ? format(p.getExplicitBounds(i)) : "+Inf");
                    emit(name + "_bucket", bucket, p.getTimeUnixNano(), p.getFlags(), (double) cumulative);
                }
            }
            if (p.hasSum()) {
                emit(name + "_sum", labels, p.getTimeUnixNano(), p.getFlags(), p.getSum());
            }
            emit(name + "_count", labels, p.getTimeUnixNano(), p.getFlags(), (double) p.getCount());
        }

        private void summary(String name, SummaryDataPoint p) {
            Map<String, String> labels = labels(p.getAttributesList());
            for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
                Map<String, String> quantile = new TreeMap<>(labels);
                quantile.put("quantile", format(q.getQuantile()));
                emit(name, quantile, p.getTimeUnixNano(), p.getFlags(), q.getValue());
            }
            emit(name + "_sum", labels, p.getTimeUnixNano(), p.getFlags(), p.getSum());
            emit(name + "_count", labels, p.getTimeUnixNano(), p.getFlags(), (double) p.getCount());
        }

        private Map<String, String> labels(List<KeyValue> attributes) {
            Map<String, String> labels = attributes(attributes, true);
            labels.putAll(common);
            return labels;
        }

        private void emit(String name, Map<String, String> labels, long timeUnixNano, int flags, double value) {
            Map<String, String> m = new TreeMap<>(labels);
            m.put(Labels.NAME, name);
            Labels series;
            try {
                series = identity.identify(m, host, component);
            } catch (SeriesIdentity.Refusal e) {
                batch.refuse(e.reason(), 1, String.valueOf(e.getMessage()));
                return;
            }
            long ts = timeUnixNano == 0 ? receivedMillis : timeUnixNano / 1_000_000L;
            batch.add(series, ts, noValue(flags) ? SampleBatch.STALE_NAN : value);
        }
    }

    private static boolean noValue(int flags) {
        return (flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0;
    }

    private static void putIfPresent(Map<String, String> m, String name, @org.jspecify.annotations.Nullable String v) {
        if (v != null && !v.isEmpty()) {
            m.put(name, v);
        }
    }

    /** What a metric is, for its name's suffixes. */
    enum Kind {
        GAUGE,
        COUNTER,
        OTHER
    }

    /** The Prometheus name of an OTLP metric. */
    static String metricName(String name, String unit, Kind kind) {
        String prom = sanitize(name, true);
        if (kind == Kind.COUNTER && prom.endsWith("_total")) {
            prom = prom.substring(0, prom.length() - "_total".length());
        }
        String suffix = unitSuffix(unit);
        if (!suffix.isEmpty() && !prom.endsWith("_" + suffix)) {
            prom = prom + "_" + suffix;
        }
        if (kind == Kind.GAUGE && unit.equals("1") && !prom.endsWith("_ratio")) {
            prom = prom + "_ratio";
        }
        if (kind == Kind.COUNTER) {
            prom = prom + "_total";
        }
        return prom;
    }

    /** The unit as a name suffix: {@code s} → {@code seconds}, {@code By/s} → {@code bytes_per_second}. */
    static String unitSuffix(String unit) {
        String u = unit.replaceAll("\\{[^}]*}", "").trim();
        if (u.isEmpty() || u.equals("1")) {
            return "";
        }
        int slash = u.indexOf('/');
        if (slash >= 0) {
            String main = u.substring(0, slash).trim();
            String per = u.substring(slash + 1).trim();
            String perWord = per.isEmpty() ? "" : PER_UNITS.getOrDefault(per, sanitize(per, false));
            String mainWord = main.isEmpty() || main.equals("1") ? "" : UNITS.getOrDefault(main, sanitize(main, false));
            if (perWord.isEmpty()) {
                return mainWord;
            }
            return mainWord.isEmpty() ? "per_" + perWord : mainWord + "_per_" + perWord;
        }
        return UNITS.getOrDefault(u, sanitize(u, false));
    }

    /**
     * A valid metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}, runs of {@code _} collapsed), or label name ({@code
     * [a-zA-Z_][a-zA-Z0-9_]*}, a leading digit prefixed with {@code key_}).
     */
    static String sanitize(String name, boolean metric) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || (metric && c == ':');
            char out = ok ? c : '_';
            if (metric && out == '_' && b.length() > 0 && b.charAt(b.length() - 1) == '_') {
                continue;
            }
            b.append(out);
        }
        if (b.length() == 0) {
            return "_";
        }
        if (Character.isDigit(b.charAt(0))) {
            b.insert(0, metric ? "_" : "key_");
        }
        return b.toString();
    }

    /**
     * Attributes as strings by key; as labels ({@code sanitize}), names that collide after sanitizing join their
     * values with {@code ;} in the order of the original keys, as the specification says.
     */
    static Map<String, String> attributes(List<KeyValue> attributes, boolean asLabels) {
        if (!asLabels) {
            Map<String, String> m = new HashMap<>();
            for (KeyValue kv : attributes) {
                m.put(kv.getKey(), value(kv.getValue()));
            }
            return m;
        }
        TreeMap<String, String> byKey = new TreeMap<>();
        for (KeyValue kv : attributes) {
            byKey.put(kv.getKey(), value(kv.getValue()));
        }
        Map<String, String> labels = new TreeMap<>();
        byKey.forEach((k, v) -> labels.merge(sanitize(k, false), v, (a, b) -> a + ";" + b));
        return labels;
    }

    /** An attribute value as text: strings as they are, arrays and maps as JSON-like text. */
    static String value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> format(v.getDoubleValue());
            case BYTES_VALUE ->
                Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE ->
                v.getArrayValue().getValuesList().stream()
                        .map(OtlpMetrics::value)
                        .collect(Collectors.joining(",", "[", "]"));
            case KVLIST_VALUE ->
                v.getKvlistValue().getValuesList().stream()
                        .map(kv -> kv.getKey() + ":" + value(kv.getValue()))
                        .collect(Collectors.joining(",", "{", "}"));
            case VALUE_NOT_SET -> "";
        };
    }

    /** A float as Prometheus writes {@code le} and {@code quantile}: {@code 0.5}, {@code 10}, {@code +Inf}. */
    static String format(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** The answer of a request: an {@code ExportMetricsServiceResponse}, with partial success when points were refused. */
    static byte[] responseProtobuf(long rejected, String message) {
        ExportMetricsServiceResponse.Builder b = ExportMetricsServiceResponse.newBuilder();
        if (rejected > 0 || !message.isEmpty()) {
            b.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                    .setRejectedDataPoints(rejected)
                    .setErrorMessage(message));
        }
        return b.build().toByteArray();
    }

    /** The answer of a request in OTLP/JSON ({@code {}}, or {@code {"partialSuccess": {...}}}). */
    static byte[] responseJson(long rejected, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.writeStartObject();
            if (rejected > 0 || !message.isEmpty()) {
                g.writeObjectFieldStart("partialSuccess");
                g.writeStringField("rejectedDataPoints", Long.toString(rejected));
                g.writeStringField("errorMessage", message);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * An error answer: a {@code google.rpc.Status} ({@code 1: int32 code}, {@code 2: string message}) in the
     * request's encoding (OTLP/HTTP "Failures"), plain text for another Content-Type.
     *
     * @param contentType the request's MIME type
     */
    public static HttpAnswer error(String contentType, int status, String message) {
        int code = switch (status) {
            case 400, 415 -> 3; // INVALID_ARGUMENT
            case 413, 429 -> 8; // RESOURCE_EXHAUSTED
            case 503 -> 14; // UNAVAILABLE
            default -> 2; // UNKNOWN
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (contentType.equals(JSON)) {
                try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
                    g.writeStartObject();
                    g.writeNumberField("code", code);
                    g.writeStringField("message", message);
                    g.writeEndObject();
                }
                return new HttpAnswer(status, JSON, out.toByteArray());
            }
            if (contentType.equals(PROTOBUF) || contentType.equals("application/protobuf")) {
                CodedOutputStream coded = CodedOutputStream.newInstance(out);
                coded.writeInt32(1, code);
                coded.writeString(2, message);
                coded.flush();
                return new HttpAnswer(status, PROTOBUF, out.toByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpAnswer.text(status, message);
    }
}
