package io.triad.collector.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.collector.model.LogEvent;
import io.triad.testkit.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal on a real file system that fills up: a 4 MiB tmpfs mounted for the test (so it needs root and is skipped,
 * with the reason, where {@code mount} is refused). When the disk is full the journal stops accepting and its pending
 * appends wait, without failing and without a torn or corrupt record; once space returns they complete, and after a
 * reopen the journal holds every appended event exactly once.
 */
class JournalFullDiskIT {

    @TempDir
    Path dir;

    @Test
    void aFullDiskStallsTheJournalWithoutCorruptionAndItResumesWhenSpaceReturns() throws Exception {
        Path disk = dir.resolve("disk");
        Files.createDirectories(disk);
        String refused = mount(disk);
        Tools.requireThat(refused.isEmpty(), () -> "JournalFullDiskIT needs to mount a tmpfs (root): " + refused);
        try {
            Path filler = disk.resolve("filler");
            Files.write(filler, new byte[3 << 20]);
            JournalConfig config = JournalConfig.defaults(disk.resolve("journal"), "site-a");
            List<CompletableFuture<Void>> appends = new ArrayList<>();
            int next = 0;
            try (Journal journal = Journal.open(config, Clock.systemUTC(), new SimpleMeterRegistry())) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (journal.stalled() == null && System.nanoTime() - deadline < 0) {
                    if (journal.accepting()) {
                        appends.add(journal.submit(events(next, 100)));
                        next += 100;
                    }
                    Thread.sleep(2);
                }
                assertThat(journal.stalled())
                        .as("the journal stalls on the full disk")
                        .isNotNull();
                assertThat(journal.failure())
                        .as("a full disk does not fail the journal")
                        .isNull();
                assertThat(journal.accepting())
                        .as("back-pressure while stalled")
                        .isFalse();
                Thread.sleep(1500); // a retry or two on the still-full disk
                assertThat(appends).as("pending appends wait, none fails").noneMatch(f -> f.isCompletedExceptionally());
                assertThat(appends).anyMatch(f -> !f.isDone());
                long durableWhileFull = journal.durablePosition();

                Files.delete(filler); // space returns
                CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new))
                        .get(10, TimeUnit.SECONDS);
                assertThat(journal.stalled()).isNull();
                assertThat(journal.accepting()).isTrue();
                assertThat(journal.durablePosition()).isGreaterThan(durableWhileFull);
                journal.submit(events(next, 100)).get(5, TimeUnit.SECONDS);
                next += 100;
            }
            try (Journal reopened = Journal.open(config, Clock.systemUTC(), new SimpleMeterRegistry())) {
                assertThat(reopened.recovery().truncatedBytes())
                        .as("no torn tail")
                        .isZero();
                assertThat(reopened.recovery().corruptRecords())
                        .as("no corrupt record")
                        .isZero();
                assertThat(reopened.lastPosition()).isEqualTo(next);
                Set<String> messages = new HashSet<>();
                try (JournalReader r = reopened.reader(1)) {
                    while (r.nextPosition() <= reopened.durablePosition()) {
                        for (JournalRecord rec : r.poll(4096, Duration.ofMillis(100))) {
                            assertThat(rec.event().id().originSeq()).isEqualTo(rec.position());
                            messages.add(rec.event().message());
                        }
                    }
                }
                assertThat(messages).hasSize(next);
            }
        } finally {
            umount(disk);
        }
    }

    private static List<LogEvent> events(int from, int count) {
        List<LogEvent> out = new ArrayList<>();
        String padding = "x".repeat(150);
        for (int i = from; i < from + count; i++) {
            out.add(LogEvent.builder()
                    .timestamp(System.currentTimeMillis() * 1000)
                    .received(System.currentTimeMillis() * 1000)
                    .site("site-a")
                    .input("syslog-tcp")
                    .host("eap-01")
                    .severity(6)
                    .message("event " + i + " " + padding)
                    .build());
        }
        return out;
    }

    /** Mounts a 4 MiB tmpfs on {@code at}; the reason when that is refused, else empty. */
    private static String mount(Path at) throws IOException, InterruptedException {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return "not Linux";
        }
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", at.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? "" : "mount exited with " + p.exitValue() + ": " + out;
    }

    private static void umount(Path at) throws IOException, InterruptedException {
        new ProcessBuilder("umount", "-l", at.toString()).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }
}
