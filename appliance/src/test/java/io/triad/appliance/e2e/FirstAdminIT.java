package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.triad.appliance.Appliance;
import io.triad.appliance.config.TriadConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first start without a configured admin password prints a generated one once on standard output (not in the
 * log, which goes to standard error), and it works; a later start prints nothing and keeps it.
 */
class FirstAdminIT {
    static final Pattern PRINTED = Pattern.compile("Created the first admin user 'admin' with the password (\\S+)");

    @TempDir
    Path dir;

    @Test
    void aGeneratedPasswordIsPrintedOnceNeverLoggedAndWorks() throws Exception {
        assumeTrue(System.getenv(Appliance.ADMIN_PASSWORD_ENV) == null, "TRIAD_ADMIN_PASSWORD is set here");
        Started first = start();
        Matcher m = PRINTED.matcher(first.out);
        assertThat(m.find()).as(first.out).isTrue();
        String password = m.group(1);
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        assertThat(first.err).contains("created the first admin user 'admin'").doesNotContain(password);
        try (RunningAppliance triad = first.triad) {
            assertThat(me(triad, password)).isEqualTo(200);
        }

        Started second = start();
        assertThat(second.out).doesNotContain("Created the first admin");
        try (RunningAppliance triad = second.triad) {
            assertThat(me(triad, password)).isEqualTo(200);
        }
    }

    private record Started(RunningAppliance triad, String out, String err) {}

    /** Starts the appliance on {@code dir} without an admin password configured, capturing stdout and stderr. */
    private Started start() throws Exception {
        TriadConfig config = RunningAppliance.loopbackConfig(dir);
        config.web.auth = config.web.auth.withAdminPassword("");
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            RunningAppliance triad = RunningAppliance.start(config);
            return new Started(
                    triad, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static int me(RunningAppliance triad, String password) throws Exception {
        return triad.http
                .send(
                        HttpRequest.newBuilder(URI.create(triad.api() + "/auth/me"))
                                .header("Authorization", RunningAppliance.basic("admin", password))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .statusCode();
    }
}
