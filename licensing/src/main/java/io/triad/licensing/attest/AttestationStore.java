package io.triad.licensing.attest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the sites share their {@link SiteReport}s: the replicated cluster state once failover coordination runs, a
 * local directory ({@link DirectoryAttestationStore}) until then. The store only carries reports; every reader checks
 * the evidence in them itself, so a store cannot make a site licensed.
 *
 * <p>NOTE: implementations are thread safe.
 */
public interface AttestationStore extends AutoCloseable {

    /**
     * Reports as one JSON file per site ({@code <site>.json}) in {@code directory} (made if missing), replaced
     * atomically; sites that share the directory share their reports.
     *
     * @throws IOException when the directory cannot be made
     */
    static AttestationStore directory(Path directory) throws IOException {
        return new DirectoryAttestationStore(directory);
    }

    /** Replaces this site's report. */
    void publish(SiteReport report);

    /** The latest report of every site this store knows, by site id. */
    Map<String, SiteReport> reports();

    @Override
    default void close() {}
}
