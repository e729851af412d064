package io.triad.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The parts of {@code triad user} that fail before any database is opened (the rest: UserCliIT). */
class UserCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheUserCommands() {
        Run r = run("user", "help");
        assertThat(r.code).isZero();
        assertThat(r.out).contains("add", "passwd", "token", "list", "remove");
        assertThat(run("--help").out).contains("user");
    }

    @Test
    void aSubcommandIsRequired() {
        Run r = run("user");
        assertThat(r.code).isNotZero();
        assertThat(r.err).contains("expected a subcommand: add, passwd, token, list or remove");
    }

    @Test
    void anUnknownRoleOrABadNameFailsWithTheReasonBeforeAnythingIsOpened() {
        Run role = run("user", "add", "bob", "--role", "root", "--data", dir.toString());
        assertThat(role.code).isNotZero();
        assertThat(role.err).contains("role must be one of [viewer, operator, admin]; got: 'root'");
        Run name = run("user", "add", "bob smith", "--role", "viewer", "--data", dir.toString());
        assertThat(name.code).isNotZero();
        assertThat(name.err).contains("got: 'bob smith'");
        Run missing = run("user", "add", "bob", "--data", dir.toString());
        assertThat(missing.code).isNotZero();
        assertThat(missing.err).contains("--role");
        assertThat(dir.resolve("web")).doesNotExist();
    }
}
