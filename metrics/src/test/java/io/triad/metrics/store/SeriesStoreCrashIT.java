package io.triad.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.SeriesData;
import io.triad.testkit.ChildJvm;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a child JVM that appends to a store, reopens the store and checks that every series holds an
 * unbroken prefix of what was appended, every step the child had synced included, and the same steps in every series
 * (a batch is one log record).
 */
class SeriesStoreCrashIT {

    @TempDir
    Path dir;

    @Test
    void everySyncedSampleSurvivesKillMinusNineAndNothingBeforeTheTailIsLost() throws Exception {
        Path storeDir = dir.resolve("metrics");
        long next = 0;
        for (int round = 0; round < 3; round++) {
            long synced = runAndKill(storeDir, next, 800 + round * 400L);
            try (SeriesStore store = SeriesStore.open(
                    storeDir,
                    SeriesStoreCrashChild.config(),
                    Clock.fixed(Instant.ofEpochMilli(SeriesStoreCrashChild.T0), ZoneOffset.UTC))) {
                List<SeriesData> all = store.select(
                        List.of(LabelMatcher.eq("__name__", "crash_test")), Long.MIN_VALUE, Long.MAX_VALUE, 0);
                assertThat(all).hasSize(SeriesStoreCrashChild.SERIES);
                int steps = all.get(0).size();
                for (SeriesData d : all) {
                    assertThat(d.size()).as("steps of %s", d.labels()).isEqualTo(steps);
                    for (int j = 0; j < steps; j++) {
                        assertThat(d.timestamps()[j]).isEqualTo(SeriesStoreCrashChild.T0 + j * 1000L);
                        assertThat(d.values()[j]).isEqualTo(j);
                    }
                }
                assertThat((long) steps).as("steps recovered >= steps synced").isGreaterThanOrEqualTo(synced);
                assertThat((long) steps)
                        .as("steps recovered >= steps before this round")
                        .isGreaterThanOrEqualTo(next);
                System.out.printf(
                        Locale.ROOT,
                        "round %d: synced %d steps, recovered %d, stats %s%n",
                        round,
                        synced,
                        steps,
                        store.stats());
                next = steps;
            }
        }
        assertThat(next).isGreaterThan(500);
    }

    /** Runs the child from {@code step}, kills it {@code millis} after it is ready, returns its last synced step. */
    private long runAndKill(Path storeDir, long step, long millis) throws Exception {
        AtomicLong synced = new AtomicLong(step);
        try (ChildJvm child = ChildJvm.of(SeriesStoreCrashChild.class)
                .args(storeDir.toString(), Long.toString(step))
                .stderr(dir.resolve("child-" + step + ".stderr"), false)
                .onLine(line -> {
                    if (line.startsWith("synced ")) {
                        synced.set(Long.parseLong(line.substring(7)));
                    }
                })
                .start()) {
            assertThat(child.await("ready", Duration.ofSeconds(60)))
                    .as("child ready")
                    .isTrue();
            Thread.sleep(millis);
            child.kill();
        }
        assertThat(synced.get()).as("child synced something").isGreaterThan(step);
        return synced.get();
    }
}
