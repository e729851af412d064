package io.triad.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.SeriesData;
import io.triad.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a child JVM that appends to a store, cycle after cycle, and reopens the store after every kill: it
 * must open without setting its database aside, every series must hold the same unbroken run of steps with every
 * step the child had synced, H2 must not have traced an error, and the chunk table's indexes must list the rows the
 * table has. The kills fall at random moments: after the child opened the store and H2 idles, as in the appliance
 * between checkpoints (in a new directory every fourth cycle, as a site's first start: the bench's corrupt files
 * were young); at any moment from its start, while H2 opens the file and the log is replayed; while it appends and
 * checkpoints every 200 ms; and while it closes the store. Threads spin in the child meanwhile, as the appliance's
 * other components do while it starts. A database set aside (by the reopen, or by the child's own open after the
 * previous reopen's close) is counted, the cycle's checks are skipped (the chunks that were in H2 are lost) and a new
 * directory goes on; the test fails at the end when there was any.
 *
 * <p>{@code -Dtriad.killLoop.cycles=N} runs N cycles (default 12, about 25 s), {@code -Dtriad.killLoop.busyThreads=B}
 * spins B threads in the child (default 2), {@code -Dtriad.killLoop.seed=S} repeats a run. It prints {@code kill -9
 * cycles: N, recoveries: R, samples checked: S}.
 */
class SeriesStoreKillLoopIT {
    private static final int CYCLES = Integer.getInteger("triad.killLoop.cycles", 12);
    /** Threads that spin in the child while it runs, as the appliance's other components do while it starts. */
    private static final int BUSY_THREADS = Integer.getInteger("triad.killLoop.busyThreads", 2);

    @TempDir
    Path dir;

    @Test
    void theStoreReopensWithEverySyncedSampleAndWithoutRecoveryAfterEveryKill() throws Exception {
        long seed = Long.getLong("triad.killLoop.seed", System.nanoTime());
        Random random = new Random(seed);
        long started = System.nanoTime();
        int recoveries = 0;
        long samplesChecked = 0;
        int lineage = 0;
        Path storeDir = dir.resolve("metrics-0");
        long next = 0;
        boolean fresh = false;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            if (fresh || (cycle > 0 && cycle % 4 == 0)) {
                // a site's first start: H2 creates the file, the store its tables (the bench's corrupt files were
                // young)
                storeDir = dir.resolve("metrics-" + ++lineage);
                next = 0;
                fresh = false;
            }
            String context = String.format(Locale.ROOT, "cycle %d of seed %d (%s)", cycle, seed, storeDir);
            long appliance = SeriesStoreKillLoopChild.APPLIANCE_CHECKPOINT_MILLIS;
            Run run = switch (cycle % 4) {
                // opened (created, every fourth cycle), checkpointed once, then H2 idles as in the appliance
                case 0 -> runAndKill(storeDir, next, appliance, 0, 100 + random.nextInt(1400), true);
                // at any moment from the start: while H2 opens the file, replays the log, checkpoints
                case 1 -> runAndKill(storeDir, next, appliance, 0, random.nextInt(1500), false);
                // while it appends and checkpoints every 200 ms
                case 2 -> runAndKill(storeDir, next, 200, 0, 100 + random.nextInt(900), true);
                // while it closes the store
                default -> runAndKill(storeDir, next, 200, 100 + random.nextInt(300), random.nextInt(25), true);
            };
            long opened;
            try (SeriesStore store = SeriesStore.open(
                    storeDir,
                    SeriesStoreKillLoopChild.config(SeriesStoreKillLoopChild.APPLIANCE_CHECKPOINT_MILLIS),
                    new SeriesStoreKillLoopChild.StepClock(run.synced()))) {
                opened = store.stats().recoveries();
                if (opened + run.childRecoveries() == 0) {
                    long[] checked = checkSteps(store, run.synced(), next, context);
                    next = checked[0] + 1;
                    samplesChecked += checked[1];
                }
            }
            if (opened + run.childRecoveries() > 0) {
                // the chunks that were in H2 are lost (the log's samples are not): counted, and a new directory goes on
                recoveries += (int) (opened + run.childRecoveries());
                fresh = true;
                System.out.printf(
                        Locale.ROOT,
                        "%s: a corrupt database was set aside by the %s%n",
                        context,
                        opened > 0 ? "reopen after the kill" : "child's open");
                continue;
            }
            if (!checkIndexes(storeDir, context)) {
                // the store's own close left a file H2 cannot read: its next open would set it aside
                recoveries++;
                fresh = true;
                System.out.printf(Locale.ROOT, "%s: the file the reopen's close left is corrupt%n", context);
                continue;
            }
            assertThat(storeDir.resolve("metrics.trace.db"))
                    .as("%s: H2's trace of errors", context)
                    .doesNotExist();
        }
        System.out.printf(
                Locale.ROOT,
                "kill -9 cycles: %d, recoveries: %d, samples checked: %d (seed %d, %d ms)%n",
                CYCLES,
                recoveries,
                samplesChecked,
                seed,
                (System.nanoTime() - started) / 1_000_000);
        assertThat(recoveries)
                .as("databases set aside as corrupt in %d kill -9 cycles (seed %d)", CYCLES, seed)
                .isZero();
        assertThat(samplesChecked).isPositive();
    }

    @Test
    void aStoreOpenInAnotherProcessFailsTheOpenAndIsLeftAlone() throws Exception {
        Path storeDir = dir.resolve("metrics");
        ChildJvm child = child(storeDir, 0, 200, 0, new AtomicLong(), new AtomicLong());
        try {
            assertThat(child.await("ready", Duration.ofSeconds(60)))
                    .as("child ready")
                    .isTrue();
            assertThatThrownBy(() -> SeriesStore.open(
                            storeDir, SeriesStoreKillLoopChild.config(200), new SeriesStoreKillLoopChild.StepClock(0)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot open the metrics store database")
                    .hasMessageContaining("Database may be already in use");
            assertThat(H2File.setAsideFiles(storeDir.resolve("metrics"))).isEmpty();
            assertThat(storeDir.resolve("metrics.mv.db")).exists();
        } finally {
            child.kill();
        }
    }

    /**
     * Every series holds the steps {@code first..last} and nothing else, the same in every series, with {@code last >=
     * synced - 1} and {@code first} no later than retention allows; returns {@code last} and the samples checked.
     *
     * @param before the first step the killed child appended (it appended nothing when it was killed early)
     */
    private static long[] checkSteps(SeriesStore store, long synced, long before, String context) throws IOException {
        List<SeriesData> all =
                store.select(List.of(LabelMatcher.eq("__name__", "kill_loop")), Long.MIN_VALUE, Long.MAX_VALUE, 0);
        if (synced == 0 && before == 0 && all.isEmpty()) {
            return new long[] {-1, 0}; // killed before it appended a step to a fresh store: nothing to find
        }
        assertThat(all).as(context).hasSize(SeriesStoreKillLoopChild.SERIES);
        SeriesData first = all.get(0);
        assertThat(first.size()).as(context).isPositive();
        long from = (first.timestamps()[0] - SeriesStoreKillLoopChild.T0) / 1000;
        long samples = 0;
        for (SeriesData d : all) {
            assertThat(d.size()).as("%s: steps of %s", context, d.labels()).isEqualTo(first.size());
            for (int j = 0; j < d.size(); j++) {
                assertThat(d.timestamps()[j]).as(context).isEqualTo(SeriesStoreKillLoopChild.time(from + j));
                assertThat(d.values()[j]).as(context).isEqualTo((double) (from + j));
            }
            samples += d.size();
        }
        long last = from + first.size() - 1;
        assertThat(last)
                .as("%s: last step recovered >= last step synced and >= the steps before this cycle", context)
                .isGreaterThanOrEqualTo(Math.max(synced, before) - 1);
        // a retention pass runs just after a sync, at a synced step: every step from synced - 1 - RAW_STEPS is kept
        assertThat(from)
                .as("%s: first step recovered (retention keeps %d steps)", context, SeriesStoreKillLoopChild.RAW_STEPS)
                .isLessThanOrEqualTo(Math.max(0, synced - 1 - SeriesStoreKillLoopChild.RAW_STEPS));
        return new long[] {last, samples};
    }

    /**
     * The chunk table's two indexes list as many rows as the table has (a kill in H2's close once broke that); false
     * when H2 finds the file corrupt.
     */
    private static boolean checkIndexes(Path storeDir, String context) throws SQLException {
        Connection c;
        try {
            c = DriverManager.getConnection(
                    H2File.url(storeDir.resolve("metrics").toAbsolutePath()), "sa", "");
        } catch (SQLException e) {
            if (H2File.isCorruption(e)) {
                return false;
            }
            throw e;
        }
        try (Statement st = c.createStatement()) {
            long rows = count(st, "SELECT COUNT(*) FROM chunk");
            assertThat(count(st, "SELECT COUNT(*) FROM chunk WHERE max_time > " + Long.MIN_VALUE))
                    .as("%s: rows by the max_time index", context)
                    .isEqualTo(rows);
            assertThat(count(
                            st,
                            "SELECT COUNT(*) FROM (SELECT series_id, min_time FROM chunk"
                                    + " ORDER BY series_id, min_time)"))
                    .as("%s: rows by the primary key", context)
                    .isEqualTo(rows);
            return true;
        } catch (SQLException e) {
            if (H2File.isCorruption(e)) {
                H2File.abandon(c, e);
                return false;
            }
            throw e;
        } finally {
            if (!c.isClosed()) {
                H2File.shutDown(c);
            }
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    /** What a killed child left: its last synced step and the recoveries of its own open. */
    private record Run(long synced, long childRecoveries) {}

    /**
     * Runs the child from {@code step} with checkpoints every {@code checkpointMillis} and kills it {@code millis}
     * after it started ({@code afterReady}: after it opened the store; with {@code closeAfter > 0}, after it began to
     * close).
     */
    private Run runAndKill(
            Path storeDir, long step, long checkpointMillis, long closeAfter, long millis, boolean afterReady)
            throws Exception {
        AtomicLong synced = new AtomicLong(step);
        AtomicLong recoveries = new AtomicLong();
        try (ChildJvm child = child(storeDir, step, checkpointMillis, closeAfter, synced, recoveries)) {
            if (afterReady) {
                assertThat(child.await("ready", Duration.ofSeconds(60)))
                        .as("child ready")
                        .isTrue();
                if (closeAfter > 0) {
                    assertThat(child.await("closing", Duration.ofSeconds(60)))
                            .as("child closing")
                            .isTrue();
                }
            }
            Thread.sleep(millis);
            child.kill();
        }
        return new Run(synced.get(), recoveries.get());
    }

    /** Starts a child from {@code step}; its {@code synced} and {@code ready} lines go to the two counters. */
    private ChildJvm child(
            Path storeDir, long step, long checkpointMillis, long closeAfter, AtomicLong synced, AtomicLong recoveries)
            throws IOException {
        return ChildJvm.of(SeriesStoreKillLoopChild.class)
                .jvmArgs("-XX:TieredStopAtLevel=1")
                .args(
                        storeDir.toString(),
                        Long.toString(step),
                        Long.toString(closeAfter),
                        Long.toString(checkpointMillis),
                        Integer.toString(BUSY_THREADS))
                .stderr(dir.resolve("children.stderr"), true)
                .onLine(line -> {
                    if (line.startsWith("synced ")) {
                        synced.set(Long.parseLong(line.substring(7)));
                    } else if (line.startsWith("ready ")) {
                        recoveries.set(Long.parseLong(line.substring(6)));
                    }
                })
                .start();
    }
}
