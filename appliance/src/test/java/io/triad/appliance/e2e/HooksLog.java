package io.triad.appliance.e2e;

import io.triad.appliance.config.ComponentSection;
import io.triad.appliance.config.HealthSection;
import io.triad.appliance.config.HooksSection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A file that the hooks of a test's components append a line to each time they run (real shell commands, run by the
 * agents of the appliances under test), and the lines it holds.
 *
 * <p>NOTE: immutable; the file is written by the hooks' shells, read by {@link #lines}.
 */
final class HooksLog {
    final Path file;

    HooksLog(Path file) {
        this.file = file;
    }

    /** A shell command that appends {@code fields} as a line; in double quotes, so {@code $TRIAD_*} expand. */
    String append(String fields) {
        return "echo \"" + fields + "\" >> '" + file + "'";
    }

    /**
     * A component without a health check (the caller may set one: every 200 ms, one result to rise or fall) whose
     * start, stop, promote, demote and set-weight hooks append {@code fields}, each within 10 s.
     */
    ComponentSection component(String name, String mode, String fields) {
        String hook = append(fields);
        return new ComponentSection(
                name,
                mode,
                "",
                new HealthSection("none", "", 200, 150, 1, 1),
                new HooksSection(hook, hook, hook, hook, hook, "", 10));
    }

    /** The lines written so far (none before the first hook ran). */
    List<String> lines() {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
