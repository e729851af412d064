package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.collector.model.LogEvent;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GelfInputsIT {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT)
            .build();

    @TempDir
    Path dir;

    private RunningInputs running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    private static String gelf(String host, String message) {
        return "{\"version\":\"1.1\",\"host\":\"" + host + "\",\"short_message\":\"" + message
                + "\",\"level\":3,\"_component\":\"EEP\"}";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** GELF 1.1 chunks: magic 0x1e 0x0f, 8-byte id, sequence number, sequence count, payload part. */
    static List<byte[]> chunks(byte[] payload, long id, int chunkPayload) {
        int count = (payload.length + chunkPayload - 1) / chunkPayload;
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] part =
                    Arrays.copyOfRange(payload, i * chunkPayload, Math.min(payload.length, (i + 1) * chunkPayload));
            ByteBuffer b = ByteBuffer.allocate(12 + part.length);
            b.put((byte) 0x1e)
                    .put((byte) 0x0f)
                    .putLong(id)
                    .put((byte) i)
                    .put((byte) count)
                    .put(part);
            out.add(b.array());
        }
        return out;
    }

    @Test
    void reassemblesChunkedUdpMessagesArrivingOutOfOrder() throws Exception {
        running = new RunningInputs(dir, c -> c.withEnabled(Set.of(InputsConfig.GELF_UDP)));
        String longText = "y".repeat(3000);
        byte[] payload = ContentDecodingTest.gzip(utf8(gelf("db01", longText)));
        List<byte[]> parts = new ArrayList<>(chunks(utf8(gelf("db01", longText)), 42L, 500));
        java.util.Collections.reverse(parts);
        try (DatagramSocket socket = new DatagramSocket()) {
            InetAddress lo = InetAddress.getLoopbackAddress();
            int port = running.port(InputsConfig.GELF_UDP);
            for (byte[] p : parts) {
                socket.send(new DatagramPacket(p, p.length, lo, port));
            }
            socket.send(new DatagramPacket(payload, payload.length, lo, port));
            byte[] bad = utf8("{\"short_message\":\"no host\"}");
            socket.send(new DatagramPacket(bad, bad.length, lo, port));
        }
        List<LogEvent> events = running.sink.awaitEvents(2, WAIT);
        assertThat(events).hasSize(2).allSatisfy(e -> {
            assertThat(e.message()).isEqualTo(longText);
            assertThat(e.host()).isEqualTo("db01");
            assertThat(e.component()).isEqualTo("EEP");
            assertThat(e.input()).isEqualTo("gelf-udp");
        });
        RunningInputs.awaitValue("codec errors", () -> running.errors("gelf-udp", "codec"), 1.0);
    }

    @Test
    void splitsTcpMessagesOnNulAndSkipsABadOne() throws Exception {
        running = new RunningInputs(
                dir,
                c -> c.withEnabled(Set.of(InputsConfig.GELF_TCP))
                        .withLimits(c.limits().withMaxGelfMessageBytes(2048)));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), running.port(InputsConfig.GELF_TCP))) {
            OutputStream out = s.getOutputStream();
            out.write(utf8(gelf("a", "one") + "\0"));
            out.write(utf8("[\"not an object\"]\0"));
            out.write(utf8(gelf("a", "z".repeat(4000)) + "\0"));
            out.write(utf8(gelf("a", "two") + "\0"));
            out.flush();
            List<LogEvent> events = running.sink.awaitEvents(2, WAIT);
            assertThat(events).extracting(LogEvent::message).containsExactly("one", "two");
        }
        assertThat(running.errors("gelf-tcp", "codec")).isEqualTo(1.0);
        assertThat(running.errors("gelf-tcp", "frame_too_long")).isEqualTo(1.0);
    }

    @Test
    void acceptsAGzippedHttpBulkWith202() throws Exception {
        running = new RunningInputs(dir, c -> c.withEnabled(Set.of(InputsConfig.GELF_HTTP)));
        byte[] body = ContentDecodingTest.gzip(utf8(gelf("h", "one") + "\n" + gelf("h", "two") + "\nnot json\n"));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port(InputsConfig.GELF_HTTP) + "/gelf"))
                        .header("Content-Encoding", "gzip")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(running.sink.events()).extracting(LogEvent::message).containsExactly("one", "two");
        assertThat(running.errors("gelf-http", "codec")).isEqualTo(1.0);
    }

    @Test
    void acceptsOnePrettyPrintedHttpMessage() throws Exception {
        running = new RunningInputs(dir, c -> c.withEnabled(Set.of(InputsConfig.GELF_HTTP)));
        String pretty = "{\n  \"host\": \"h\",\n  \"short_message\": \"pretty\"\n}\n";
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port(InputsConfig.GELF_HTTP) + "/gelf"))
                        .POST(HttpRequest.BodyPublishers.ofString(pretty))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(running.sink.events()).extracting(LogEvent::message).containsExactly("pretty");
    }

    @Test
    void answers400WhenNoHttpMessageIsValid() throws Exception {
        running = new RunningInputs(dir, c -> c.withEnabled(Set.of(InputsConfig.GELF_HTTP)));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.port(InputsConfig.GELF_HTTP) + "/gelf"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"host\":\"h\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .contains("1 of 1 GELF messages were rejected")
                .contains("short_message");
        assertThat(running.sink.batchSizes()).isEmpty();
    }
}
