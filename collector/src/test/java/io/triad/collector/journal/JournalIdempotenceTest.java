package io.triad.collector.journal;

import static io.triad.collector.journal.TestEvents.event;
import static io.triad.collector.journal.TestEvents.open;
import static io.triad.collector.journal.TestEvents.readAll;
import static io.triad.collector.journal.TestEvents.segmentFiles;
import static io.triad.collector.journal.TestEvents.smallSegments;
import static org.assertj.core.api.Assertions.assertThat;

import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events replicated from the peer keep their identity, and applying one twice is a no-op, across restarts too. */
class JournalIdempotenceTest {

    @TempDir
    Path dir;

    /** Events of {@code site-b} with sequences {@code from..from+count-1}. */
    private static List<LogEvent> peerEvents(long from, int count) {
        List<LogEvent> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(event((int) (from + i)).withId(new EventId("site-b", from + i)));
        }
        return out;
    }

    @Test
    void aReplicatedEventKeepsItsIdentityAndASecondCopyIsSkipped() throws Exception {
        try (Journal j = open(smallSegments(dir))) {
            j.submit(List.of(event(1), event(2))).get(5, TimeUnit.SECONDS);
            j.submit(peerEvents(1, 3)).get(5, TimeUnit.SECONDS);
            j.submit(peerEvents(2, 4)).get(5, TimeUnit.SECONDS); // 2..3 again, then 4..5
            j.submit(List.of(event(3))).get(5, TimeUnit.SECONDS);

            List<String> ids =
                    readAll(j, 1).stream().map(r -> r.event().id().toString()).toList();
            assertThat(ids)
                    .containsExactly(
                            "site-a:1",
                            "site-a:2",
                            "site-b:1",
                            "site-b:2",
                            "site-b:3",
                            "site-b:4",
                            "site-b:5",
                            "site-a:3");
            assertThat(j.maxSeq("site-b")).isEqualTo(5);
            assertThat(j.maxSeq("site-a")).isEqualTo(3);
            assertThat(j.maxSeq("site-c")).isZero();
        }
    }

    @Test
    void appendCompletesWithTheHighestLocalSequence() throws Exception {
        try (Journal j = open(smallSegments(dir))) {
            assertThat(j.append(List.of(event(1), event(2))).get(5, TimeUnit.SECONDS))
                    .isEqualTo(2);
            assertThat(j.append(peerEvents(1, 2)).get(5, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(j.append(List.of(event(3))).get(5, TimeUnit.SECONDS)).isEqualTo(3);
            // nothing new at all: completes at once with the current sequence
            assertThat(j.append(peerEvents(1, 2)).get(5, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(j.lastPosition()).isEqualTo(5);
        }
    }

    @Test
    void thePeersHighestSequenceSurvivesARestartEvenWhenTheNewestSegmentHoldsNoneOfItsEvents() throws Exception {
        JournalConfig config = smallSegments(dir);
        try (Journal j = open(config)) {
            j.submit(peerEvents(1, 10)).get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 200; i++) { // about 40 KiB of local events: the peer's are in old segments only
                j.submit(List.of(event(i))).get(5, TimeUnit.SECONDS);
            }
        }
        assertThat(segmentFiles(dir).size()).isGreaterThan(3);
        try (Journal j = open(config)) {
            assertThat(j.maxSeq("site-b")).isEqualTo(10);
            assertThat(j.maxSeq("site-a")).isEqualTo(200);
            long before = j.lastPosition();
            j.submit(peerEvents(5, 8)).get(5, TimeUnit.SECONDS); // 5..10 held, 11..12 new
            assertThat(j.lastPosition()).isEqualTo(before + 2);
            assertThat(j.maxSeq("site-b")).isEqualTo(12);
        }
    }

    @Test
    void aJournalKeepsItsIdAcrossRestartsAndANewOneGetsAnother() throws Exception {
        String id;
        try (Journal j = open(smallSegments(dir.resolve("a")))) {
            id = j.id();
        }
        try (Journal j = open(smallSegments(dir.resolve("a")))) {
            assertThat(j.id()).isEqualTo(id);
        }
        try (Journal j = open(smallSegments(dir.resolve("b")))) {
            assertThat(j.id()).isNotEqualTo(id).isNotBlank();
        }
    }

    @Test
    void aSequenceFileOfOneNumberFromBeforeReplicationIsThisSitesSequence() throws Exception {
        JournalConfig config = smallSegments(dir);
        try (Journal j = open(config)) {
            for (int i = 0; i < 100; i++) {
                j.submit(List.of(event(i))).get(5, TimeUnit.SECONDS);
            }
        }
        Files.writeString(dir.resolve("sequence"), "5000");
        try (Journal j = open(config)) {
            assertThat(j.maxSeq("site-a")).isEqualTo(5000);
        }
    }
}
