package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.testkit.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * util-linux {@code logger}, a syslog client nobody here wrote, sends RFC 5424 and RFC 3164 messages over UDP,
 * TCP with LF framing and TCP with RFC 6587 octet counting; each one is searchable with the right fields.
 */
class LoggerIT {
    @TempDir
    static Path dir;

    static RunningAppliance triad;
    static Path logger = Path.of("logger");

    @BeforeAll
    static void start() throws Exception {
        logger = Tools.require("logger", "apt-get install bsdutils (util-linux's logger)");
        triad = RunningAppliance.start(dir);
    }

    @AfterAll
    static void stop() {
        if (triad != null) {
            triad.close();
        }
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({
        "--rfc5424, -d, ''",
        "--rfc5424, -T, ''",
        "--rfc5424, -T, --octet-count",
        "--rfc3164, -d, ''",
        "--rfc3164, -T, ''",
        "--rfc3164, -T, --octet-count",
    })
    void everyMessageArrivesWithItsHostAppAndSeverity(String format, String transport, String framing)
            throws Exception {
        String marker = "mk" + UUID.randomUUID().toString().replace("-", "");
        int count = 20;
        for (int i = 0; i < count; i++) {
            List<String> cmd = new ArrayList<>(List.of(
                    logger.toString(),
                    "-n",
                    "127.0.0.1",
                    "-P",
                    String.valueOf(triad.port(transport.equals("-d") ? "syslog-udp" : "syslog-tcp")),
                    transport,
                    format,
                    "-t",
                    "doorctl",
                    "-p",
                    "local3.err",
                    "--id=4242"));
            if (!framing.isEmpty()) {
                cmd.add(framing);
            }
            cmd.add("door " + i + " forced open " + marker);
            run(cmd);
        }
        JsonNode result = triad.awaitHits(marker, count, Duration.ofSeconds(15));
        assertThat(result.path("total").asLong()).isEqualTo(count);
        List<String> messages = new ArrayList<>();
        for (JsonNode hit : result.path("hits")) {
            assertThat(hit.path("app").asText()).isEqualTo("doorctl");
            assertThat(hit.path("procId").asText()).isEqualTo("4242");
            assertThat(hit.path("severity").asInt()).isEqualTo(3);
            assertThat(hit.path("facility").asInt()).isEqualTo(19);
            assertThat(hit.path("host").asText()).isNotEmpty();
            messages.add(hit.path("message").asText());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add("door " + i + " forced open " + marker);
        }
        assertThat(messages).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("logger output: %s", out).isZero();
    }
}
