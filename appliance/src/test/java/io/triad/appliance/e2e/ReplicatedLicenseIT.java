package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.appliance.config.TriadConfig;
import io.triad.appliance.failover.ClusterCertificates;
import io.triad.licensing.crypto.Ed25519;
import io.triad.licensing.dongle.DongleProtocol;
import io.triad.licensing.dongle.EmulatedDongleFile;
import io.triad.licensing.license.License;
import io.triad.licensing.license.LicenseDocument;
import io.triad.licensing.license.VendorKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 2-of-3 rule across three clustered appliances in this JVM (site-a, site-b, the witness; Ratis on loopback with
 * mutual TLS), each with its own emulated dongle bus, vendor key directory and data directory, and no shared
 * attestation directory: the sites' reports travel in the replicated cluster state. A license for the three sites
 * whose evidence counts for 10 s is installed on each through the API. Both data sites show every site's dongle
 * attested; then the data site that leads the cluster is closed. The survivor stays licensed throughout, and once the
 * lost site's last evidence is older than 10 s it counts the survivor and the witness, whose reports still reach it
 * through the two remaining members.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedLicenseIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration MAX_AGE = Duration.ofSeconds(10);
    private static final List<String> SITES = List.of("site-a", "site-b", "witness");

    @TempDir
    static Path dir;

    static final Map<String, RunningAppliance> TRIAD = new LinkedHashMap<>();
    static final Map<String, EmulatedDongleFile> DONGLES = new LinkedHashMap<>();
    static VendorKeys.VendorKeyPair vendor;
    static String lost = "";
    static String survivor = "";

    @BeforeAll
    static void start() throws Exception {
        KeyPair p = Ed25519.generate();
        vendor = new VendorKeys.VendorKeyPair("vendor-it-2", p.getPrivate(), p.getPublic());
        ClusterCertificates.init(
                dir.resolve("cluster-tls"), "cluster-it", SITES, Duration.ofDays(1), Clock.systemUTC());
        Map<String, Integer> raft = new LinkedHashMap<>();
        for (String site : SITES) {
            raft.put(site, freePort());
            EmulatedDongleFile d = EmulatedDongleFile.create(
                    "TRD-RL-" + site, new byte[0], DongleProtocol.DEFAULT_VENDOR_ID, DongleProtocol.DEFAULT_PRODUCT_ID);
            DONGLES.put(site, d);
        }
        List<TriadConfig> configs = new ArrayList<>();
        for (String site : SITES) {
            Path home = dir.resolve(site);
            Path bus = Files.createDirectories(home.resolve("bus"));
            DONGLES.get(site)
                    .write(bus.resolve(
                            EmulatedDongleFile.fileName(DONGLES.get(site).serial())));
            Path keys = Files.createDirectories(home.resolve("vendor-keys"));
            Files.writeString(
                    keys.resolve("vendor-it-2.json"), VendorKeys.keyFile(vendor.keyId(), vendor.publicKey(), null));
            TriadConfig c = RunningAppliance.loopbackConfig(home.resolve("data"));
            c.site.id = site;
            c.site.role = site.equals("witness") ? "witness" : "data";
            c.site.cluster = "cluster-it";
            c.index.ramBufferMiB = 32;
            c.metrics.resultsCacheMiB = 16;
            c.licensing.provisionDemo = false;
            c.licensing.trustDemoKey = false;
            c.licensing.emulatedDir = bus.toString();
            c.licensing.vendorKeysDir = keys.toString();
            c.licensing.attestIntervalSeconds = 1;
            c.licensing.evaluateIntervalSeconds = 1;
            c.licensing.attestationRefreshSeconds = 2;
            c.licensing.pollMillis = 100;
            c.cluster.bind = "127.0.0.1";
            c.cluster.tlsDir = dir.resolve("cluster-tls").toString();
            for (String s : SITES) {
                TriadConfig.PeerSection peer = new TriadConfig.PeerSection();
                peer.id = s;
                peer.role = s.equals("witness") ? "witness" : "data";
                peer.host = "127.0.0.1";
                peer.raftPort = raft.get(s);
                c.cluster.peers.add(peer);
            }
            configs.add(c);
        }
        for (TriadConfig c : configs) {
            TRIAD.put(c.site.id, RunningAppliance.start(c));
        }
        byte[] doc = license();
        for (Map.Entry<String, RunningAppliance> e : TRIAD.entrySet()) {
            HttpResponse<String> r = post(e.getValue(), "/license", doc);
            assertThat(r.statusCode()).as("%s: %s", e.getKey(), r.body()).isEqualTo(200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @AfterAll
    static void stop() {
        List<RunningAppliance> running = new ArrayList<>(TRIAD.values());
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    static byte[] license() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<License.Dongle> ds = new ArrayList<>();
        DONGLES.forEach((site, d) -> ds.add(new License.Dongle(d.serial(), site, d.publicKey())));
        return LicenseDocument.sign(
                new License(
                        License.FORMAT,
                        "LIC-RL-1",
                        "ACME Security (integration test)",
                        "cluster-it",
                        List.of(
                                new License.Site("site-a", "data"),
                                new License.Site("site-b", "data"),
                                new License.Site("witness", "witness")),
                        ds,
                        License.KNOWN_MODULES,
                        Map.of("nodes", 6),
                        now.minus(Duration.ofDays(1)),
                        now.plus(Duration.ofDays(20)),
                        now,
                        new License.Policy(
                                2, MAX_AGE, Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofMinutes(10)),
                        false),
                vendor);
    }

    private static HttpResponse<String> post(RunningAppliance triad, String path, byte[] body) throws Exception {
        return triad.http.send(
                HttpRequest.newBuilder(URI.create(triad.api() + path))
                        .header("Authorization", RunningAppliance.basic("admin", RunningAppliance.ADMIN_PASSWORD))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Polls the site's license status until {@code done}; every status on the way must pass {@code always}. */
    private static JsonNode awaitLicense(String site, Predicate<JsonNode> done, Predicate<JsonNode> always, String what)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = TRIAD.get(site).get("/license");
            assertThat(always.test(last))
                    .as("%s on the way to %s: %s", site, what, last)
                    .isTrue();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(site + "'s license never became " + what + "; last: " + last);
    }

    private static boolean attested(JsonNode status, String site) {
        for (JsonNode s : status.path("sites")) {
            if (s.path("id").asText().equals(site)) {
                return s.path("dongle").path("attested").asBoolean();
            }
        }
        return false;
    }

    private static double meter(String site, String line) throws Exception {
        RunningAppliance t = TRIAD.get(site);
        HttpResponse<String> m = t.http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + t.port("web") + "/metrics"))
                        .header("Authorization", RunningAppliance.basic("admin", RunningAppliance.ADMIN_PASSWORD))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Matcher x = Pattern.compile("(?m)^" + Pattern.quote(line) + " (\\S+)$").matcher(m.body());
        assertThat(x.find()).as("%s in %s's /metrics", line, site).isTrue();
        return Double.parseDouble(x.group(1));
    }

    @Test
    @Order(1)
    void eachDataSiteSeesBothDataSitesDonglesAttestedThroughTheClusterState() throws Exception {
        for (String site : List.of("site-a", "site-b")) {
            JsonNode s = awaitLicense(
                    site, j -> j.path("quorum").path("attested").asInt() == 3, j -> true, "attested at 3 sites");
            assertThat(s.path("state").asText()).isEqualTo("licensed");
            assertThat(s.path("license").path("licenseId").asText()).isEqualTo("LIC-RL-1");
            assertThat(attested(s, "site-a")).as("site-a's dongle on %s", site).isTrue();
            assertThat(attested(s, "site-b")).as("site-b's dongle on %s", site).isTrue();
            assertThat(attested(s, "witness"))
                    .as("the witness's dongle on %s", site)
                    .isTrue();
        }
        for (String site : SITES) {
            // no site wrote a report to a directory: they went through the cluster state
            assertThat(dir.resolve(site).resolve("data/license/attestations")).doesNotExist();
            String tag = "site=\"" + site + "\"}";
            assertThat(meter(site, "triad_license_reports_submitted_total{outcome=\"committed\"," + tag))
                    .isPositive();
            assertThat(meter(site, "triad_license_reports_malformed_total{" + tag))
                    .isZero();
        }
        // attested every second, an unchanged report goes to the log every 2 s only
        Thread.sleep(3000);
        assertThat(meter("site-a", "triad_license_reports_unchanged_total{site=\"site-a\"}"))
                .isPositive();
    }

    @Test
    @Order(2)
    void theSurvivorStaysLicensedWhenTheLeadingDataSiteIsLost() throws Exception {
        String leader = TRIAD.get("site-a").get("/cluster").path("leader").asText();
        lost = leader.equals("site-a") ? "site-a" : "site-b";
        survivor = lost.equals("site-a") ? "site-b" : "site-a";
        TRIAD.remove(lost).close();
        Instant closed = Instant.now();

        Predicate<JsonNode> licensed = j -> j.path("state").asText().equals("licensed");
        JsonNode s = awaitLicense(survivor, j -> !attested(j, lost), licensed, lost + "'s evidence aged out");
        assertThat(Duration.between(closed, Instant.now())).isGreaterThanOrEqualTo(MAX_AGE.minusSeconds(4));
        assertThat(s.path("quorum").path("attested").asInt()).isEqualTo(2);
        assertThat(s.path("reason").asText())
                .contains("2 of 3 sites (" + String.join(", ", survivorAndWitness()) + ")");
        assertThat(attested(s, survivor)).isTrue();
        assertThat(attested(s, "witness")).isTrue();

        // the witness's reports keep reaching the survivor: 2 of 3 for longer than another evidence lifetime
        long until = System.nanoTime() + MAX_AGE.plusSeconds(5).toNanos();
        while (System.nanoTime() < until) {
            JsonNode j = TRIAD.get(survivor).get("/license");
            assertThat(j.path("state").asText()).as("%s", j).isEqualTo("licensed");
            assertThat(attested(j, "witness")).as("%s", j).isTrue();
            Thread.sleep(200);
        }
    }

    private static List<String> survivorAndWitness() {
        return survivor.equals("site-a") ? List.of("site-a", "witness") : List.of("site-b", "witness");
    }
}
