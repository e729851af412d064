package io.triad.appliance;

import io.triad.appliance.config.TriadConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code triad} command line: {@code triad start}, {@code triad config}, {@code triad user ...}, {@code triad
 * version}.
 */
@Command(
        name = "triad",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Triad site appliance: failover coordination, central logging, monitoring, licensing.",
        subcommands = {
            Main.Start.class,
            Main.Config.class,
            UserCommand.class,
            LicenseCommand.class,
            DongleCommand.class,
            ClusterCommand.class,
            io.triad.appliance.demo.DemoCommand.class,
            RolloutCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        // A failing command prints its reason, not a stack trace: configuration errors name the key and the value.
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("triad: " + e.getMessage());
            cmd.getErr().flush();
            return 2;
        });
        return cl;
    }

    /** Loads {@code --config} (or the defaults) and applies {@code --data}. */
    static TriadConfig loadConfig(@Nullable Path config, @Nullable Path data) throws java.io.IOException {
        TriadConfig c = config != null ? TriadConfig.load(config) : defaultsOrLocalFile();
        if (data != null) {
            c.data = data.toString();
        }
        return c.validate();
    }

    private static TriadConfig defaultsOrLocalFile() throws java.io.IOException {
        Path local = Path.of("triad.yaml");
        return Files.isRegularFile(local) ? TriadConfig.load(local) : new TriadConfig();
    }

    /** {@code triad start}: runs the appliance until SIGTERM or Ctrl-C, then shuts down gracefully. */
    @Command(name = "start", description = "Run this site's appliance (single site on embedded defaults).")
    static final class Start implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Override
        public Integer call() throws Exception {
            TriadConfig c = options.load();
            CountDownLatch stopped = new CountDownLatch(1);
            Appliance appliance = Appliance.start(c, Clock.systemUTC());
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                appliance.close();
                                stopped.countDown();
                            },
                            "triad-shutdown"));
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            out.println(appliance.describe());
            out.flush();
            appliance.awaitTermination();
            stopped.await();
            return 0;
        }
    }

    /** {@code triad config}: prints the effective configuration with every default. */
    @Command(name = "config", description = "Print the effective configuration (every key with its value).")
    static final class Config implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.@Nullable CommandSpec spec;

        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Override
        public Integer call() throws Exception {
            String yaml = options.load().toYaml();
            PrintWriter out = spec != null
                    ? spec.commandLine().getOut()
                    : new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            out.print(yaml);
            out.flush();
            return 0;
        }
    }

    /** The version from the jar's manifest, or "development". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"triad " + (v != null ? v : "development")};
        }
    }
}
