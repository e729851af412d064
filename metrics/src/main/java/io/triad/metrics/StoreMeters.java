package io.triad.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.triad.metrics.store.StoreStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The metrics store's own counters ({@link StoreStats}) as meters named {@code triad_metrics_store_*}: series held,
 * samples appended and refused (out of order, over the cardinality limit), checkpoints, bytes of closed chunks written,
 * and the bytes of its write-ahead log on disk.
 *
 * <p>NOTE: every meter calls the supplier when it is read (a scrape reads each once), so the supplier must be cheap
 * and thread safe, as {@code SeriesStore.stats()} is. The meters keep the supplier for the registry's life.
 */
public final class StoreMeters {
    private StoreMeters() {}

    /** Registers the store's meters on {@code registry}; {@code walDir} is the directory of its write-ahead log. */
    public static void bind(MeterRegistry registry, Supplier<StoreStats> stats, Path walDir) {
        // NOTE: Micrometer holds a meter's state object weakly, and the caller keeps no reference to the supplier: this
        // gauge holds it strongly, which keeps it alive for the function counters below too
        Gauge.builder("triad.metrics.store.series", stats, s -> s.get().series())
                .description("Series the metrics store holds")
                .baseUnit("series")
                .strongReference(true)
                .register(registry);
        counter(
                registry,
                stats,
                "triad.metrics.store.samples.appended",
                "Samples the metrics store accepted",
                StoreStats::samplesAppended);
        counter(
                registry,
                stats,
                "triad.metrics.store.samples.out.of.order",
                "Samples the metrics store refused because they were older than their series' last one",
                StoreStats::outOfOrderRejected);
        counter(
                registry,
                stats,
                "triad.metrics.store.samples.cardinality.rejected",
                "Samples the metrics store refused because a new series would exceed its series limit",
                StoreStats::cardinalityRejected);
        counter(
                registry,
                stats,
                "triad.metrics.store.checkpoints",
                "Checkpoints of the metrics store",
                StoreStats::checkpoints);
        counter(
                registry,
                stats,
                "triad.metrics.store.chunks.written",
                "Closed chunks the metrics store wrote",
                StoreStats::chunksWritten);
        FunctionCounter.builder(
                        "triad.metrics.store.chunk.written", stats, s -> s.get().chunkBytesWritten())
                .description("Bytes of closed chunks the metrics store wrote")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("triad.metrics.store.wal.size", walDir, StoreMeters::bytesUnder)
                .description("Bytes of the metrics store's write-ahead log on disk")
                .baseUnit("bytes")
                .strongReference(true)
                .register(registry);
    }

    private static void counter(
            MeterRegistry registry,
            Supplier<StoreStats> stats,
            String name,
            String help,
            ToDoubleFunction<StoreStats> value) {
        FunctionCounter.builder(name, stats, s -> value.applyAsDouble(s.get()))
                .description(help)
                .register(registry);
    }

    /** The bytes of the regular files directly in {@code dir}: 0 when it does not exist, NaN when unreadable. */
    static double bytesUnder(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> {
                        try {
                            return Files.isRegularFile(p) ? Files.size(p) : 0;
                        } catch (NoSuchFileException e) {
                            return 0; // a segment removed by a checkpoint meanwhile
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException | UncheckedIOException e) {
            return Double.NaN;
        }
    }
}
