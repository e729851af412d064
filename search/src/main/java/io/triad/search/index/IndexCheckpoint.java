package io.triad.search.index;

import io.triad.durable.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@value #FILE} file of an index directory: {@code journal.position=<n>}, the journal position the last {@link
 * LogIndex#commit} covered, replaced durably through {@link DurableFiles}.
 *
 * <p>NOTE: stateless; the caller serializes writes.
 */
final class IndexCheckpoint {

    /** The file's name in the index directory. */
    static final String FILE = "checkpoint";

    private IndexCheckpoint() {}

    /** The position the checkpoint in {@code root} holds, 0 when there is none. */
    static long read(Path root) throws IOException {
        Path f = root.resolve(FILE);
        if (!Files.exists(f)) {
            return 0;
        }
        String text = Files.readString(f, StandardCharsets.UTF_8).trim();
        String prefix = LogIndex.POSITION_KEY + "=";
        if (!text.startsWith(prefix)) {
            throw new IOException("index checkpoint " + f + " must hold '" + prefix + "<n>'; got: " + text);
        }
        try {
            return Long.parseLong(text.substring(prefix.length()));
        } catch (NumberFormatException e) {
            throw new IOException("index checkpoint " + f + " must hold '" + prefix + "<n>'; got: " + text, e);
        }
    }

    /** Replaces the checkpoint in {@code root} with {@code position}. */
    static void write(Path root, long position) throws IOException {
        DurableFiles.writeString(root.resolve(FILE), LogIndex.POSITION_KEY + "=" + position + "\n");
    }
}
