package io.triad.collector.input;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Settings of every ingestion input: where each listens, which are enabled, and the limits that protect the
 * appliance from bad or hostile senders. A port of 0 binds an ephemeral port; {@link Inputs#port(String)} then
 * reports the one the system chose.
 *
 * @param site the receiving site's id, copied into every event
 * @param bindAddress the address every input binds (for example {@code 0.0.0.0}, tests use {@code 127.0.0.1})
 * @param ports the port of each input
 * @param enabled the names of the inputs to start (a subset of {@link #INPUTS})
 * @param limits size, connection and time limits
 * @param defaultZone the zone of syslog timestamps that carry none (RFC 3164)
 * @param tls the key material of syslog over TLS
 */
public record InputsConfig(
        String site, String bindAddress, Ports ports, Set<String> enabled, Limits limits, ZoneId defaultZone, Tls tls) {

    public static final String SYSLOG_UDP = "syslog-udp";
    public static final String SYSLOG_TCP = "syslog-tcp";
    public static final String SYSLOG_TLS = "syslog-tls";
    public static final String GELF_UDP = "gelf-udp";
    public static final String GELF_TCP = "gelf-tcp";
    public static final String GELF_HTTP = "gelf-http";
    public static final String OTLP_HTTP = "otlp-http";
    /** The input name on events of the NDJSON endpoint, which shares the {@link #OTLP_HTTP} server. */
    public static final String NDJSON = "ndjson";

    /** The names of the inputs that can be enabled, in start order. */
    public static final List<String> INPUTS =
            List.of(SYSLOG_UDP, SYSLOG_TCP, SYSLOG_TLS, GELF_UDP, GELF_TCP, GELF_HTTP, OTLP_HTTP);

    public InputsConfig {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(defaultZone, "defaultZone");
        Objects.requireNonNull(tls, "tls");
        enabled = Set.copyOf(enabled);
        for (String name : enabled) {
            if (!INPUTS.contains(name)) {
                throw new IllegalArgumentException("enabled input must be one of " + INPUTS + "; got: " + name);
            }
        }
    }

    /**
     * The defaults: every input enabled on {@code 0.0.0.0} with the standard ports, {@link Limits#defaults()},
     * UTC, and a self-signed TLS certificate kept in {@code tlsDirectory}.
     */
    public static InputsConfig defaults(String site, Path tlsDirectory) {
        return new InputsConfig(
                site,
                "0.0.0.0",
                Ports.defaults(),
                Set.copyOf(INPUTS),
                Limits.defaults(),
                ZoneId.of("UTC"),
                Tls.selfSigned(tlsDirectory));
    }

    /** For tests: every input on {@code 127.0.0.1} with ephemeral ports. */
    public static InputsConfig loopback(String site, Path tlsDirectory) {
        return defaults(site, tlsDirectory).withBindAddress("127.0.0.1").withPorts(Ports.ephemeral());
    }

    public InputsConfig withBindAddress(String address) {
        return new InputsConfig(site, address, ports, enabled, limits, defaultZone, tls);
    }

    public InputsConfig withPorts(Ports newPorts) {
        return new InputsConfig(site, bindAddress, newPorts, enabled, limits, defaultZone, tls);
    }

    public InputsConfig withEnabled(Set<String> names) {
        return new InputsConfig(site, bindAddress, ports, names, limits, defaultZone, tls);
    }

    public InputsConfig withLimits(Limits newLimits) {
        return new InputsConfig(site, bindAddress, ports, enabled, newLimits, defaultZone, tls);
    }

    public InputsConfig withDefaultZone(ZoneId zone) {
        return new InputsConfig(site, bindAddress, ports, enabled, limits, zone, tls);
    }

    public InputsConfig withTls(Tls newTls) {
        return new InputsConfig(site, bindAddress, ports, enabled, limits, defaultZone, newTls);
    }

    /**
     * The port of each input; 0 binds an ephemeral port.
     *
     * @param syslog syslog over UDP and TCP (RFC 5426, RFC 6587), default 5514
     * @param syslogTls syslog over TLS (RFC 5425), default 6514
     * @param gelf GELF over UDP and TCP, default 12201
     * @param gelfHttp GELF over HTTP ({@code POST /gelf}), default 12202
     * @param otlpHttp OTLP/HTTP ({@code POST /v1/logs}) and NDJSON ({@code POST /api/v1/ingest}), default 4318
     */
    public record Ports(int syslog, int syslogTls, int gelf, int gelfHttp, int otlpHttp) {
        public Ports {
            checkPort("syslog", syslog);
            checkPort("syslogTls", syslogTls);
            checkPort("gelf", gelf);
            checkPort("gelfHttp", gelfHttp);
            checkPort("otlpHttp", otlpHttp);
        }

        public static Ports defaults() {
            return new Ports(5514, 6514, 12201, 12202, 4318);
        }

        public static Ports ephemeral() {
            return new Ports(0, 0, 0, 0, 0);
        }

        private static void checkPort(String name, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " port must be within 0..65535; got: " + port);
            }
        }
    }

    /**
     * Limits of every input.
     *
     * @param maxSyslogFrameBytes the longest syslog message or TCP frame (default 64 KiB)
     * @param maxGelfMessageBytes the longest GELF message after decompression and chunk assembly (default 8 MiB)
     * @param maxGelfChunks the most chunks of one GELF UDP message (the GELF spec allows 128)
     * @param gelfChunkTimeout how long the chunks of an incomplete GELF UDP message are kept (the spec says 5 s)
     * @param maxGelfPendingMessages the most incomplete chunked GELF messages per UDP channel
     * @param maxHttpBodyBytes the longest HTTP request body as sent (default 16 MiB)
     * @param maxHttpDecompressedBytes the longest HTTP request body after Content-Encoding (default 64 MiB)
     * @param maxTcpConnections the most concurrent connections per TCP or HTTP input; more are closed at once
     * @param maxInFlightBatches the most submitted, not yet durable batches per TCP connection before it stops
     *     reading
     * @param maxOtlpAttributes the most attributes one OTLP log record keeps
     * @param maxNdjsonLines the most lines of one NDJSON request
     * @param maxNdjsonLineBytes the longest line of an NDJSON request (longer lines are rejected one by one)
     * @param idleTimeout a connection that sent nothing for this long is closed
     */
    public record Limits(
            int maxSyslogFrameBytes,
            int maxGelfMessageBytes,
            int maxGelfChunks,
            Duration gelfChunkTimeout,
            int maxGelfPendingMessages,
            int maxHttpBodyBytes,
            int maxHttpDecompressedBytes,
            int maxTcpConnections,
            int maxInFlightBatches,
            int maxOtlpAttributes,
            int maxNdjsonLines,
            int maxNdjsonLineBytes,
            Duration idleTimeout) {

        public Limits {
            positive("maxSyslogFrameBytes", maxSyslogFrameBytes);
            positive("maxGelfMessageBytes", maxGelfMessageBytes);
            positive("maxGelfChunks", maxGelfChunks);
            positive("maxGelfPendingMessages", maxGelfPendingMessages);
            positive("maxHttpBodyBytes", maxHttpBodyBytes);
            positive("maxHttpDecompressedBytes", maxHttpDecompressedBytes);
            positive("maxTcpConnections", maxTcpConnections);
            positive("maxInFlightBatches", maxInFlightBatches);
            positive("maxOtlpAttributes", maxOtlpAttributes);
            positive("maxNdjsonLines", maxNdjsonLines);
            positive("maxNdjsonLineBytes", maxNdjsonLineBytes);
            Objects.requireNonNull(gelfChunkTimeout, "gelfChunkTimeout");
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (gelfChunkTimeout.isNegative() || gelfChunkTimeout.isZero()) {
                throw new IllegalArgumentException("gelfChunkTimeout must be > 0; got: " + gelfChunkTimeout);
            }
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be > 0; got: " + idleTimeout);
            }
        }

        public static Limits defaults() {
            return new Limits(
                    64 * 1024,
                    8 * 1024 * 1024,
                    128,
                    Duration.ofSeconds(5),
                    1024,
                    16 * 1024 * 1024,
                    64 * 1024 * 1024,
                    1024,
                    4,
                    128,
                    100_000,
                    1024 * 1024,
                    Duration.ofMinutes(5));
        }

        public Limits withMaxSyslogFrameBytes(int v) {
            return new Limits(
                    v,
                    maxGelfMessageBytes,
                    maxGelfChunks,
                    gelfChunkTimeout,
                    maxGelfPendingMessages,
                    maxHttpBodyBytes,
                    maxHttpDecompressedBytes,
                    maxTcpConnections,
                    maxInFlightBatches,
                    maxOtlpAttributes,
                    maxNdjsonLines,
                    maxNdjsonLineBytes,
                    idleTimeout);
        }

        public Limits withMaxGelfMessageBytes(int v) {
            return new Limits(
                    maxSyslogFrameBytes,
                    v,
                    maxGelfChunks,
                    gelfChunkTimeout,
                    maxGelfPendingMessages,
                    maxHttpBodyBytes,
                    maxHttpDecompressedBytes,
                    maxTcpConnections,
                    maxInFlightBatches,
                    maxOtlpAttributes,
                    maxNdjsonLines,
                    maxNdjsonLineBytes,
                    idleTimeout);
        }

        public Limits withMaxHttpBodyBytes(int v) {
            return new Limits(
                    maxSyslogFrameBytes,
                    maxGelfMessageBytes,
                    maxGelfChunks,
                    gelfChunkTimeout,
                    maxGelfPendingMessages,
                    v,
                    maxHttpDecompressedBytes,
                    maxTcpConnections,
                    maxInFlightBatches,
                    maxOtlpAttributes,
                    maxNdjsonLines,
                    maxNdjsonLineBytes,
                    idleTimeout);
        }

        public Limits withMaxHttpDecompressedBytes(int v) {
            return new Limits(
                    maxSyslogFrameBytes,
                    maxGelfMessageBytes,
                    maxGelfChunks,
                    gelfChunkTimeout,
                    maxGelfPendingMessages,
                    maxHttpBodyBytes,
                    v,
                    maxTcpConnections,
                    maxInFlightBatches,
                    maxOtlpAttributes,
                    maxNdjsonLines,
                    maxNdjsonLineBytes,
                    idleTimeout);
        }

        public Limits withMaxTcpConnections(int v) {
            return new Limits(
                    maxSyslogFrameBytes,
                    maxGelfMessageBytes,
                    maxGelfChunks,
                    gelfChunkTimeout,
                    maxGelfPendingMessages,
                    maxHttpBodyBytes,
                    maxHttpDecompressedBytes,
                    v,
                    maxInFlightBatches,
                    maxOtlpAttributes,
                    maxNdjsonLines,
                    maxNdjsonLineBytes,
                    idleTimeout);
        }

        public Limits withIdleTimeout(Duration v) {
            return new Limits(
                    maxSyslogFrameBytes,
                    maxGelfMessageBytes,
                    maxGelfChunks,
                    gelfChunkTimeout,
                    maxGelfPendingMessages,
                    maxHttpBodyBytes,
                    maxHttpDecompressedBytes,
                    maxTcpConnections,
                    maxInFlightBatches,
                    maxOtlpAttributes,
                    maxNdjsonLines,
                    maxNdjsonLineBytes,
                    v);
        }

        private static void positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be > 0; got: " + value);
            }
        }
    }

    /**
     * Key material of syslog over TLS (RFC 5425): a configured PKCS12 keystore, or a self-signed certificate
     * generated once and kept in {@code selfSignedDirectory}.
     *
     * @param keystore the PKCS12 keystore holding one private key and its certificate chain, or null for a
     *     self-signed certificate
     * @param password the keystore's password (ignored for a self-signed certificate)
     * @param selfSignedDirectory where the self-signed certificate and its password are kept
     */
    @SuppressWarnings("ArrayRecordComponent") // a password is a char[] so it can be cleared; accessor and equals copy
    public record Tls(@Nullable Path keystore, char[] password, Path selfSignedDirectory) {
        public Tls {
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(selfSignedDirectory, "selfSignedDirectory");
            password = password.clone();
        }

        public static Tls selfSigned(Path directory) {
            return new Tls(null, new char[0], directory);
        }

        public static Tls pkcs12(Path keystore, char[] password) {
            return new Tls(
                    keystore,
                    password,
                    Objects.requireNonNull(keystore.toAbsolutePath().getParent()));
        }

        @Override
        public char[] password() {
            return password.clone();
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Tls t
                    && Objects.equals(keystore, t.keystore)
                    && java.util.Arrays.equals(password, t.password)
                    && selfSignedDirectory.equals(t.selfSignedDirectory);
        }

        @Override
        public int hashCode() {
            return Objects.hash(keystore, java.util.Arrays.hashCode(password), selfSignedDirectory);
        }

        @Override
        public String toString() {
            return "Tls[keystore=" + keystore + ", selfSignedDirectory=" + selfSignedDirectory + "]";
        }
    }
}
