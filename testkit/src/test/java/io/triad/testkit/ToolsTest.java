package io.triad.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ToolsTest {
    @TempDir
    Path dir;

    @Test
    void findsAnExecutableOnThePathInItsOrder() throws IOException {
        Path first = executable(dir.resolve("one"), "tool");
        executable(dir.resolve("two"), "tool");
        assertThat(Tools.find("tool", dir.resolve("one") + ":" + dir.resolve("two")))
                .contains(first);
        assertThat(Tools.find("tool", dir.resolve("two") + ":" + dir.resolve("one")))
                .contains(dir.resolve("two").resolve("tool"));
    }

    @Test
    void aFileThatIsNotExecutableIsNotATool() throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("bin/plain"), "data");
        assertThat(Tools.find("plain", dir.resolve("bin").toString())).isEmpty();
        assertThat(Tools.find("surely-not-a-program-here-4711", dir.toString())).isEmpty();
    }

    @Test
    void findsTheShellOnThisMachine() {
        assertThat(Tools.find("sh")).isPresent();
        assertThat(Tools.require("sh", "it is everywhere"))
                .isEqualTo(Tools.find("sh").orElseThrow());
        assertThat(Tools.find("/bin/sh")).contains(Path.of("/bin/sh"));
    }

    @Test
    void aMissingToolSkipsOrFailsAsTheBuildAsks() {
        String before = System.getProperty(Tools.REQUIRE_TOOLS);
        try {
            System.setProperty(Tools.REQUIRE_TOOLS, "false");
            assertThatThrownBy(() -> Tools.require("surely-not-a-program-here-4711", "apt-get install nothing"))
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("surely-not-a-program-here-4711 is not on PATH (apt-get install nothing");
            assertThatThrownBy(() -> Tools.requireThat(false, () -> "no network namespaces"))
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("no network namespaces");
            System.setProperty(Tools.REQUIRE_TOOLS, "true");
            assertThatThrownBy(() -> Tools.requireAll("apt-get install both", "sh", "surely-not-a-program-here-4711"))
                    .isInstanceOf(AssertionFailedError.class)
                    .hasMessageContaining("-Dtriad.requireTools=true")
                    .hasMessageContaining("surely-not-a-program-here-4711 not on PATH");
            Tools.requireThat(true, () -> "not asked");
        } finally {
            if (before == null) {
                System.clearProperty(Tools.REQUIRE_TOOLS);
            } else {
                System.setProperty(Tools.REQUIRE_TOOLS, before);
            }
        }
    }

    private static Path executable(Path directory, String name) throws IOException {
        Files.createDirectories(directory);
        Path p = directory.resolve(name);
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }
}
