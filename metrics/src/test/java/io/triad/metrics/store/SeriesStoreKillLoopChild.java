package io.triad.metrics.store;

import io.triad.metrics.model.Labels;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link SeriesStoreKillLoopIT}: a store that checkpoints every {@code checkpointMillis} (chunks of 30
 * samples, and retention short enough that its passes drop rows) while one sample of each of {@link #SERIES} series
 * is appended per step from {@code step}, at most a step a millisecond, one second of sample time per step, which is
 * also the store's clock. {@code busyThreads} threads spin meanwhile, as the appliance's other components do while it
 * starts (the bench's corrupt files came from processes starting on a loaded machine). Prints {@code ready R} ({@code
 * R}: the recoveries of its open), then {@code synced N} after forcing the log when steps {@code < N} are all appended.
 * With {@code closeAfterMillis > 0} it prints {@code closing} after that long and closes the store (the test kills it
 * meanwhile), then prints {@code closed}.
 *
 * <p>Arguments: {@code dir step closeAfterMillis checkpointMillis busyThreads}.
 */
final class SeriesStoreKillLoopChild {
    static final int SERIES = 10;
    static final long T0 = 1_764_547_200_000L;
    /** Steps of raw retention: a retention pass at step {@code r} keeps every step from {@code r - 1 - RAW_STEPS}. */
    static final long RAW_STEPS = 120;
    /** How often (in steps) the child syncs the log and reports it. */
    static final long SYNC_EVERY = 20;

    private SeriesStoreKillLoopChild() {}

    static Labels series(int i) {
        return Labels.of("__name__", "kill_loop", "series", Integer.toString(i));
    }

    /** The appliance's checkpoint interval: H2 idles between checkpoints. */
    static final long APPLIANCE_CHECKPOINT_MILLIS =
            StoreConfig.defaults().checkpointInterval().toMillis();

    static StoreConfig config(long checkpointMillis) {
        return StoreConfig.defaults()
                .withCheckpoint(Duration.ofMillis(checkpointMillis), 16 * 1024)
                .withChunk(30, Duration.ofHours(2))
                .withRetention(
                        Duration.ofSeconds(RAW_STEPS), Duration.ofSeconds(RAW_STEPS + 60), Duration.ofMinutes(4));
    }

    /** The sample time of a step: {@code T0 + step} seconds. */
    static long time(long step) {
        return T0 + step * 1000;
    }

    /** A clock at the sample time of the step being appended. */
    static final class StepClock extends Clock {
        volatile long step;

        StepClock(long step) {
            this.step = step;
        }

        @Override
        public long millis() {
            return time(step);
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the step clock is UTC only");
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long step = Long.parseLong(args[1]);
        long closeAfterMillis = Long.parseLong(args[2]);
        long checkpointMillis = Long.parseLong(args[3]);
        int busyThreads = Integer.parseInt(args[4]);
        for (int i = 0; i < busyThreads; i++) {
            Thread t = new Thread(SeriesStoreKillLoopChild::spin, "busy-" + i);
            t.setDaemon(true);
            t.start();
        }
        StepClock clock = new StepClock(step);
        SeriesStore store = SeriesStore.open(dir, config(checkpointMillis), clock);
        System.out.println("ready " + store.stats().recoveries());
        System.out.flush();
        long closeAt = closeAfterMillis > 0 ? System.nanoTime() + closeAfterMillis * 1_000_000 : Long.MAX_VALUE;
        List<Sample> batch = new ArrayList<>(SERIES);
        while (closeAfterMillis <= 0 || System.nanoTime() - closeAt < 0) {
            clock.step = step;
            batch.clear();
            for (int i = 0; i < SERIES; i++) {
                batch.add(new Sample(series(i), time(step), step));
            }
            AppendResult r = store.append(batch);
            if (r.accepted() != SERIES) {
                throw new IllegalStateException("step " + step + ": " + r);
            }
            step++;
            // at most a thousand steps a second: a cycle of a second spans minutes of samples, not hours
            Thread.sleep(1);
            if (step % SYNC_EVERY == 0) {
                store.sync();
                System.out.println("synced " + step);
                System.out.flush();
            }
            if (step % 100 == 0) {
                var unused = store.applyRetention();
            }
        }
        System.out.println("closing");
        System.out.flush();
        store.close();
        System.out.println("closed");
        System.out.flush();
    }

    /** Burns CPU until the process ends. */
    private static void spin() {
        long x = 0;
        while (true) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            if (x == 42) {
                Thread.onSpinWait();
            }
        }
    }
}
