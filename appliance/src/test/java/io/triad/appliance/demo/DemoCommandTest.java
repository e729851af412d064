package io.triad.appliance.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void classPathEntriesBecomeAbsoluteBecauseEachSiteRunsInItsOwnDirectory() {
        Path cwd = Path.of("").toAbsolutePath();
        String cp = String.join(File.pathSeparator, "lib/a.jar", "", "/opt/triad/b.jar", "lib/*", "target/../classes");

        String absolute = DemoCommand.absoluteClassPath(cp);

        assertThat(absolute.split(File.pathSeparator))
                .containsExactly(
                        cwd.resolve("lib/a.jar").toString(),
                        "/opt/triad/b.jar",
                        cwd.resolve("lib") + File.separator + "*",
                        cwd.resolve("classes").toString());
    }

    @Test
    void autoPortsAreFreeDistinctAndBelowTheEphemeralRange() throws Exception {
        List<ServerSocket> held = new ArrayList<>();
        Set<Integer> ports = new HashSet<>();
        try {
            for (int i = 0; i < 21; i++) {
                ports.add(DemoCommand.freePort(held));
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        assertThat(ports).hasSize(21);
        int ephemeral = DemoCommand.ephemeralStart();
        if (Files.exists(Path.of(DemoCommand.EPHEMERAL_RANGE))) {
            // Linux: the range is read (a one-byte read of the /proc file once gave 3)
            assertThat(ephemeral).isGreaterThan(1024);
        }
        if (ephemeral > 21_000) {
            assertThat(ports).allSatisfy(p -> assertThat(p).isBetween(20_000, ephemeral - 1));
        }
    }
}
