package io.triad.metrics.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void samplesWithLabelsEscapesTimestampsAndSpecialValues() {
        PrometheusText.Result r = PrometheusText.parse("""
                # HELP http_requests_total The total number of HTTP requests.
                # TYPE http_requests_total counter
                http_requests_total{method="post",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="400"}    3 1395066363000

                msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
                metric_without_timestamp_and_labels 12.47
                something_weird{problem="division by zero"} +Inf -3982045
                nan_gauge NaN
                rpc_duration_seconds{quantile="0.99",} 76656
                om_counter_total 17.5 1700000000.250
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.samples()).hasSize(8);
        assertThat(r.samples().get(0))
                .isEqualTo(new PrometheusText.Sample(
                        "http_requests_total", Map.of("method", "post", "code", "200"), 1027, 1395066363000L));
        assertThat(r.samples().get(2).labels())
                .containsEntry("path", "C:\\DIR\\FILE.TXT")
                .containsEntry("error", "Cannot find file:\n\"FILE.TXT\"");
        assertThat(r.samples().get(3).timestampMillis()).isNull();
        assertThat(r.samples().get(4).value()).isInfinite();
        assertThat(r.samples().get(4).timestampMillis()).isEqualTo(-3982045L);
        assertThat(r.samples().get(5).value()).isNaN();
        assertThat(r.samples().get(6).labels()).isEqualTo(Map.of("quantile", "0.99"));
        assertThat(r.samples().get(7).timestampMillis()).isEqualTo(1700000000250L);
    }

    @Test
    void aBadLineIsReportedWithItsNumberAndTheOthersAreKept() {
        PrometheusText.Result r = PrometheusText.parse("ok 1\n{bad} 2\nalso_ok{a=\"b\"} 3\nno_value\nbad_value x\n");
        assertThat(r.samples()).extracting(PrometheusText.Sample::name).containsExactly("ok", "also_ok");
        assertThat(r.errors())
                .containsExactly(
                        "line 2: expected a metric name at column 1; got: '{bad} 2'",
                        "line 4: expected a value after no_value",
                        "line 5: bad value 'x'");
    }
}
