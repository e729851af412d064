package io.triad.collector.journal;

import io.triad.durable.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The highest origin sequence per site that a journal holds, which is the whole state its idempotence needs: this
 * site's own last sequence and, per other site, the last event replicated from it; also the {@code sequence} file
 * that carries them across segment rolls and restarts (a line {@code site seq} per origin).
 *
 * <p>An append works on a batch: the other origins' sequences it takes are kept apart ({@link #addToBatch}) until
 * the append is placed ({@link #commitBatch}) or rejected ({@link #discardBatch}).
 *
 * <p>NOTE: not thread safe; guarded by the journal's append lock.
 */
final class OriginSequences {

    /** The name of the sequence file in the journal's directory. */
    static final String FILE = "sequence";

    private final String site;
    private long local;
    /** The highest origin sequence held of every other site's events. */
    private final Map<String, Long> others = new HashMap<>();
    /** The origins' highest sequences within the append in progress, merged into others when it succeeds. */
    private final Map<String, Long> inBatch = new HashMap<>();

    /** Starts from what recovery found: a sequence per origin, this site's own among them (or 0). */
    OriginSequences(String site, Map<String, Long> recovered) {
        this.site = site;
        Map<String, Long> seqs = new HashMap<>(recovered);
        Long own = seqs.remove(site);
        this.local = own == null ? 0L : own;
        this.others.putAll(seqs);
    }

    /** The site whose own events this journal numbers. */
    String site() {
        return site;
    }

    /** The last sequence this site's own events got. */
    long local() {
        return local;
    }

    /** The highest sequence held of {@code origin}'s events (this site's or another's), 0 when none. */
    long max(String origin) {
        return origin.equals(site) ? local : others.getOrDefault(origin, 0L);
    }

    /** Whether another site's event {@code seq} is held already, by the journal or earlier in the batch. */
    boolean holds(String origin, long seq) {
        Long batched = inBatch.get(origin);
        long held = batched != null ? batched : others.getOrDefault(origin, 0L);
        return seq <= held;
    }

    /** Takes another site's event {@code seq} into the append in progress. */
    void addToBatch(String origin, long seq) {
        inBatch.put(origin, seq);
    }

    /** Forgets the append in progress. */
    void discardBatch() {
        inBatch.clear();
    }

    /** Makes the append in progress held: this site's last sequence becomes {@code localSeq}. */
    void commitBatch(long localSeq) {
        local = localSeq;
        others.putAll(inBatch);
    }

    /** A copy of the other sites' sequences held before the append in progress. */
    Map<String, Long> othersBeforeBatch() {
        return new HashMap<>(others);
    }

    /**
     * Replaces the sequence file in {@code directory} (durably) with {@code seqs}, a line per site, sorted.
     *
     * @throws NoSuchFileException when the directory is gone: the journal fails rather than start afresh in a new
     *     one ({@link DurableFiles#writeString} never creates a directory)
     */
    static void write(Path directory, Map<String, Long> seqs) throws IOException {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(seqs)
                .forEach((origin, seq) ->
                        text.append(origin).append(' ').append(seq).append('\n'));
        DurableFiles.writeString(directory.resolve(FILE), text.toString());
    }

    /**
     * The sequence file: a line {@code site seq} per origin; a file of one bare number (written before replication
     * existed) holds {@code site}'s own sequence. Empty when there is no file.
     */
    static Map<String, Long> read(Path directory, String site) throws IOException {
        Path p = directory.resolve(FILE);
        if (!Files.exists(p)) {
            return Map.of();
        }
        String text = Files.readString(p, StandardCharsets.UTF_8).trim();
        Map<String, Long> seqs = new HashMap<>();
        try {
            if (text.isEmpty()) {
                return seqs;
            }
            if (text.indexOf(' ') < 0 && text.indexOf('\n') < 0) {
                seqs.put(site, Long.parseLong(text));
                return seqs;
            }
            for (String line : text.split("\n", -1)) {
                String[] parts = line.trim().split(" ", -1);
                if (parts.length != 2) {
                    throw new NumberFormatException("expected 'site sequence'; got: '" + line + "'");
                }
                seqs.put(parts[0], Long.parseLong(parts[1]));
            }
        } catch (NumberFormatException e) {
            throw new IOException(
                    "journal sequence file " + p + " must hold lines of 'site sequence'; got: '" + text + "' ("
                            + e.getMessage() + ")",
                    e);
        }
        return seqs;
    }
}
