package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.appliance.config.TriadConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code triad user ...} in a separate JVM changes the users of an appliance while it runs (the user database serves
 * both), and browser sessions survive a restart of the appliance.
 */
class UserCliIT {
    @TempDir
    Path dir;

    @Test
    void theCliChangesUsersOfTheRunningApplianceAndSessionsSurviveARestart() throws Exception {
        TriadConfig config = RunningAppliance.loopbackConfig(dir.resolve("data"));
        Path yaml = dir.resolve("triad.yaml");
        Files.writeString(yaml, config.toYaml(), StandardCharsets.UTF_8);
        String cookie;
        try (RunningAppliance triad = RunningAppliance.start(config)) {
            Properties lock = new Properties();
            try (Reader r = Files.newBufferedReader(
                    dir.resolve("data").resolve("web").resolve("triad.lock.db"), StandardCharsets.ISO_8859_1)) {
                lock.load(r);
            }
            String server = lock.getProperty("server"); // H2 writes 127.0.0.1 as localhost
            int h2Port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), h2Port)) {
                assertThat(s.isConnected()).isTrue();
            }
            InetAddress other = nonLoopbackAddress();
            if (other != null) {
                assertThatThrownBy(() -> new Socket(other, h2Port).close())
                        .as("H2's auto server must listen on loopback only, not on %s", other)
                        .isInstanceOf(ConnectException.class);
            }

            Result add = cli(yaml, "dave password\n", Map.of(), "user", "add", "dave", "--role", "operator");
            assertThat(add.code).as(add.output).isZero();
            assertThat(add.output).contains("added user 'dave' with role operator");
            assertThat(me(triad, RunningAppliance.basic("dave", "dave password"), null))
                    .isEqualTo(200);

            Result token = cli(yaml, "", Map.of(), "user", "token", "dave");
            assertThat(token.code).as(token.output).isZero();
            String t = token.output
                    .lines()
                    .filter(l -> l.startsWith("triad_"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no token in: " + token.output));
            assertThat(me(triad, "Bearer " + t, null)).isEqualTo(200);

            Result passwd = cli(
                    yaml,
                    "",
                    Map.of("DAVE_PW", "dave's new password"),
                    "user",
                    "passwd",
                    "dave",
                    "--password-env",
                    "DAVE_PW");
            assertThat(passwd.code).as(passwd.output).isZero();
            assertThat(me(triad, RunningAppliance.basic("dave", "dave's new password"), null))
                    .isEqualTo(200);

            Result list = cli(yaml, "", Map.of(), "user", "list");
            assertThat(list.output).contains("admin", "dave", "operator");

            Result bad = cli(yaml, "x\n", Map.of(), "user", "add", "eve", "--role", "root");
            assertThat(bad.code).isNotZero();
            assertThat(bad.output).contains("role must be one of [viewer, operator, admin]; got: 'root'");

            Result remove = cli(yaml, "", Map.of(), "user", "remove", "dave");
            assertThat(remove.code).as(remove.output).isZero();
            assertThat(me(triad, "Bearer " + t, null)).isEqualTo(401);

            HttpResponse<String> login = triad.http.send(
                    HttpRequest.newBuilder(URI.create(triad.api() + "/auth/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\""
                                    + RunningAppliance.ADMIN_PASSWORD + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(login.statusCode()).isEqualTo(200);
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
        }
        try (RunningAppliance again = RunningAppliance.start(RunningAppliance.loopbackConfig(dir.resolve("data")))) {
            assertThat(me(again, null, cookie))
                    .as("the session outlives the restart")
                    .isEqualTo(200);
        }
    }

    private static @Nullable InetAddress nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return a;
                }
            }
        }
        return null;
    }

    private static int me(RunningAppliance triad, String authorization, String cookie) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(triad.api() + "/auth/me"));
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        if (cookie != null) {
            r.header("Cookie", cookie);
        }
        return triad.http.send(r.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private record Result(int code, String output) {}

    /** Runs {@code triad ARGS --config YAML} in a new JVM with {@code stdin} as its standard input. */
    private Result cli(Path yaml, String stdin, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.triad.appliance.Main"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--config", yaml.toString()));
        Path log = Files.createTempFile(dir, "cli", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("triad %s finished", String.join(" ", args))
                .isTrue();
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
