package io.triad.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of {@code triad user} that fail before any database is opened (the rest: UserCliIT). */
class UserCommandTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void helpListsTheUserCommands() {
        CliRun r = run("user", "help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("add", "passwd", "token", "list", "remove");
        assertThat(run("--help").out()).contains("user");
    }

    @Test
    void aSubcommandIsRequired() {
        CliRun r = run("user");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("expected a subcommand: add, passwd, token, list or remove");
    }

    @Test
    void anUnknownRoleOrABadNameFailsWithTheReasonBeforeAnythingIsOpened() {
        CliRun role = run("user", "add", "bob", "--role", "root", "--data", dir.toString());
        assertThat(role.code()).isNotZero();
        assertThat(role.err()).contains("role must be one of [viewer, operator, admin]; got: 'root'");
        CliRun name = run("user", "add", "bob smith", "--role", "viewer", "--data", dir.toString());
        assertThat(name.code()).isNotZero();
        assertThat(name.err()).contains("got: 'bob smith'");
        CliRun missing = run("user", "add", "bob", "--data", dir.toString());
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err()).contains("--role");
        assertThat(dir.resolve("web")).doesNotExist();
    }
}
