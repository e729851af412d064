package io.triad.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SectionDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void aRecordSectionTakesTheDefaultOfEveryKeyTheYamlLeavesOut() throws IOException {
        TriadConfig c = TriadConfig.parse("""
                journal: {segmentMiB: 64}
                correlation:
                  maxValueChars: 10
                  extractors: [{name: call_id, pattern: "CALL-\\\\d+"}]
                alerts:
                  webhooks: [{url: "http://127.0.0.1:9/hook"}]
                """);
        assertThat(c.journal).isEqualTo(new JournalSection(64, 5, 1024 * 1024, 20 * 1024, 7, 2_000_000));
        assertThat(c.correlation.fields()).isEqualTo(new CorrelationSection().fields());
        assertThat(c.correlation.extractors()).containsExactly(new ExtractorSection("call_id", "CALL-\\d+", 0));
        assertThat(c.correlation.maxValueChars()).isEqualTo(10);
        assertThat(c.alerts.webhooks)
                .containsExactly(new WebhookSection("", "http://127.0.0.1:9/hook", 5, 3, 500, 100, ""));
    }

    @Test
    void aKeyThatIsPresentIsTakenAsWrittenEvenWhenEmpty() throws IOException {
        TriadConfig c = TriadConfig.parse("correlation: {fields: []}\n");
        assertThat(c.correlation.fields()).isEmpty();
        assertThat(c.correlation.extractors()).hasSize(3);
    }

    @Test
    void anUnknownKeyOfARecordSectionIsAnErrorNamingIt() throws IOException {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "journal:\n  segmentMib: 64\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TriadConfig.load(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown key 'segmentMib'")
                .hasMessageContaining("segmentMiB");
    }
}
