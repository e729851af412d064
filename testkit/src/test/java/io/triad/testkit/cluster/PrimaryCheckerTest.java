package io.triad.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrimaryCheckerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void oneOwnerPerEpochIsSafe() throws Exception {
        PrimaryChecker checker = new PrimaryChecker();
        checker.observe("site-a", view(3, "site-a", "primary", "site-a", "primary"));
        checker.observe("site-b", view(3, "site-a", "primary", "site-a", "primary"));
        checker.observe("site-b", view(4, "site-b", "primary", "site-b", "primary"));
        assertThat(checker.violations()).isEmpty();
        assertThat(checker.states()).containsEntry("site-a", 1L).containsEntry("site-b", 2L);
    }

    @Test
    void twoSitesNamedPrimaryInOneEpochIsAViolation() throws Exception {
        PrimaryChecker checker = new PrimaryChecker();
        checker.observe("site-a", view(5, "site-a", "primary", "site-a", "primary"));
        checker.observe("site-b", view(5, "site-b", "primary", "site-b", "primary"));
        assertThat(checker.violations()).singleElement().asString().contains("EAP has primaries site-a and site-b");
    }

    @Test
    void theWitnessRunningSomethingIsAViolation() throws Exception {
        PrimaryChecker checker = new PrimaryChecker();
        checker.observe("witness", view(2, "witness", "primary", "witness", "primary"));
        assertThat(checker.violations()).anySatisfy(v -> assertThat(v).contains("the witness is primary/primary"));
        checker.violation("found elsewhere");
        assertThat(checker.violations()).contains("found elsewhere");
    }

    @Test
    void overlappingPrimaryIntervalsInTheHooksAreAViolation() throws Exception {
        Path a = dir.resolve("a.log");
        Files.writeString(a, "100 promote site-a EAP primary 100 1\n300 demote site-a EAP standby 0 2\n");
        Path b = dir.resolve("b.log");
        Files.writeString(
                b, "200 promote site-b EAP primary 100 2\nnot a hook line\n400 stop site-b EAP stopped 0 2\n250 part");
        List<HookLine> aLines = HookLine.read(a);
        List<HookLine> bLines = HookLine.read(b);
        assertThat(bLines).hasSize(2);
        assertThat(HookLine.first(bLines, 0, "promote", "EAP", l -> true))
                .map(HookLine::nanos)
                .contains(200L);
        assertThat(HookLine.read(dir.resolve("missing.log"))).isEmpty();

        PrimaryChecker checker = new PrimaryChecker();
        checker.checkHooks(Map.of("site-a", aLines, "site-b", bLines), Map.of(), 1000);
        assertThat(checker.intervals()).isEqualTo(2);
        assertThat(checker.violations()).singleElement().asString().contains("overlaps");

        PrimaryChecker killed = new PrimaryChecker();
        killed.checkHooks(Map.of("site-a", aLines, "site-b", bLines), Map.of("site-a", List.of(150L)), 1000);
        assertThat(killed.violations())
                .as("site-a was killed before site-b's promotion")
                .isEmpty();
    }

    /** A cluster view with one active-standby component EAP placed as {@code role} on {@code placed}. */
    private static JsonNode view(long epoch, String placed, String role, String running, String applied)
            throws Exception {
        String placement = "{\"site\":\"%s\",\"role\":\"%s\",\"applied\":{\"role\":\"%s\",\"epoch\":%d}}";
        String other = placed.equals("site-a") ? "site-b" : "site-a";
        return JSON.readTree(String.format(
                Locale.ROOT,
                "{\"epoch\":%d,\"sites\":[{\"id\":\"site-a\",\"role\":\"data\"},"
                        + "{\"id\":\"site-b\",\"role\":\"data\"},{\"id\":\"witness\",\"role\":\"witness\"}],"
                        + "\"components\":[{\"name\":\"EAP\",\"mode\":\"active-standby\",\"placement\":[%s,%s]}]}",
                epoch,
                String.format(
                        Locale.ROOT, placement, placed, role, running.equals(placed) ? applied : "stopped", epoch),
                String.format(Locale.ROOT, placement, other, "standby", "standby", epoch)));
    }
}
