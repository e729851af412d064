package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.logbackgelf.GelfEncoder;
import de.siegmar.logbackgelf.GelfTcpAppender;
import de.siegmar.logbackgelf.GelfUdpAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * logback-gelf, a GELF client library nobody here wrote, sends over UDP (with messages large enough to be chunked
 * and compressed) and over TCP; every message is searchable with its host and additional fields.
 */
class GelfClientIT {
    @TempDir
    Path dir;

    @Test
    void udpChunkedAndTcpMessagesArrive() throws Exception {
        try (RunningAppliance triad = RunningAppliance.start(dir)) {
            String marker = "gelf" + UUID.randomUUID().toString().replace("-", "");
            LoggerContext ctx = new LoggerContext();
            ctx.start();
            try {
                GelfUdpAppender udp = new GelfUdpAppender();
                udp.setContext(ctx);
                udp.setName("gelf-udp");
                udp.setGraylogHost("127.0.0.1");
                udp.setGraylogPort(triad.port("gelf-udp"));
                udp.setMaxChunkSize(508);
                udp.setCompressionMethod(de.siegmar.logbackgelf.CompressionMethod.GZIP);
                udp.setEncoder(encoder(ctx, "msm-node-1"));
                udp.start();

                GelfTcpAppender tcp = new GelfTcpAppender();
                tcp.setContext(ctx);
                tcp.setName("gelf-tcp");
                tcp.setGraylogHost("127.0.0.1");
                tcp.setGraylogPort(triad.port("gelf-tcp"));
                tcp.setEncoder(encoder(ctx, "msm-node-2"));
                tcp.start();

                log(ctx, udp, "udp", marker, 50, 3000);
                log(ctx, tcp, "tcp", marker, 50, 100);
                udp.stop();
                tcp.stop();
            } finally {
                ctx.stop();
            }
            JsonNode udpHits = triad.awaitHits("udp AND " + marker, 50, Duration.ofSeconds(15));
            for (JsonNode hit : udpHits.path("hits")) {
                assertThat(hit.path("host").asText()).isEqualTo("msm-node-1");
                assertThat(hit.path("message").asText()).startsWith("udp ").hasSizeGreaterThan(3000);
                assertThat(hit.path("fields").path("logger_name").asText()).isEqualTo("media.storage");
            }
            JsonNode tcpHits = triad.awaitHits("tcp AND " + marker, 50, Duration.ofSeconds(15));
            for (JsonNode hit : tcpHits.path("hits")) {
                assertThat(hit.path("host").asText()).isEqualTo("msm-node-2");
                assertThat(hit.path("severity").asInt()).isEqualTo(4);
            }
            assertThat(triad.search(marker, 1).path("total").asLong()).isEqualTo(100);
        }
    }

    private static GelfEncoder encoder(LoggerContext ctx, String host) {
        GelfEncoder e = new GelfEncoder();
        e.setContext(ctx);
        e.setOriginHost(host);
        e.setIncludeLevelName(true);
        e.addStaticField("component:MSM");
        e.start();
        return e;
    }

    private static void log(
            LoggerContext ctx, Appender<ILoggingEvent> appender, String kind, String marker, int count, int size) {
        ch.qos.logback.classic.Logger logger = ctx.getLogger("media.storage");
        logger.setAdditive(false);
        logger.detachAndStopAllAppenders();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
        // random hex does not compress much, so the UDP messages stay larger than one chunk after gzip
        java.util.Random random = new java.util.Random(size);
        StringBuilder pad = new StringBuilder(size);
        while (pad.length() < size) {
            pad.append(Long.toHexString(random.nextLong()));
        }
        String padding = pad.toString();
        for (int i = 0; i < count; i++) {
            logger.warn("{} {} recording {} stored {}", kind, i, marker, padding);
        }
    }
}
