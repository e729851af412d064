package io.triad.appliance;

import io.micrometer.core.instrument.MeterRegistry;
import io.triad.collector.input.ExternalHttpRoute;
import io.triad.metrics.intake.HttpAnswer;
import io.triad.metrics.intake.IntakeLimits;
import io.triad.metrics.intake.OtlpMetrics;
import io.triad.metrics.intake.RemoteWrite;
import io.triad.metrics.model.SampleSink;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The metrics push endpoints on the OTLP/HTTP port: {@code POST /v1/metrics} ({@link OtlpMetrics}) and {@code POST
 * /api/v1/write} ({@link RemoteWrite}), adapted to the collector's {@link ExternalHttpRoute} (the collector and
 * metrics modules do not know each other).
 */
final class MetricsIntakeRoutes {
    private MetricsIntakeRoutes() {}

    /** The two routes, each within the limits of {@code metrics.intake*} in the configuration. */
    static List<ExternalHttpRoute> of(
            String site, IntakeLimits limits, SampleSink sink, MeterRegistry registry, Clock clock) {
        OtlpMetrics otlp = new OtlpMetrics(site, limits, registry);
        RemoteWrite remoteWrite = new RemoteWrite(site, limits, registry);
        return List.of(
                new ExternalHttpRoute() {
                    @Override
                    public String path() {
                        return OtlpMetrics.PATH;
                    }

                    @Override
                    public String input() {
                        return "otlp-metrics";
                    }

                    @Override
                    public Set<String> contentTypes() {
                        return Set.of(OtlpMetrics.PROTOBUF, "application/protobuf", OtlpMetrics.JSON);
                    }

                    @Override
                    public Reply handle(Request r) {
                        return reply(otlp.handle(r.contentType(), r.body(), r.senderAddress(), clock.millis(), sink));
                    }

                    @Override
                    public Reply error(String contentType, int status, String message) {
                        return reply(OtlpMetrics.error(contentType, status, message));
                    }
                },
                new ExternalHttpRoute() {
                    @Override
                    public String path() {
                        return RemoteWrite.PATH;
                    }

                    @Override
                    public String input() {
                        return "remote-write";
                    }

                    @Override
                    public Set<String> contentTypes() {
                        return Set.of(RemoteWrite.CONTENT_TYPE);
                    }

                    @Override
                    public Set<String> ownEncodings() {
                        return Set.of(RemoteWrite.ENCODING);
                    }

                    @Override
                    public Reply handle(Request r) {
                        return reply(remoteWrite.handle(
                                r.headers().getOrDefault("content-type", r.contentType()),
                                r.contentEncoding(),
                                r.body(),
                                r.senderAddress(),
                                sink));
                    }
                });
    }

    private static ExternalHttpRoute.Reply reply(HttpAnswer a) {
        return new ExternalHttpRoute.Reply(a.status(), a.contentType(), a.body());
    }
}
