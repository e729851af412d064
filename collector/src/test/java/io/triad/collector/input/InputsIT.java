package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsIT {
    @TempDir
    Path dir;

    @Test
    void startsEveryInputOnItsOwnPortAndReleasesThePortsOnClose() throws Exception {
        Set<Integer> tcpPorts = new HashSet<>();
        try (RunningInputs r = new RunningInputs(dir, c -> c)) {
            for (String name : InputsConfig.INPUTS) {
                assertThat(r.port(name)).as(name).isPositive();
            }
            assertThat(r.port("ndjson")).isEqualTo(r.port("otlp-http"));
            for (String name : Set.of("syslog-tcp", "syslog-tls", "gelf-tcp", "gelf-http", "otlp-http")) {
                tcpPorts.add(r.port(name));
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), r.port(name))) {
                    assertThat(s.isConnected()).isTrue();
                }
            }
            assertThat(tcpPorts).hasSize(5);
            assertThatThrownBy(() -> r.port("syslog-sctp"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("; got: syslog-sctp");
        }
        for (int port : tcpPorts) {
            try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void failsToStartNamingTheInputWhosePortIsTakenAndBindsNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InputsConfig config = InputsConfig.loopback("site-a", dir)
                    .withPorts(new InputsConfig.Ports(0, 0, 0, 0, taken.getLocalPort()));
            Inputs inputs = new Inputs(config, new RecordingSink(), new SimpleMeterRegistry());
            assertThatThrownBy(inputs::start)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("otlp-http could not bind 127.0.0.1:" + taken.getLocalPort());
            assertThatThrownBy(() -> inputs.port("syslog-tcp")).isInstanceOf(IllegalArgumentException.class);
            inputs.close();
        }
    }

    @Test
    void everyMeterHasADescription() throws Exception {
        try (RunningInputs r = new RunningInputs(dir, c -> c)) {
            assertThat(r.registry.getMeters()).isNotEmpty();
            for (Meter m : r.registry.getMeters()) {
                assertThat(m.getId().getDescription()).as(m.getId().toString()).isNotBlank();
                assertThat(m.getId().getName()).startsWith("triad.input.");
            }
        }
    }
}
