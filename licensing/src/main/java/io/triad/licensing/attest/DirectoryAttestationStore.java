package io.triad.licensing.attest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.triad.durable.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Site reports as one JSON file per site ({@code <site>.json}) in a directory. Several appliances on one host (the
 * three sites of the demo) share reports by sharing the directory; a single site keeps its own. Files are replaced
 * atomically, so a reader never sees half a report; an unreadable file is skipped with a warning.
 *
 * <p>NOTE: thread safe.
 */
final class DirectoryAttestationStore implements AttestationStore {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryAttestationStore.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path directory;

    DirectoryAttestationStore(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    @Override
    public void publish(SiteReport report) {
        if (!report.site().matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("site id '" + report.site() + "' cannot name a file");
        }
        Path file = directory.resolve(report.site() + ".json");
        try {
            DurableFiles.writeCreatingDirectories(file, JSON.writeValueAsBytes(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the attestation report " + file, e);
        }
    }

    @Override
    public Map<String, SiteReport> reports() {
        Map<String, SiteReport> out = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.json")) {
            for (Path p : ds) {
                try {
                    SiteReport r = JSON.readValue(p.toFile(), SiteReport.class);
                    out.put(r.site(), r);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("skipping the unreadable attestation report {}: {}", p, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the attestation reports in " + directory, e);
        }
        return out;
    }
}
