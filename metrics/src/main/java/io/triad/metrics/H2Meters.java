package io.triad.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Meters of the appliance's H2 databases, one set per database tagged {@code db}: the size of its {@code .mv.db} file
 * ({@code triad_h2_file_bytes}) and, where the owner exposes its connection pool, the connections in use ({@code
 * triad_h2_pool_active_connections}).
 *
 * <p>NOTE: the gauges read the file size and the pool on every scrape and hold the path and the supplier strongly (the
 * caller keeps no reference to them); a database not created yet reads as 0 bytes. Registering again is idempotent.
 */
public final class H2Meters {
    private H2Meters() {}

    /**
     * One H2 database: the path of its file without the {@code .mv.db} suffix, as in the JDBC URL {@code
     * jdbc:h2:file:<path>}, and optionally the connections its pool has handed out.
     */
    public record Database(Path path, @Nullable IntSupplier activeConnections) {
        public Database {
            Objects.requireNonNull(path, "path");
        }

        /** A database whose pool is not visible: only its file is measured. */
        public static Database file(Path path) {
            return new Database(path, null);
        }

        /** The {@code .mv.db} file H2's MVStore keeps the database in. */
        public Path mvFile() {
            return path.resolveSibling(path.getFileName() + ".mv.db");
        }
    }

    /**
     * Registers the meters of every database of {@code databases} (keyed by the {@code db} tag's value) on {@code
     * registry}.
     *
     * @throws IllegalArgumentException when a name is blank
     */
    public static void bind(MeterRegistry registry, Map<String, Database> databases) {
        databases.forEach((name, db) -> {
            if (name.isBlank()) {
                throw new IllegalArgumentException("a database name must not be blank; got: '" + name + "'");
            }
            Path file = db.mvFile();
            Gauge.builder("triad.h2.file", file, H2Meters::sizeOf)
                    .description("Bytes of the H2 database file (.mv.db)")
                    .baseUnit("bytes")
                    .tag("db", name)
                    .strongReference(true)
                    .register(registry);
            IntSupplier active = db.activeConnections();
            if (active != null) {
                Gauge.builder("triad.h2.pool.active", active, IntSupplier::getAsInt)
                        .description("Connections of the H2 database's pool currently in use")
                        .baseUnit("connections")
                        .tag("db", name)
                        .strongReference(true)
                        .register(registry);
            }
        });
    }

    /** The size of a file: 0 when it does not exist (yet), NaN when it cannot be read. */
    static double sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
