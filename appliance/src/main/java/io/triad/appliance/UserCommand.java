package io.triad.appliance;

import io.triad.appliance.config.ModuleConfigs;
import io.triad.appliance.config.TriadConfig;
import io.triad.web.auth.Role;
import io.triad.web.auth.User;
import io.triad.web.auth.UserStore;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code triad user ...}: users and API tokens of the web API, in {@code <data>/web}. Works whether the appliance
 * runs or not (the user database serves a running appliance and these commands at once); a changed password reaches a
 * running appliance's Basic credential cache within {@code web.auth.credentialCacheSeconds}.
 *
 * <p>Passwords come from {@code --password-env VAR}, else a prompt (twice, without echo) when there is a terminal,
 * else the first line of standard input.
 */
@Command(
        name = "user",
        description = "Manage the users and API tokens of the web API.",
        subcommands = {
            UserCommand.Add.class,
            UserCommand.Passwd.class,
            UserCommand.Token.class,
            UserCommand.ListUsers.class,
            UserCommand.Remove.class,
            CommandLine.HelpCommand.class
        })
final class UserCommand implements Runnable {
    /** Where passwords are read from when there is no terminal (tests replace it). */
    InputStream stdin = System.in;

    @CommandLine.Spec
    CommandLine.Model.@Nullable CommandSpec spec;

    /** {@code triad user} alone: which subcommands there are. */
    @Override
    public void run() {
        CommandLine.Model.CommandSpec s = spec;
        if (s == null) {
            throw new IllegalStateException("picocli injects the command spec");
        }
        throw new CommandLine.ParameterException(
                s.commandLine(), "expected a subcommand: add, passwd, token, list or remove");
    }

    /** The base of the subcommands: the store, the output and the password reader. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        @Nullable
        UserCommand parent;

        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        UserStore openStore() throws IOException {
            TriadConfig c = options.load();
            return UserStore.open(Path.of(c.data).resolve("web"), ModuleConfigs.authConfig(c), Clock.systemUTC());
        }

        PrintWriter out() {
            UserCommand p = parent;
            CommandLine.Model.CommandSpec s = p == null ? null : p.spec;
            return s != null ? s.commandLine().getOut() : new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        }

        /** The password from the environment variable, the terminal (asked twice) or standard input's first line. */
        char[] password(@Nullable String env, String prompt) throws IOException {
            if (env != null) {
                String v = System.getenv(env);
                if (v == null || v.isEmpty()) {
                    throw new IllegalArgumentException("--password-env " + env + ": the variable is not set");
                }
                return v.toCharArray();
            }
            UserCommand p = parent;
            InputStream in = p == null ? System.in : p.stdin;
            Console console = System.console();
            if (console != null && in == System.in && isTerminal(console)) {
                char[] first = console.readPassword("%s: ", prompt);
                char[] second = console.readPassword("%s (again): ", prompt);
                if (first == null || second == null) {
                    throw new IllegalArgumentException("no password entered");
                }
                if (!Arrays.equals(first, second)) {
                    throw new IllegalArgumentException("the two passwords differ");
                }
                Arrays.fill(second, '\0');
                return first;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = reader.readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException(
                        "expected the password on the first line of standard input; got none");
            }
            return line.toCharArray();
        }
    }

    /**
     * Whether the console is a terminal: since Java 22 {@link System#console()} may return a console for redirected
     * streams too, and {@code Console.isTerminal()} (Java 22) tells them apart; on Java 21 a console is a terminal.
     */
    static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | ClassCastException e) {
            return false;
        }
    }

    @Command(name = "add", description = "Add a user (password from --password-env, the terminal or stdin).")
    static final class Add extends Sub {
        @Parameters(index = "0", description = "User name")
        String name = "";

        @Option(
                names = "--role",
                required = true,
                description = "viewer, operator or admin (viewer < operator < admin)")
        String role = "";

        @Option(names = "--password-env", description = "Read the password from this environment variable")
        @Nullable
        String passwordEnv;

        @Override
        public Integer call() throws Exception {
            Role r = Role.parse(role);
            User.checkName(name);
            try (UserStore store = openStore()) {
                char[] password = password(passwordEnv, "Password for " + name);
                try {
                    store.addUser(name, r, password);
                } finally {
                    UserStore.wipe(password);
                }
            }
            out().println("added user '" + name + "' with role " + r.id());
            out().flush();
            return 0;
        }
    }

    @Command(name = "passwd", description = "Set a user's password (ends the user's browser sessions).")
    static final class Passwd extends Sub {
        @Parameters(index = "0", description = "User name")
        String name = "";

        @Option(names = "--password-env", description = "Read the password from this environment variable")
        @Nullable
        String passwordEnv;

        @Override
        public Integer call() throws Exception {
            try (UserStore store = openStore()) {
                if (store.user(name).isEmpty()) {
                    throw new IllegalArgumentException("no user named '" + name + "'");
                }
                char[] password = password(passwordEnv, "New password for " + name);
                try {
                    store.setPassword(name, password);
                } finally {
                    UserStore.wipe(password);
                }
            }
            out().println("changed the password of '" + name + "'");
            out().flush();
            return 0;
        }
    }

    @Command(name = "token", description = "Make a new API token for a user and print it (shown only this once).")
    static final class Token extends Sub {
        @Parameters(index = "0", description = "User name")
        String name = "";

        @Option(names = "--revoke-all", description = "Revoke every API token of the user instead")
        boolean revokeAll;

        @Override
        public Integer call() throws Exception {
            try (UserStore store = openStore()) {
                if (store.user(name).isEmpty()) {
                    throw new IllegalArgumentException("no user named '" + name + "'");
                }
                if (revokeAll) {
                    int n = store.revokeTokens(name);
                    out().println("revoked " + n + " API token(s) of '" + name + "'");
                } else {
                    out().println(store.createToken(name));
                }
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "list", description = "List the users with their roles and number of API tokens.")
    static final class ListUsers extends Sub {
        @Override
        public Integer call() throws Exception {
            try (UserStore store = openStore()) {
                PrintWriter out = out();
                out.println(String.format(Locale.ROOT, "%-24s %-9s %-6s %s", "NAME", "ROLE", "TOKENS", "CREATED"));
                for (User u : store.users()) {
                    out.println(String.format(
                            Locale.ROOT,
                            "%-24s %-9s %-6d %s",
                            u.name(),
                            u.role().id(),
                            store.tokenCount(u.name()),
                            u.created()));
                }
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove a user with its API tokens, sessions and saved searches.")
    static final class Remove extends Sub {
        @Parameters(index = "0", description = "User name")
        String name = "";

        @Override
        public Integer call() throws Exception {
            try (UserStore store = openStore()) {
                store.removeUser(name);
            }
            out().println("removed user '" + name + "'");
            out().flush();
            return 0;
        }
    }
}
