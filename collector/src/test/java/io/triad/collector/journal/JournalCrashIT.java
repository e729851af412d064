package io.triad.collector.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.collector.model.EventId;
import io.triad.testkit.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a child JVM that appends to a journal while it runs, reopens the journal and checks that every
 * acknowledged event is there exactly once, positions and local sequences without gaps.
 */
class JournalCrashIT {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventSurvivesKillMinusNineExactlyOnce() throws Exception {
        Path journalDir = dir.resolve("journal");
        Set<String> acked = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            acked.addAll(runAndKill(journalDir, "r" + round, 200 + round * 150));

            try (Journal j = TestEvents.open(TestEvents.smallSegments(journalDir))) {
                List<JournalRecord> all = TestEvents.readAll(j, 1);
                Map<String, Integer> seen = new HashMap<>();
                long position = 0;
                for (JournalRecord r : all) {
                    assertThat(r.position()).isEqualTo(++position);
                    assertThat(r.event().id()).isEqualTo(new EventId(TestEvents.SITE, position));
                    seen.merge(r.event().message(), 1, Integer::sum);
                }
                assertThat(j.lastPosition()).isEqualTo(position);
                assertThat(seen.values()).allMatch(n -> n == 1);
                // a plain set difference: AssertJ's containsAll compares element by element (quadratic)
                Set<String> missing = new HashSet<>(acked);
                missing.removeAll(seen.keySet());
                assertThat(missing)
                        .as("acknowledged but missing after recovery")
                        .isEmpty();
                System.out.printf(
                        Locale.ROOT,
                        "round %d: %d acknowledged so far, %d records, recovery %s%n",
                        round,
                        acked.size(),
                        all.size(),
                        j.recovery());
            }
        }
        assertThat(acked).hasSizeGreaterThan(1000);
    }

    /** Starts the child, lets it append for {@code millis} after it is ready, kills it, returns the acked messages. */
    private Set<String> runAndKill(Path journalDir, String prefix, long millis) throws Exception {
        Set<String> acked = new HashSet<>();
        try (ChildJvm child = ChildJvm.of(JournalCrashChild.class)
                .args(journalDir.toString(), prefix)
                .stderr(dir.resolve(prefix + ".stderr"), false)
                .onLine(line -> {
                    String[] parts = line.split(" ");
                    if (parts.length == 3 && parts[0].equals("ack")) {
                        int first = Integer.parseInt(parts[1]);
                        int count = Integer.parseInt(parts[2]);
                        synchronized (acked) {
                            for (int i = first; i < first + count; i++) {
                                acked.add(prefix + "-" + i);
                            }
                        }
                    }
                })
                .start()) {
            assertThat(child.await("ready", Duration.ofSeconds(30)))
                    .as("child ready")
                    .isTrue();
            Thread.sleep(millis);
            child.kill();
        }
        synchronized (acked) {
            assertThat(acked).as("acknowledged in round " + prefix).isNotEmpty();
            return new HashSet<>(acked);
        }
    }
}
