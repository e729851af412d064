package io.triad.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The measured figures of one benchmark step as a properties file, so a later step (the final table) can read them.
 *
 * <p>NOTE: not thread safe.
 */
final class ResultFile {
    private final Map<String, String> values = new TreeMap<>();

    ResultFile put(String key, Object value) {
        values.put(key, String.valueOf(value));
        return this;
    }

    void write(Path file) throws IOException {
        Properties p = new Properties();
        p.putAll(values);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
    }

    /** Reads a result file; a missing file reads as empty (that step did not run). */
    static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return p;
    }
}
