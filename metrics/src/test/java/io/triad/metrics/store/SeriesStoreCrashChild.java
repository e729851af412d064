package io.triad.metrics.store;

import io.triad.metrics.model.Labels;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link SeriesStoreCrashIT}: appends one sample to each of {@link #SERIES} series per step, step
 * after step from {@code FIRST_STEP}, until it is killed. Prints {@code ready}, then {@code synced N} after forcing the
 * log when steps {@code < N} are all appended. Small log and checkpoint settings make checkpoints happen meanwhile.
 */
final class SeriesStoreCrashChild {
    static final int SERIES = 20;
    static final long T0 = 1_764_547_200_000L;

    private SeriesStoreCrashChild() {}

    static Labels series(int i) {
        return Labels.of("__name__", "crash_test", "series", Integer.toString(i));
    }

    static StoreConfig config() {
        return StoreConfig.defaults()
                .withCheckpoint(Duration.ofMillis(300), 64 * 1024)
                .withChunk(120, Duration.ofHours(2));
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long step = Long.parseLong(args[1]);
        Clock clock = Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC);
        try (SeriesStore store = SeriesStore.open(dir, config(), clock)) {
            System.out.println("ready");
            System.out.flush();
            List<Sample> batch = new ArrayList<>(SERIES);
            while (true) {
                batch.clear();
                for (int i = 0; i < SERIES; i++) {
                    batch.add(new Sample(series(i), T0 + step * 1000, step));
                }
                AppendResult r = store.append(batch);
                if (r.accepted() != SERIES) {
                    throw new IllegalStateException("step " + step + ": " + r);
                }
                step++;
                if (step % 50 == 0) {
                    store.sync();
                    System.out.println("synced " + step);
                    System.out.flush();
                }
            }
        }
    }
}
