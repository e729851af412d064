package io.triad.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    @TempDir
    Path dir;

    @Test
    void helpListsTheCommands() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("--help")).isZero();
        assertThat(out.toString()).contains("start").contains("config");
    }

    @Test
    void anInvalidConfigurationFailsWithItsReason() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "web:\n  port: -1\n", StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("config", "--config", file.toString())).isNotZero();
        assertThat(err.toString()).contains("web.port must be within 0..65535");
    }

    @Test
    void dataOptionOverridesTheConfiguration() throws Exception {
        assertThat(Main.loadConfig(null, dir.resolve("d")).data)
                .isEqualTo(dir.resolve("d").toString());
    }
}
