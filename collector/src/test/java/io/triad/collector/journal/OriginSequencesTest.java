package io.triad.collector.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OriginSequencesTest {

    @TempDir
    Path dir;

    @Test
    void theSequenceFileHoldsALinePerSiteSortedAndReadsBack() throws IOException {
        OriginSequences.write(dir, Map.of("site-b", 7L, "site-a", 42L));
        assertThat(Files.readString(dir.resolve(OriginSequences.FILE), StandardCharsets.UTF_8))
                .isEqualTo("site-a 42\nsite-b 7\n");
        assertThat(OriginSequences.read(dir, "site-a"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("site-a", 42L, "site-b", 7L));
    }

    @Test
    void aBareNumberFromBeforeReplicationIsThisSitesOwnSequence() throws IOException {
        Files.writeString(dir.resolve(OriginSequences.FILE), "12\n", StandardCharsets.UTF_8);
        assertThat(OriginSequences.read(dir, "site-a")).containsExactlyEntriesOf(Map.of("site-a", 12L));
    }

    @Test
    void noFileIsNoSequenceAndAMalformedFileNamesWhatItExpected() throws IOException {
        assertThat(OriginSequences.read(dir, "site-a")).isEmpty();
        Files.writeString(dir.resolve(OriginSequences.FILE), "site-a 1\nsite-b\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OriginSequences.read(dir, "site-a"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("must hold lines of 'site sequence'")
                .hasMessageContaining("got: 'site-b'");
    }

    @Test
    void writingIntoAVanishedDirectoryFailsInsteadOfCreatingIt() throws IOException {
        Path gone = dir.resolve("journal");
        assertThatThrownBy(() -> OriginSequences.write(gone, Map.of("site-a", 1L)))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(gone).doesNotExist();
    }

    @Test
    void anAppendsOtherOriginsAreHeldOnlyOnceTheBatchIsCommitted() {
        OriginSequences seqs = new OriginSequences("site-a", Map.of("site-a", 5L, "site-b", 3L));
        assertThat(seqs.local()).isEqualTo(5);
        assertThat(seqs.max("site-b")).isEqualTo(3);
        assertThat(seqs.holds("site-b", 3)).isTrue();
        assertThat(seqs.holds("site-b", 4)).isFalse();

        seqs.addToBatch("site-b", 4);
        assertThat(seqs.holds("site-b", 4)).as("held earlier in the batch").isTrue();
        assertThat(seqs.max("site-b")).as("not yet held by the journal").isEqualTo(3);
        seqs.discardBatch();
        assertThat(seqs.holds("site-b", 4)).isFalse();

        seqs.addToBatch("site-b", 4);
        seqs.commitBatch(6);
        assertThat(seqs.max("site-b")).isEqualTo(4);
        assertThat(seqs.max("site-a")).isEqualTo(6);
        assertThat(seqs.othersBeforeBatch()).containsExactlyEntriesOf(Map.of("site-b", 4L));
    }
}
