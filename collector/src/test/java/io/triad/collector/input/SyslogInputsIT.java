package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.collector.model.LogEvent;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogInputsIT {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String MSG1 = "<34>1 2026-11-22T10:00:00.000Z web01 su 4711 ID47 - first message";
    private static final String MSG2 = "<165>1 2026-11-22T10:00:01.000Z web01 app - - [ex@32473 k=\"v\"] second";

    @TempDir
    Path dir;

    private RunningInputs running;

    private RunningInputs start(UnaryOperator<InputsConfig> configure) throws Exception {
        running = new RunningInputs(dir, configure);
        return running;
    }

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String octetCounted(String msg) {
        return ascii(msg).length + " " + msg;
    }

    @Test
    void receivesOneMessagePerUdpDatagram() throws Exception {
        RunningInputs r = start(c -> c.withEnabled(Set.of(InputsConfig.SYSLOG_UDP)));
        try (DatagramSocket socket = new DatagramSocket()) {
            for (String m : List.of(MSG1, MSG2)) {
                byte[] b = ascii(m);
                socket.send(new DatagramPacket(
                        b, b.length, InetAddress.getLoopbackAddress(), r.port(InputsConfig.SYSLOG_UDP)));
            }
            List<LogEvent> events = r.sink.awaitEvents(2, WAIT);
            LogEvent first = events.stream()
                    .filter(e -> e.message().equals("first message"))
                    .findFirst()
                    .orElseThrow();
            assertThat(first.input()).isEqualTo("syslog-udp");
            assertThat(first.site()).isEqualTo("site-a");
            assertThat(first.host()).isEqualTo("web01");
            assertThat(first.app()).isEqualTo("su");
            assertThat(first.source()).isEqualTo("127.0.0.1:" + socket.getLocalPort());
        }
        assertThat(r.counter("triad.input.events", "syslog-udp")).isEqualTo(2.0);
    }

    @Test
    void dropsAndCountsUdpMessagesWhileTheSinkIsNotAccepting() throws Exception {
        RunningInputs r = start(c -> c.withEnabled(Set.of(InputsConfig.SYSLOG_UDP)));
        r.sink.accepting(false);
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] b = ascii(MSG1);
            socket.send(
                    new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), r.port(InputsConfig.SYSLOG_UDP)));
        }
        RunningInputs.awaitValue("dropped", () -> r.counter("triad.input.dropped", "syslog-udp"), 1.0);
        assertThat(r.sink.events()).isEmpty();
    }

    @Test
    void receivesOctetCountedAndLineFramedMessagesOnOneTcpConnection() throws Exception {
        RunningInputs r = start(c -> c.withEnabled(Set.of(InputsConfig.SYSLOG_TCP)));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), r.port(InputsConfig.SYSLOG_TCP))) {
            OutputStream out = s.getOutputStream();
            out.write(ascii(octetCounted(MSG1)));
            out.write(ascii(MSG2 + "\n"));
            out.write(ascii("not syslog at all\n"));
            out.flush();
            List<LogEvent> events = r.sink.awaitEvents(3, WAIT);
            assertThat(events)
                    .extracting(LogEvent::message)
                    .containsExactly("first message", "second", "not syslog at all");
            assertThat(events.get(1).fields()).containsEntry("ex@32473.k", "v");
            assertThat(events.get(2).failedToParse()).isTrue();
        }
        assertThat(r.errors("syslog-tcp", "parse")).isEqualTo(1.0);
    }

    @Test
    void countsAnOverLongFrameAndKeepsTheConnectionsOtherMessages() throws Exception {
        RunningInputs r = start(c -> c.withEnabled(Set.of(InputsConfig.SYSLOG_TCP))
                .withLimits(c.limits().withMaxSyslogFrameBytes(1024)));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), r.port(InputsConfig.SYSLOG_TCP))) {
            OutputStream out = s.getOutputStream();
            out.write(ascii(MSG1 + "\n"));
            out.write(ascii("<13>" + "x".repeat(5000) + "\n"));
            out.write(ascii(octetCounted(MSG2)));
            out.flush();
            List<LogEvent> events = r.sink.awaitEvents(2, WAIT);
            assertThat(events).extracting(LogEvent::message).containsExactly("first message", "second");
        }
        assertThat(r.errors("syslog-tcp", "frame_too_long")).isEqualTo(1.0);
    }

    @Test
    void receivesOverTlsWithTheGeneratedCertificate() throws Exception {
        RunningInputs r = start(c -> c.withEnabled(Set.of(InputsConfig.SYSLOG_TLS)));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("triad", r.inputs.tlsCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket s =
                (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", r.port(InputsConfig.SYSLOG_TLS))) {
            s.startHandshake();
            OutputStream out = s.getOutputStream();
            out.write(ascii(octetCounted(MSG1) + octetCounted(MSG2)));
            out.flush();
            List<LogEvent> events = r.sink.awaitEvents(2, WAIT);
            assertThat(events).extracting(LogEvent::message).containsExactly("first message", "second");
            assertThat(events).allSatisfy(e -> assertThat(e.input()).isEqualTo("syslog-tls"));
        }
        // The certificate was saved, so a restart presents the same one.
        java.security.cert.X509Certificate first = r.inputs.tlsCertificate();
        r.close();
        running = start(c -> c.withEnabled(Set.of(InputsConfig.SYSLOG_TLS)));
        assertThat(running.inputs.tlsCertificate()).isEqualTo(first);
    }

    @Test
    void countsAFailedTlsHandshakeAndClosesOnlyThatConnection() throws Exception {
        RunningInputs r = start(c -> c.withEnabled(Set.of(InputsConfig.SYSLOG_TLS)));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), r.port(InputsConfig.SYSLOG_TLS))) {
            s.getOutputStream().write(ascii(octetCounted(MSG1)));
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // drain the TLS alert until the server closes
            }
        }
        RunningInputs.awaitValue("tls errors", () -> r.errors("syslog-tls", "tls"), 1.0);
        assertThat(r.sink.events()).isEmpty();
    }

    @Test
    void stopsReadingWhileTheSinkIsNotAcceptingAndResumesWhenItIs() throws Exception {
        RunningInputs r = start(c -> c.withEnabled(Set.of(InputsConfig.SYSLOG_TCP)));
        r.sink.accepting(false);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), r.port(InputsConfig.SYSLOG_TCP))) {
            OutputStream out = s.getOutputStream();
            out.write(ascii(MSG1 + "\n"));
            out.flush();
            // What was read before the pause is still submitted; then the connection stops reading.
            r.sink.awaitEvents(1, WAIT);
            RunningInputs.awaitValue("backpressure", () -> r.counter("triad.input.backpressure", "syslog-tcp"), 1.0);
            out.write(ascii(MSG2 + "\n"));
            out.flush();
            Thread.sleep(300);
            assertThat(r.sink.events()).hasSize(1);

            r.sink.accepting(true);
            List<LogEvent> events = r.sink.awaitEvents(2, WAIT);
            assertThat(events).extracting(LogEvent::message).containsExactly("first message", "second");
        }
    }

    @Test
    void closesConnectionsBeyondTheLimitAndCountsThem() throws Exception {
        RunningInputs r = start(c -> c.withEnabled(Set.of(InputsConfig.SYSLOG_TCP))
                .withLimits(c.limits().withMaxTcpConnections(2)));
        int port = r.port(InputsConfig.SYSLOG_TCP);
        try (Socket a = new Socket(InetAddress.getLoopbackAddress(), port);
                Socket b = new Socket(InetAddress.getLoopbackAddress(), port)) {
            RunningInputs.awaitValue("connections", () -> r.connections("syslog-tcp"), 2.0);
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), port)) {
                c.setSoTimeout(5000);
                assertThat(readUntilClosed(c)).isTrue();
            }
            assertThat(r.errors("syslog-tcp", "connection_limit")).isEqualTo(1.0);
            a.getOutputStream().write(ascii(MSG1 + "\n"));
            b.getOutputStream().write(ascii(MSG2 + "\n"));
            r.sink.awaitEvents(2, WAIT);
        }
        RunningInputs.awaitValue("connections", () -> r.connections("syslog-tcp"), 0.0);
    }

    private static boolean readUntilClosed(Socket s) throws Exception {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset by the server: closed as well
        }
    }
}
