package io.triad.collector.journal;

import static io.triad.collector.journal.TestEvents.events;
import static io.triad.collector.journal.TestEvents.readAll;
import static io.triad.collector.journal.TestEvents.recordOffsets;
import static io.triad.collector.journal.TestEvents.segmentFiles;
import static io.triad.collector.journal.TestEvents.smallSegments;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRecoveryTest {

    @TempDir
    Path dir;

    private Path writeTen() throws Exception {
        try (Journal j = TestEvents.open(smallSegments(dir))) {
            j.submit(events(0, 10)).get(5, TimeUnit.SECONDS);
        }
        List<Path> files = segmentFiles(dir);
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    private static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private static List<String> messages(List<JournalRecord> records) {
        return records.stream().map(r -> r.event().message()).toList();
    }

    @Test
    void aTornTailIsTruncatedAndTheJournalOpens() throws Exception {
        Path seg = writeTen();
        long size = Files.size(seg);
        int lastStart = recordOffsets(seg).get(9);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(size - 5);
        }

        try (Journal j = TestEvents.open(smallSegments(dir))) {
            assertThat(j.recovery()).isEqualTo(new Journal.RecoveryReport(size - 5 - lastStart, 0, 9));
            assertThat(Files.size(seg)).isEqualTo(lastStart);
            assertThat(messages(readAll(j, 1))).hasSize(9).endsWith("event 8");

            j.submit(events(100, 1)).get(5, TimeUnit.SECONDS);
            List<JournalRecord> all = readAll(j, 1);
            assertThat(all.get(9).position()).isEqualTo(10);
            assertThat(all.get(9).event().message()).isEqualTo("event 100");
        }
    }

    @Test
    void aTornHeaderIsTruncated() throws Exception {
        Path seg = writeTen();
        long size = Files.size(seg);
        overwrite(seg, size, new byte[] {0, 0, 1}); // three bytes of a next header

        try (Journal j = TestEvents.open(smallSegments(dir))) {
            assertThat(j.recovery()).isEqualTo(new Journal.RecoveryReport(3, 0, 10));
            assertThat(Files.size(seg)).isEqualTo(size);
        }
    }

    @Test
    void aZeroFilledTailIsTruncated() throws Exception {
        Path seg = writeTen();
        long size = Files.size(seg);
        overwrite(seg, size, new byte[1000]);

        try (Journal j = TestEvents.open(smallSegments(dir))) {
            assertThat(j.recovery()).isEqualTo(new Journal.RecoveryReport(1000, 0, 10));
            assertThat(Files.size(seg)).isEqualTo(size);
            j.submit(events(10, 1)).get(5, TimeUnit.SECONDS);
            assertThat(messages(readAll(j, 1))).hasSize(11).endsWith("event 10");
        }
    }

    @Test
    void aLastRecordWithAWrongCrcIsTreatedAsTornAndCut() throws Exception {
        Path seg = writeTen();
        int lastStart = recordOffsets(seg).get(9);
        long size = Files.size(seg);
        overwrite(seg, lastStart + 20, new byte[] {(byte) 0xFF, (byte) 0xFE});

        try (Journal j = TestEvents.open(smallSegments(dir))) {
            assertThat(j.recovery()).isEqualTo(new Journal.RecoveryReport(size - lastStart, 0, 9));
            assertThat(Files.size(seg)).isEqualTo(lastStart);
        }
    }

    @Test
    void aFlippedByteInAMiddleRecordIsCountedAndSkipped() throws Exception {
        Path seg = writeTen();
        int fifth = recordOffsets(seg).get(4);
        byte[] all = Files.readAllBytes(seg);
        overwrite(seg, fifth + 30, new byte[] {(byte) (all[fifth + 30] ^ 0x10)});

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Journal j = Journal.open(smallSegments(dir), Clock.systemUTC(), registry)) {
            assertThat(j.recovery()).isEqualTo(new Journal.RecoveryReport(0, 1, 10));
            assertThat(registry.get("triad.journal.corrupt").counter().count()).isEqualTo(1.0);

            List<JournalRecord> records = readAll(j, 1);

            assertThat(records)
                    .extracting(JournalRecord::position)
                    .containsExactly(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 10L);
            assertThat(records.get(4).event().message()).isEqualTo("event 5");
            assertThat(registry.get("triad.journal.corrupt").counter().count()).isEqualTo(2.0);
            j.submit(events(10, 1)).get(5, TimeUnit.SECONDS);
            assertThat(readAll(j, 11)).extracting(JournalRecord::position).containsExactly(11L);
        }
    }

    @Test
    void aDamagedLengthFieldCostsOnePositionAndLaterRecordsKeepTheirs() throws Exception {
        Path seg = writeTen();
        int fifth = recordOffsets(seg).get(4);
        overwrite(seg, fifth, new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, 0x00});

        try (Journal j = TestEvents.open(smallSegments(dir))) {
            assertThat(j.recovery()).isEqualTo(new Journal.RecoveryReport(0, 1, 10));

            List<JournalRecord> records = readAll(j, 1);

            assertThat(records)
                    .extracting(JournalRecord::position)
                    .containsExactly(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 10L);
            assertThat(messages(records))
                    .containsExactly(
                            "event 0", "event 1", "event 2", "event 3", "event 5", "event 6", "event 7", "event 8",
                            "event 9");
        }
        // the repair is durable: a second recovery finds the same
        try (Journal j = TestEvents.open(smallSegments(dir))) {
            assertThat(j.recovery()).isEqualTo(new Journal.RecoveryReport(0, 1, 10));
        }
    }

    @Test
    void aFlippedByteInAnOlderSegmentIsSkippedByReaders() throws Exception {
        try (Journal j = TestEvents.open(smallSegments(dir))) {
            j.submit(events(0, 100)).get(5, TimeUnit.SECONDS);
        }
        Path first = segmentFiles(dir).get(0);
        int third = recordOffsets(first).get(2);
        byte[] all = Files.readAllBytes(first);
        overwrite(first, third + 40, new byte[] {(byte) (all[third + 40] ^ 0x01)});

        try (Journal j = TestEvents.open(smallSegments(dir))) {
            assertThat(j.recovery()).isEqualTo(new Journal.RecoveryReport(0, 0, 100));
            List<JournalRecord> records = readAll(j, 1);
            assertThat(records).hasSize(99);
            assertThat(records)
                    .extracting(JournalRecord::position)
                    .doesNotContain(3L)
                    .contains(1L, 2L, 4L, 100L);
        }
    }

    @Test
    void garbageLengthInAnOlderSegmentSkipsTheRestOfThatSegment() throws Exception {
        try (Journal j = TestEvents.open(smallSegments(dir))) {
            j.submit(events(0, 100)).get(5, TimeUnit.SECONDS);
        }
        Path first = segmentFiles(dir).get(0);
        long firstOfSecond =
                Segment.firstPositionOf(segmentFiles(dir).get(1).getFileName().toString());
        int third = recordOffsets(first).get(2);
        overwrite(first, third, new byte[] {0x40, 0, 0, 0});

        try (Journal j = TestEvents.open(smallSegments(dir))) {
            List<JournalRecord> records = readAll(j, 1);

            assertThat(records.get(0).position()).isEqualTo(1);
            assertThat(records.get(1).position()).isEqualTo(2);
            assertThat(records.get(2).position()).isEqualTo(firstOfSecond);
            assertThat(records.get(records.size() - 1).position()).isEqualTo(100);
        }
    }

    @Test
    void anEmptyLastSegmentRecoversToThePreviousPosition() throws Exception {
        try (Journal j = TestEvents.open(smallSegments(dir))) {
            j.submit(events(0, 40)).get(5, TimeUnit.SECONDS);
        }
        List<Path> files = segmentFiles(dir);
        Path last = files.get(files.size() - 1);
        long first = Segment.firstPositionOf(last.getFileName().toString());
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }

        try (Journal j = TestEvents.open(smallSegments(dir))) {
            assertThat(j.lastPosition()).isEqualTo(first - 1);
            j.submit(events(500, 1)).get(5, TimeUnit.SECONDS);
            List<JournalRecord> all = readAll(j, 1);
            assertThat(all.get(all.size() - 1).position()).isEqualTo(first);
            assertThat(all.get(all.size() - 1).event().message()).isEqualTo("event 500");
        }
    }
}
