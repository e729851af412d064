package io.triad.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real programs that integration tests drive (Chromium, rsyslog, promtool, logger, ip, ...), found on {@code
 * PATH} (and in {@code /usr/sbin} and {@code /sbin}, which a non-root {@code PATH} often lacks).
 *
 * <p>A test whose tool is missing is skipped through a JUnit assumption, with the reason, so that a developer's
 * machine without the tools still runs the rest. With {@code -Dtriad.requireTools=true} (which {@code .ci/run} sets)
 * the same call fails the test instead: CI runs every test or fails, never goes green by skipping. The build prints
 * every skipped test class with its reason at the end ({@code bin/skipped-tests.sh}).
 */
public final class Tools {
    /** The system property that turns a missing tool from a skip into a failure. */
    public static final String REQUIRE_TOOLS = "triad.requireTools";

    private static final List<Path> EXTRA = List.of(Path.of("/usr/local/sbin"), Path.of("/usr/sbin"), Path.of("/sbin"));

    private Tools() {}

    /** Where {@code program} is: the first executable of that name on {@code PATH}, then the system's sbin folders. */
    public static Optional<Path> find(String program) {
        return find(program, System.getenv("PATH"));
    }

    static Optional<Path> find(String program, String path) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        Set<Path> dirs = new LinkedHashSet<>();
        if (path != null) {
            for (String d : path.split(File.pathSeparator, -1)) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.addAll(EXTRA);
        for (Path d : dirs) {
            Path p = d.resolve(program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The path of {@code program}; when it is missing the calling test is skipped (or fails with {@code
     * -Dtriad.requireTools=true}).
     *
     * @param install how to get it, e.g. {@code "apt-get install prometheus"}
     */
    public static Path require(String program, String install) {
        Optional<Path> p = find(program);
        if (p.isEmpty()) {
            missing(program + " is not on PATH (" + install + "; .ci/run installs it)");
        }
        return p.orElseThrow();
    }

    /** Every one of {@code programs}, as {@link #require} finds them, reported together when some are missing. */
    public static List<Path> requireAll(String install, String... programs) {
        List<String> absent = new ArrayList<>();
        List<Path> found = new ArrayList<>();
        for (String program : programs) {
            find(program).ifPresentOrElse(found::add, () -> absent.add(program));
        }
        if (!absent.isEmpty()) {
            missing(String.join(", ", absent) + " not on PATH (" + install + "; .ci/run installs them)");
        }
        return found;
    }

    /**
     * Goes on when {@code available}; otherwise skips the calling test (or fails it with {@code
     * -Dtriad.requireTools=true}) for {@code why}: for what a machine must offer besides a program (root, network
     * namespaces, a tmpfs mount).
     */
    public static void requireThat(boolean available, Supplier<String> why) {
        if (!available) {
            missing(why.get());
        }
    }

    /** Whether missing tools fail tests here ({@code -Dtriad.requireTools=true}). */
    public static boolean required() {
        return Boolean.getBoolean(REQUIRE_TOOLS);
    }

    private static void missing(String reason) {
        if (required()) {
            Assertions.fail("a tool this test needs is missing and -D" + REQUIRE_TOOLS + "=true: " + reason);
        }
        Assumptions.abort("tool missing: " + reason);
    }
}
