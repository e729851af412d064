package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.triad.testkit.cluster.PrimaryChecker;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log replication in {@code triad demo}, with real processes: sustained NDJSON ingest into both data sites (their
 * inputs acknowledge by the default policy {@code both}), then {@code kill -9} of site-a in the middle of it. Every
 * event either site acknowledged, before or after the kill, is found exactly once in the survivor's search; the
 * survivor goes on acknowledging once the cluster has declared site-a down. After {@code triad demo restore} the two
 * sites converge: the same highest sequence per origin and the same digest of all event ids.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationDemoIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VICTIM = "site-a";
    private static final String SURVIVOR = "site-b";

    @TempDir
    static Path dir;

    static final List<Long> PIDS = new ArrayList<>();
    static JsonNode demo;
    static ClusterClient client;
    static LogLoad load;
    static int ackedBeforeKill;

    @BeforeAll
    static void startDemo() throws Exception {
        DemoFailoverIT.CliResult r = DemoFailoverIT.demoCli("--data", dir.toString(), "--ports", "auto", "--detach");
        rememberPids();
        assertThat(r.code()).as("triad demo: %s%s", r.out(), r.err()).isZero();
        demo = JSON.readTree(dir.resolve("demo.json").toFile());
        client = new ClusterClient(
                new ClusterClient.Sites() {
                    @Override
                    public String url(String site) {
                        return site(site).path("url").asText();
                    }

                    @Override
                    public String log(String site) {
                        return site(site).path("log").asText();
                    }

                    @Override
                    public Optional<String> gone(String site) {
                        return Optional.empty();
                    }
                },
                demo.path("adminPassword").asText(),
                Duration.ofSeconds(5),
                Duration.ofMillis(200),
                new PrimaryChecker());
    }

    @AfterAll
    static void stopDemo() throws Exception {
        if (load != null) {
            load.close();
        }
        rememberPids();
        if (Files.exists(dir.resolve("demo.json"))) {
            DemoFailoverIT.demoCli("stop", "--data", dir.toString());
        }
        for (long pid : PIDS) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // it was sent SIGKILL: nothing more to do
                }
            });
        }
    }

    @Test
    @Order(1)
    void bothDataSitesReplicateAndTheWitnessStoresNoLogs() throws Exception {
        for (String s : List.of(VICTIM, SURVIVOR)) {
            JsonNode h = awaitHealth(
                    s,
                    r -> r.path("pulling").asBoolean() && r.path("peerPulling").asBoolean());
            assertThat(h.path("replication").path("status").asText())
                    .as("replication on %s: %s", s, h)
                    .isEqualTo("up");
        }
        JsonNode witness = client.get("witness", "/api/v1/health");
        assertThat(witness.has("replication"))
                .as("the witness replicates nothing: %s", witness)
                .isFalse();
        // the witness' run file lists the ports it bound: the web server, no log input
        JsonNode run = JSON.readTree(
                dir.resolve("witness").resolve("data").resolve("run.json").toFile());
        assertThat(run.path("ports").has("web")).as("witness run.json: %s", run).isTrue();
        assertThat(run.path("ports").has("otlp-http") || run.path("ports").has("syslog-tcp"))
                .as("witness run.json: %s", run)
                .isFalse();
    }

    @Test
    @Order(2)
    void killNineDuringIngestLosesNoAcknowledgedEvent() throws Exception {
        Map<String, URI> targets = new LinkedHashMap<>();
        for (String s : List.of(VICTIM, SURVIVOR)) {
            targets.put(
                    s,
                    URI.create("http://127.0.0.1:"
                            + site(s).path("ports").path("otlp").asInt() + "/api/v1/ingest"));
        }
        load = new LogLoad(
                "repl" + UUID.randomUUID().toString().replace("-", ""), targets, 2, 20, Duration.ofMillis(20));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((load.acked(VICTIM).size() < 2000 || load.acked(SURVIVOR).size() < 2000)
                && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
        assertThat(load.acked(VICTIM))
                .as("acknowledged by %s before the kill", VICTIM)
                .hasSizeGreaterThan(1000);

        Process kill = new ProcessBuilder(
                        "kill", "-9", Long.toString(site(VICTIM).path("pid").asLong()))
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
        int survivorAtKill = load.acked(SURVIVOR).size();
        ackedBeforeKill = load.allAcked().size();

        // the survivor's both-acks wait until the cluster declares site-a down, then acknowledge locally
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (load.acked(SURVIVOR).size() < survivorAtKill + 1000 && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
        load.close();
        assertThat(load.acked(SURVIVOR).size())
                .as("the survivor acknowledges again after the kill")
                .isGreaterThanOrEqualTo(survivorAtKill + 1000);
        JsonNode health = client.get(SURVIVOR, "/api/v1/health").path("replication");
        assertThat(health.path("fallbackToLocal").asBoolean())
                .as("the survivor's both-acks fall back to local: %s", health)
                .isTrue();

        Set<Integer> acked = load.allAcked();
        EventSet found = awaitEvents(SURVIVOR, s -> s.numbers().keySet().containsAll(acked));
        List<Integer> missing = new ArrayList<>();
        for (int n : acked) {
            if (!found.numbers().containsKey(n)) {
                missing.add(n);
            }
        }
        assertThat(missing)
                .as(
                        "acknowledged events (%d, %d before the kill) missing on the survivor",
                        acked.size(), ackedBeforeKill)
                .isEmpty();
        assertThat(found.numbers().values()).as("each event once").allMatch(c -> c == 1);
        log("acknowledged " + acked.size() + " events (" + ackedBeforeKill + " before the kill); the survivor holds "
                + found.numbers().size() + " of the load's events, per origin up to " + found.maxSeqs());
    }

    @Test
    @Order(3)
    void theRestoredSiteAndTheSurvivorConverge() throws Exception {
        DemoFailoverIT.CliResult r = DemoFailoverIT.demoCli("restore", VICTIM, "--data", dir.toString());
        assertThat(r.code()).as("triad demo restore: %s%s", r.out(), r.err()).isZero();
        demo = JSON.readTree(dir.resolve("demo.json").toFile());
        rememberPids();
        for (String s : List.of(VICTIM, SURVIVOR)) {
            awaitHealth(
                    s,
                    x -> x.path("pulling").asBoolean() && x.path("lagRecords").asLong() == 0);
        }
        // the journals: each holds the other's events up to the other's highest sequence
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode a;
        JsonNode b;
        do {
            a = client.get(VICTIM, "/api/v1/health").path("replication");
            b = client.get(SURVIVOR, "/api/v1/health").path("replication");
            if (a.path("heldSeq").asLong() == b.path("localSeq").asLong()
                    && b.path("heldSeq").asLong() == a.path("localSeq").asLong()
                    && a.path("unacked").asLong() == 0
                    && b.path("unacked").asLong() == 0) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() - deadline < 0);
        assertThat(a.path("heldSeq").asLong())
                .as("%s: %s; %s: %s", VICTIM, a, SURVIVOR, b)
                .isEqualTo(b.path("localSeq").asLong());
        assertThat(b.path("heldSeq").asLong())
                .as("%s: %s; %s: %s", VICTIM, a, SURVIVOR, b)
                .isEqualTo(a.path("localSeq").asLong());

        // the indexes: the load's events, the same ids on both sites
        EventSet onSurvivor = EventSet.read(p -> client.get(SURVIVOR, p), load.marker());
        EventSet onRestored =
                awaitEvents(VICTIM, s -> s.ids().size() >= onSurvivor.ids().size());
        assertThat(onRestored.maxSeqs()).isEqualTo(onSurvivor.maxSeqs());
        assertThat(onRestored.digest()).as("digest of the ids").isEqualTo(onSurvivor.digest());
        assertThat(onRestored.ids()).isEqualTo(onSurvivor.ids());
        assertThat(onRestored.hits())
                .as("no duplicate")
                .isEqualTo(onRestored.ids().size());
        log("converged: " + onSurvivor.ids().size() + " events, per origin up to " + onSurvivor.maxSeqs() + ", digest "
                + onSurvivor.digest());
    }

    // --- helpers

    /** Polls a site's health until its replication detail passes; fails with the last answer otherwise. */
    static JsonNode awaitHealth(String site, Predicate<JsonNode> replication) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode last = JSON.createObjectNode();
        while (System.nanoTime() - deadline < 0) {
            Optional<JsonNode> h = client.tryGet(site, "/api/v1/health");
            if (h.isPresent()) {
                last = h.get();
                if (replication.test(last.path("replication"))) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the replication of " + site + " did not get there: " + last);
    }

    /** Polls a site's search for the load's events until they pass (the indexer trails the journal a little). */
    static EventSet awaitEvents(String site, Predicate<EventSet> until) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        EventSet last;
        do {
            last = EventSet.read(p -> client.get(site, p), load.marker());
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(500);
        } while (System.nanoTime() - deadline < 0);
        return last;
    }

    static void rememberPids() {
        try {
            if (Files.exists(dir.resolve("demo.json"))) {
                JSON.readTree(dir.resolve("demo.json").toFile())
                        .path("sites")
                        .forEach(s -> PIDS.add(s.path("pid").asLong()));
            }
        } catch (IOException e) {
            // a half-written demo.json: the pids seen before are still killed
        }
    }

    static JsonNode site(String id) {
        for (JsonNode s : demo.path("sites")) {
            if (s.path("id").asText().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no site " + id + " in demo.json");
    }

    static void log(String line) {
        System.out.println("[ReplicationDemoIT] " + line);
    }
}
