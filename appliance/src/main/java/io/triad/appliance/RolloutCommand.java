package io.triad.appliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code triad rollout}: starts and follows rolling updates through the placement API of a running site ({@code POST
 * /api/v1/cluster/rollouts}, ...), as an operator would from a shell.
 *
 * <pre>
 * triad rollout start --component EAP --component EEP --site site-b --site site-a [--wait]
 * triad rollout status [ID]
 * triad rollout pause|resume|cancel ID
 * </pre>
 *
 * Credentials: {@code --user} (default {@code admin}) and the password in the environment variable {@code
 * TRIAD_PASSWORD}, or an API token in {@code TRIAD_API_TOKEN}.
 */
@Command(
        name = "rollout",
        description = "Start, follow, pause, resume or cancel a rolling update of components across the sites.",
        subcommands = {
            RolloutCommand.Start.class,
            RolloutCommand.Status.class,
            RolloutCommand.Pause.class,
            RolloutCommand.Resume.class,
            RolloutCommand.Cancel.class
        })
final class RolloutCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What every subcommand needs: where the API is and who calls it. */
    abstract static class Api extends Subcommand {
        @Option(names = "--url", description = "A site's web address (default: http://127.0.0.1:8080)")
        String url = "http://127.0.0.1:8080";

        @Option(names = "--user", description = "User for Basic auth (password in TRIAD_PASSWORD)")
        String user = "admin";

        private final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .build();

        JsonNode call(String method, String path, byte[] body) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            String token = System.getenv("TRIAD_API_TOKEN");
            String password = System.getenv("TRIAD_PASSWORD");
            if (token != null && !token.isEmpty()) {
                b.header("Authorization", "Bearer " + token);
            } else if (password != null) {
                b.header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            } else {
                throw new IllegalArgumentException("set TRIAD_PASSWORD (for --user " + user + ") or TRIAD_API_TOKEN");
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode n = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            if (r.statusCode() >= 300) {
                throw new IOException(method + " " + path + " answered " + r.statusCode() + ": "
                        + n.path("error").asText(r.body()));
            }
            return n;
        }

        void print(JsonNode r) {
            out().println(String.format(
                    Locale.ROOT,
                    "rollout %s: %s (%s)",
                    r.path("id").asText(),
                    r.path("status").asText(),
                    r.path("detail").asText()));
            int i = 0;
            for (JsonNode st : r.path("steps")) {
                out().println(String.format(
                        Locale.ROOT,
                        "  %s %d. %-10s on %-8s %-9s %s",
                        i == r.path("current").asInt()
                                        && r.path("status").asText().matches("running|paused")
                                ? ">"
                                : " ",
                        ++i,
                        st.path("component").asText(),
                        st.path("site").asText(),
                        st.path("phase").asText(),
                        st.path("detail").asText()));
            }
            out().flush();
        }
    }

    @Command(name = "start", description = "Update each component on the first site, then on the next, ...")
    static final class Start extends Api {
        @Option(names = "--component", required = true, description = "A component to update (repeat)")
        List<String> components = new ArrayList<>();

        @Option(names = "--site", required = true, description = "A data site, in the order to update (repeat)")
        List<String> sites = new ArrayList<>();

        @Option(names = "--id", description = "The rollout's id (default: r<yyyyMMdd-HHmmss>)")
        String id = "";

        @Option(names = "--wait", description = "Follow the rollout until it is done, paused or cancelled")
        boolean await;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = JSON.createObjectNode();
            if (!id.isEmpty()) {
                body.put("id", id);
            }
            body.set("components", JSON.valueToTree(components));
            body.set("sites", JSON.valueToTree(sites));
            JsonNode started = call("POST", "/api/v1/cluster/rollouts", JSON.writeValueAsBytes(body));
            String rid = started.path("id").asText();
            out().println("started rollout " + rid);
            if (!await) {
                return 0;
            }
            String last = "";
            while (true) {
                JsonNode r = call("GET", "/api/v1/cluster/rollouts/" + rid, new byte[0]);
                String now = r.toString();
                if (!now.equals(last)) {
                    print(r);
                    last = now;
                }
                String status = r.path("status").asText();
                if (!status.equals("running")) {
                    return status.equals("done") ? 0 : 1;
                }
                Thread.sleep(1000);
            }
        }
    }

    @Command(name = "status", description = "Show a rollout (default: the latest ones).")
    static final class Status extends Api {
        @Parameters(arity = "0..1", paramLabel = "ID")
        String id = "";

        @Override
        public Integer call() throws Exception {
            if (!id.isEmpty()) {
                print(call("GET", "/api/v1/cluster/rollouts/" + id, new byte[0]));
                return 0;
            }
            JsonNode all = call("GET", "/api/v1/cluster/rollouts", new byte[0]).path("rollouts");
            if (all.isEmpty()) {
                out().println("no rollouts");
            }
            for (JsonNode r : all) {
                print(r);
            }
            return 0;
        }
    }

    /** pause, resume, cancel. */
    abstract static class Action extends Api {
        @Parameters(paramLabel = "ID")
        String id = "";

        abstract String action();

        @Override
        public Integer call() throws Exception {
            call("POST", "/api/v1/cluster/rollouts/" + id + "/" + action(), new byte[0]);
            print(call("GET", "/api/v1/cluster/rollouts/" + id, new byte[0]));
            return 0;
        }
    }

    @Command(name = "pause", description = "Pause a running rollout after its current step's phase.")
    static final class Pause extends Action {
        @Override
        String action() {
            return "pause";
        }
    }

    @Command(name = "resume", description = "Resume a paused rollout (a failed step runs again).")
    static final class Resume extends Action {
        @Override
        String action() {
            return "resume";
        }
    }

    @Command(name = "cancel", description = "Cancel a rollout (an unfinished step's component stays drained).")
    static final class Cancel extends Action {
        @Override
        String action() {
            return "cancel";
        }
    }
}
