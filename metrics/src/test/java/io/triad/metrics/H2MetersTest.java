package io.triad.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.metrics.model.Labels;
import io.triad.metrics.store.RejectedSampleException;
import io.triad.metrics.store.SeriesStore;
import io.triad.metrics.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link H2Meters} and {@link StoreMeters} over real H2 files and a real metrics store, read through a scrape. */
class H2MetersTest {
    @TempDir
    Path dir;

    @Test
    void theFileSizeAndThePoolsConnectionsInUseOfEachDatabaseAreGauges() throws Exception {
        Path db = dir.resolve("users");
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + db, "sa", "");
        try (SelfMetrics metrics = new SelfMetrics("site-a")) {
            H2Meters.bind(
                    metrics.registry(),
                    Map.of(
                            "users",
                            new H2Meters.Database(db, pool::getActiveConnections),
                            "later",
                            H2Meters.Database.file(dir.resolve("not-yet"))));
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (x VARCHAR(100))");
                s.execute("INSERT INTO t VALUES ('" + "x".repeat(90) + "')");
                // H2's background writer may grow the file at any moment: the gauge lies between two readings
                long before = Files.size(dir.resolve("users.mv.db"));
                String text = metrics.scrape();
                long after = Files.size(dir.resolve("users.mv.db"));
                assertThat(value(text, "triad_h2_pool_active_connections{db=\"users\",site=\"site-a\"}"))
                        .isEqualTo(1.0);
                assertThat(value(text, "triad_h2_file_bytes{db=\"users\",site=\"site-a\"}"))
                        .isBetween((double) Math.min(before, after), (double) Math.max(before, after))
                        .isPositive();
                assertThat(value(text, "triad_h2_file_bytes{db=\"later\",site=\"site-a\"}"))
                        .isZero();
                assertThat(text).doesNotContain("triad_h2_pool_active_connections{db=\"later\"");
            }
            assertThat(value(metrics.scrape(), "triad_h2_pool_active_connections{db=\"users\",site=\"site-a\"}"))
                    .isZero();
        } finally {
            pool.dispose();
        }
    }

    @Test
    void aBlankDatabaseNameIsRefused() {
        try (SelfMetrics metrics = new SelfMetrics("site-a")) {
            assertThatThrownBy(() -> H2Meters.bind(metrics.registry(), Map.of(" ", H2Meters.Database.file(dir))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("blank");
        }
    }

    @Test
    void theMetricsStoresCountersAreExportedAsMeters() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        try (SelfMetrics metrics = new SelfMetrics("site-a");
                SeriesStore store = SeriesStore.open(dir.resolve("metrics"), StoreConfig.defaults(), clock)) {
            StoreMeters.bind(metrics.registry(), store::stats, dir.resolve("metrics/wal"));
            long t = clock.millis();
            store.append(Labels.of("__name__", "m", "a", "1"), t, 1);
            store.append(Labels.of("__name__", "m", "a", "2"), t, 2);
            store.append(Labels.of("__name__", "m", "a", "1"), t + 1000, 3);
            try {
                store.append(Labels.of("__name__", "m", "a", "1"), t - 1000, 4);
            } catch (RejectedSampleException expected) {
                // counted as out of order
            }
            store.sync();
            String text = metrics.scrape();
            assertThat(value(text, "triad_metrics_store_series{site=\"site-a\"}"))
                    .isEqualTo(2.0);
            assertThat(value(text, "triad_metrics_store_samples_appended_total{site=\"site-a\"}"))
                    .isEqualTo(3.0);
            assertThat(value(text, "triad_metrics_store_samples_out_of_order_total{site=\"site-a\"}"))
                    .isEqualTo(1.0);
            assertThat(value(text, "triad_metrics_store_samples_cardinality_rejected_total{site=\"site-a\"}"))
                    .isZero();
            assertThat(text)
                    .contains("triad_metrics_store_checkpoints_total{site=\"site-a\"}")
                    .contains("triad_metrics_store_chunk_written_bytes_total{site=\"site-a\"}");
            assertThat(value(text, "triad_metrics_store_wal_size_bytes{site=\"site-a\"}"))
                    .isPositive();
        }
    }

    @Test
    void aMissingDirectoryHoldsNoBytes() {
        assertThat(StoreMeters.bytesUnder(dir.resolve("absent"))).isZero();
        assertThat(H2Meters.sizeOf(dir.resolve("absent.mv.db"))).isZero();
    }

    /** The value of the sample line that starts with {@code series} in Prometheus text. */
    private static double value(String text, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertThat(m.find()).as("%s in%n%s", series, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
