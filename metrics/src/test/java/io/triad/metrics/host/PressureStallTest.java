package io.triad.metrics.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PressureStallTest {
    @Test
    void totalsOfSomeAndFullInSeconds() {
        assertThat(PressureStall.parse(List.of(
                        "some avg10=37.48 avg60=32.51 avg300=26.45 total=1303440988",
                        "full avg10=0.00 avg60=0.00 avg300=0.00 total=2500000")))
                .isEqualTo(Map.of("some", 1303.440988, "full", 2.5));
    }

    @Test
    void linesItDoesNotKnowAndBadTotalsAreSkipped() {
        assertThat(PressureStall.parse(List.of("garbage", "some total=x", "", "full avg10=1 total=1000000")))
                .isEqualTo(Map.of("full", 1.0));
    }

    @Test
    void aKernelWithoutPsiGivesNothing(@TempDir Path dir) throws Exception {
        assertThat(PressureStall.read(dir, "cpu")).isEmpty();
        Files.writeString(dir.resolve("io"), "some avg10=0.00 avg60=0.00 avg300=0.00 total=42\n");
        assertThat(PressureStall.read(dir, "io")).isEqualTo(Map.of("some", 42e-6));
    }
}
