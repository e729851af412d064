package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.testkit.Tools;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private rsyslog instance receives messages over TCP and forwards them to Triad over TCP with RFC 6587 octet
 * counting in RFC 5424 format (its {@code RSYSLOG_SyslogProtocol23Format}); every message arrives exactly once.
 */
class RsyslogForwardIT {

    @TempDir
    Path dir;

    @Test
    void everyForwardedMessageIsSearchableExactlyOnce() throws Exception {
        Path rsyslogd = Tools.require("rsyslogd", "apt-get install rsyslog");
        try (RunningAppliance triad = RunningAppliance.start(dir.resolve("triad"))) {
            int inPort = freePort();
            Path work = Files.createDirectories(dir.resolve("rsyslog"));
            Path conf = work.resolve("rsyslog.conf");
            Files.writeString(
                    conf,
                    """
                    global(workDirectory="%s")
                    module(load="imtcp")
                    input(type="imtcp" address="127.0.0.1" port="%d")
                    action(type="omfwd" target="127.0.0.1" port="%d" protocol="tcp"
                           TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format"
                           action.resumeRetryCount="-1" queue.type="LinkedList")
                    """.replace("%s", work.toString())
                            .replaceFirst("%d", String.valueOf(inPort))
                            .replaceFirst("%d", String.valueOf(triad.port("syslog-tcp"))),
                    StandardCharsets.UTF_8);
            Process rsyslog = new ProcessBuilder(
                            rsyslogd.toString(),
                            "-n",
                            "-f",
                            conf.toString(),
                            "-i",
                            work.resolve("pid").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("rsyslogd.out").toFile())
                    .start();
            try {
                String marker = "rs" + UUID.randomUUID().toString().replace("-", "");
                int count = 2000;
                try (Socket s = connectWithRetry(inPort)) {
                    OutputStream out = s.getOutputStream();
                    StringBuilder batch = new StringBuilder();
                    // RFC 3164 time without a year or zone: rsyslog reads it in its local zone; now keeps it in range
                    String now = java.time.format.DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", java.util.Locale.ROOT)
                            .format(java.time.LocalDateTime.now(java.time.ZoneId.systemDefault()));
                    for (int i = 0; i < count; i++) {
                        batch.append("<134>")
                                .append(now)
                                .append(" gsm-node-2 geod[77]: position update ")
                                .append(i)
                                .append(' ')
                                .append(marker)
                                .append('\n');
                    }
                    out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                JsonNode result = triad.awaitHits(marker, count, Duration.ofSeconds(30));
                assertThat(result.path("total").asLong()).isEqualTo(count);
                JsonNode page = triad.search(marker, count);
                Set<String> seen = new HashSet<>();
                for (JsonNode hit : page.path("hits")) {
                    assertThat(hit.path("host").asText()).isEqualTo("gsm-node-2");
                    assertThat(hit.path("app").asText()).isEqualTo("geod");
                    assertThat(hit.path("severity").asInt()).isEqualTo(6);
                    assertThat(seen.add(hit.path("message").asText())).isTrue();
                }
                assertThat(seen).hasSize(count);
            } finally {
                rsyslog.destroy();
                rsyslog.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Socket connectWithRetry(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return new Socket("127.0.0.1", port);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
