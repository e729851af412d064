package io.triad.appliance.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The subcommands that act on a running demo from another terminal: {@code triad demo kill SITE} ({@code kill -9} of
 * a site's process), {@code restore SITE} (start it again on its data), {@code status} (the processes and the
 * placement) and {@code stop}. They find the demo through its {@code demo.json}.
 */
final class DemoControl {
    private DemoControl() {}

    /** The options of the subcommands. */
    abstract static class OnDemo implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.@Nullable CommandSpec spec;

        @Option(names = "--data", description = "The demo's directory (default: ./demo-data)")
        Path data = Path.of("demo-data");

        PrintWriter out() {
            return spec == null
                    ? new PrintWriter(System.out, true, StandardCharsets.UTF_8)
                    : spec.commandLine().getOut();
        }

        JsonNode demo() throws IOException {
            return DemoCommand.readDemo(data.toAbsolutePath())
                    .orElseThrow(() -> new IllegalStateException("no demo runs in " + data.toAbsolutePath()
                            + " (no demo.json); start one with: triad demo"));
        }
    }

    /** {@code triad demo kill SITE}: {@code kill -9} of the site's process. */
    @Command(name = "kill", description = "Kill a site's process (SIGKILL, as a crash or a lost site).")
    static final class Kill extends OnDemo {
        @Parameters(paramLabel = "SITE", description = "site-a, site-b or witness")
        String site = "";

        @Override
        public Integer call() throws Exception {
            ObjectNode s = DemoCommand.site(demo(), site);
            long pid = s.path("pid").asLong();
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) {
                out().println(site + " (pid " + pid + ") is not running");
                return 1;
            }
            p.get().destroyForcibly(); // SIGKILL on Linux: no shutdown hook runs
            p.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            out().println("killed " + site + " (pid " + pid + ")");
            return 0;
        }
    }

    /** {@code triad demo restore SITE}: starts the site's process again on its data. */
    @Command(name = "restore", description = "Start a killed site again on its data.")
    static final class Restore extends OnDemo {
        @Parameters(paramLabel = "SITE", description = "site-a, site-b or witness")
        String site = "";

        @Override
        public Integer call() throws Exception {
            JsonNode demo = demo();
            ObjectNode s = DemoCommand.site(demo, site);
            if (ProcessHandle.of(s.path("pid").asLong())
                    .map(ProcessHandle::isAlive)
                    .orElse(false)) {
                out().println(site + " runs already (pid " + s.path("pid").asLong() + ")");
                return 1;
            }
            long pid = DemoCommand.launch(data.toAbsolutePath(), site);
            s.put("pid", pid);
            DemoCommand.writeDemo(data.toAbsolutePath(), demo);
            out().println("restored " + site + " (pid " + pid + ")");
            return 0;
        }
    }

    /** {@code triad demo status}: every site's process and the cluster as the first live site sees it. */
    @Command(name = "status", description = "Show the sites' processes and the placement.")
    static final class Status extends OnDemo {
        @Override
        public Integer call() throws Exception {
            JsonNode demo = demo();
            DemoCommand.ClusterApi api = new DemoCommand.ClusterApi(demo);
            JsonNode cluster = null;
            for (JsonNode s : demo.path("sites")) {
                boolean alive = ProcessHandle.of(s.path("pid").asLong())
                        .map(ProcessHandle::isAlive)
                        .orElse(false);
                out().println(String.format(
                        java.util.Locale.ROOT,
                        "%-8s pid %-8d %-7s %s",
                        s.path("id").asText(),
                        s.path("pid").asLong(),
                        alive ? "running" : "killed",
                        s.path("url").asText()));
                if (alive && cluster == null) {
                    try {
                        HttpResponse<String> r = api.cluster(s);
                        if (r.statusCode() == 200) {
                            cluster = DemoCommand.JSON.readTree(r.body());
                        }
                    } catch (IOException e) {
                        // the next site may answer
                    }
                }
            }
            if (cluster != null) {
                out().println("leader " + cluster.path("leader").asText() + ", epoch " + cluster.path("epoch"));
                for (JsonNode c : cluster.path("components")) {
                    StringBuilder b = new StringBuilder(String.format(
                            java.util.Locale.ROOT, "  %-9s", c.path("name").asText()));
                    for (JsonNode p : c.path("placement")) {
                        b.append(' ')
                                .append(p.path("site").asText())
                                .append('=')
                                .append(p.path("role").asText());
                        if (p.path("role").asText().equals("active")) {
                            b.append(' ').append(p.path("weight").asInt()).append('%');
                        }
                    }
                    out().println(b);
                }
            }
            return 0;
        }
    }

    /** {@code triad demo stop}: stops every site (SIGTERM, then SIGKILL after 20 s). */
    @Command(name = "stop", description = "Stop every site of the demo.")
    static final class Stop extends OnDemo {
        @Override
        public Integer call() throws Exception {
            demo();
            DemoCommand.stopAll(data.toAbsolutePath());
            out().println("stopped the demo in " + data.toAbsolutePath());
            return 0;
        }
    }
}
