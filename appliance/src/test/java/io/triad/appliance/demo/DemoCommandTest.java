package io.triad.appliance.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
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
}
