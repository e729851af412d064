package io.triad.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * {@code triad config} prints the same keys and values as the configuration schema always did: the defaults and a
 * configuration that sets every key are compared with snapshots taken before the schema was split into sections.
 */
class TriadConfigSnapshotTest {
    /** The only default that depends on the machine: the cores, at most 4. */
    private static final String INDEX_THREADS = "indexThreads: ";

    @Test
    void theDefaultsPrintAsBefore() throws IOException {
        assertThat(normalize(TriadConfig.parse("").toYaml())).isEqualTo(resource("defaults.yaml"));
    }

    @Test
    void aConfigurationSettingEveryKeyPrintsAsBefore() throws IOException {
        TriadConfig c = TriadConfig.parse(resource("every-key.yaml")).validate();
        String printed = c.toYaml();
        write("every-key.printed.yaml", printed);
        assertThat(printed).isEqualTo(resource("every-key.printed.yaml"));
        assertThat(TriadConfig.parse(printed).toYaml()).isEqualTo(printed);
    }

    @Test
    void aConfigurationBadInEveryKeyNamesTheSameProblemsAsBefore() throws IOException {
        TriadConfig c = TriadConfig.parse(resource("bad-keys.yaml"));
        String message = "";
        try {
            c.validate();
        } catch (IllegalArgumentException e) {
            message = String.valueOf(e.getMessage());
        }
        assertThat(message).startsWith("invalid configuration: ");
        // one problem a line, sorted: the order in which the sections are checked may change, not what they say
        String problems = String.join(
                        "\n",
                        java.util.Arrays.stream(message.substring("invalid configuration: ".length())
                                        .split("; (?!got: )"))
                                .sorted()
                                .toList())
                + "\n";
        write("bad-keys.problems.txt", problems);
        assertThat(problems).isEqualTo(resource("bad-keys.problems.txt"));
    }

    private static String normalize(String yaml) throws IOException {
        String out = yaml.replaceAll("(?m)^(\\s*)" + INDEX_THREADS + "\\d+$", "$1" + INDEX_THREADS + "N");
        write("defaults.yaml", out);
        return out;
    }

    /** Keeps what was printed beside the test's classes, to compare by hand when a snapshot differs. */
    private static void write(String name, String text) throws IOException {
        Path dir = Path.of("target", "config-snapshots");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TriadConfigSnapshotTest.class.getResourceAsStream(name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
