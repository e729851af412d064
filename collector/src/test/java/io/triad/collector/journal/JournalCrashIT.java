package io.triad.collector.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.collector.model.EventId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        JournalCrashChild.class.getName(),
                        journalDir.toString(),
                        prefix)
                .redirectError(dir.resolve(prefix + ".stderr").toFile())
                .start();
        Set<String> acked = new HashSet<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.equals("ready")) {
                        ready.countDown();
                        continue;
                    }
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
                }
            } catch (IOException | NumberFormatException e) {
                // a line cut by the kill: what was read before counts
            }
        });
        reader.start();
        assertThat(ready.await(30, TimeUnit.SECONDS)).as("child ready").isTrue();
        Thread.sleep(millis);
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        synchronized (acked) {
            assertThat(acked).as("acknowledged in round " + prefix).isNotEmpty();
            return new HashSet<>(acked);
        }
    }
}
