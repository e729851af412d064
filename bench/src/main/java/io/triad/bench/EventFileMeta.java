package io.triad.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What {@link EventFileGenerator} wrote: the event count, the file's size and the time span of its timestamps. Kept
 * beside the event file as {@code <file>.meta} (a properties file) so later runs can reuse the file and query its
 * time range.
 *
 * @param events lines in the file (one event each)
 * @param bytes size of the file, line feeds included
 * @param firstMillis the earliest timestamp, epoch milliseconds
 * @param lastMillis the latest timestamp, epoch milliseconds
 * @param seed the random seed of the content
 */
record EventFileMeta(long events, long bytes, long firstMillis, long lastMillis, long seed) {

    static Path pathFor(Path eventFile) {
        return eventFile.resolveSibling(eventFile.getFileName() + ".meta");
    }

    void write(Path eventFile) throws IOException {
        Properties p = new Properties();
        p.setProperty("events", Long.toString(events));
        p.setProperty("bytes", Long.toString(bytes));
        p.setProperty("firstMillis", Long.toString(firstMillis));
        p.setProperty("lastMillis", Long.toString(lastMillis));
        p.setProperty("seed", Long.toString(seed));
        try (Writer w = Files.newBufferedWriter(pathFor(eventFile), StandardCharsets.UTF_8)) {
            p.store(w, "written by EventFileGenerator");
        }
    }

    /**
     * Reads the meta file of {@code eventFile}.
     *
     * @throws IOException when it is missing or a key is absent
     */
    static EventFileMeta read(Path eventFile) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(pathFor(eventFile), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return new EventFileMeta(
                number(p, "events"),
                number(p, "bytes"),
                number(p, "firstMillis"),
                number(p, "lastMillis"),
                number(p, "seed"));
    }

    private static long number(Properties p, String key) throws IOException {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IOException("meta file lacks key '" + key + "'; has: " + p.stringPropertyNames());
        }
        return Long.parseLong(v.trim());
    }
}
