package io.triad.collector.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InputsConfigTest {
    @Test
    void defaultsEnableEveryInputOnTheStandardPorts() {
        InputsConfig c = InputsConfig.defaults("site-a", Path.of("tls"));
        assertThat(c.enabled()).containsExactlyInAnyOrderElementsOf(InputsConfig.INPUTS);
        assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(c.ports()).isEqualTo(new InputsConfig.Ports(5514, 6514, 12201, 12202, 4318));
        assertThat(c.limits().maxSyslogFrameBytes()).isEqualTo(64 * 1024);
        assertThat(c.limits().maxTcpConnections()).isEqualTo(1024);
        assertThat(c.tls().keystore()).isNull();
    }

    @Test
    void rejectsAnUnknownInputName() {
        InputsConfig c = InputsConfig.defaults("site-a", Path.of("tls"));
        assertThatThrownBy(() -> c.withEnabled(Set.of("syslog-sctp")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("; got: syslog-sctp");
    }

    @Test
    void rejectsAPortOutOfRangeAndANonPositiveLimit() {
        assertThatThrownBy(() -> new InputsConfig.Ports(70000, 0, 0, 0, 0))
                .hasMessage("syslog port must be within 0..65535; got: 70000");
        assertThatThrownBy(() -> InputsConfig.Limits.defaults().withMaxTcpConnections(0))
                .hasMessage("maxTcpConnections must be > 0; got: 0");
    }

    @Test
    void tlsDoesNotPrintItsPasswordAndCopiesIt() {
        char[] pw = "secret".toCharArray();
        InputsConfig.Tls tls = InputsConfig.Tls.pkcs12(Path.of("/etc/triad/tls.p12"), pw);
        pw[0] = 'X';
        assertThat(tls.password()).containsExactly("secret".toCharArray());
        assertThat(tls.toString()).doesNotContain("secret");
    }
}
