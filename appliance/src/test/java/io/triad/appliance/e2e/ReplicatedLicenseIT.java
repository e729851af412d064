package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.licensing.dongle.EmulatedDongleFile;
import io.triad.licensing.license.License;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    private static final List<String> SITES = ClusterSites.SITES;

    @TempDir
    static Path dir;

    static ClusterSites sites;
    static final Map<String, EmulatedDongleFile> DONGLES = new LinkedHashMap<>();
    static LicenseVendor vendor;
    static String lost = "";
    static String survivor = "";

    @BeforeAll
    static void start() throws Exception {
        vendor = LicenseVendor.create("vendor-it-2");
        for (String site : SITES) {
            DONGLES.put(site, LicenseVendor.dongle("TRD-RL-" + site));
        }
        sites = ClusterSites.start(dir, LicenseVendor.CLUSTER, (site, c) -> {
            Path home = dir.resolve(site);
            Path bus = Files.createDirectories(home.resolve("bus"));
            DONGLES.get(site)
                    .write(bus.resolve(
                            EmulatedDongleFile.fileName(DONGLES.get(site).serial())));
            Path keys = vendor.writeKeyFile(home.resolve("vendor-keys"));
            c.index = c.index.withRamBufferMiB(32);
            c.metrics.resultsCacheMiB = 16;
            c.licensing.provisionDemo = false;
            c.licensing.trustDemoKey = false;
            c.licensing.emulatedDir = bus.toString();
            c.licensing.vendorKeysDir = keys.toString();
            c.licensing.attestIntervalSeconds = 1;
            c.licensing.evaluateIntervalSeconds = 1;
            c.licensing.attestationRefreshSeconds = 2;
            c.licensing.pollMillis = 100;
        });
        byte[] doc = vendor.license(
                "LIC-RL-1",
                DONGLES,
                new License.Policy(2, MAX_AGE, Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofMinutes(10)));
        for (Map.Entry<String, RunningAppliance> e : sites.running().entrySet()) {
            HttpResponse<String> r = e.getValue().post("/license", "application/json", doc);
            assertThat(r.statusCode()).as("%s: %s", e.getKey(), r.body()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        if (sites != null) {
            sites.close();
        }
    }

    /** Polls the site's license status until {@code done}; every status on the way must pass {@code always}. */
    private static JsonNode awaitLicense(String site, Predicate<JsonNode> done, Predicate<JsonNode> always, String what)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = sites.get(site).get("/license");
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
        HttpResponse<String> m = sites.get(site).metrics();
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
        String leader = sites.get("site-a").get("/cluster").path("leader").asText();
        lost = leader.equals("site-a") ? "site-a" : "site-b";
        survivor = lost.equals("site-a") ? "site-b" : "site-a";
        sites.stop(lost);
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
            JsonNode j = sites.get(survivor).get("/license");
            assertThat(j.path("state").asText()).as("%s", j).isEqualTo("licensed");
            assertThat(attested(j, "witness")).as("%s", j).isTrue();
            Thread.sleep(200);
        }
    }

    private static List<String> survivorAndWitness() {
        return survivor.equals("site-a") ? List.of("site-a", "witness") : List.of("site-b", "witness");
    }
}
