package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.appliance.config.TriadConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An appliance configured for real USB dongles on a machine without any (this one has no USB bus, and libusb may not
 * even start): it starts, says why it is unlicensed, and takes and finds events as ever.
 */
class LicenseUsbTransportIT {
    @TempDir
    Path dir;

    @Test
    void withoutAUsbDongleTheApplianceRunsAndSaysWhy() throws Exception {
        TriadConfig c = RunningAppliance.loopbackConfig(dir);
        c.licensing.transport = "usb";
        try (RunningAppliance triad = RunningAppliance.start(c)) {
            JsonNode s = triad.get("/license");
            assertThat(s.path("state").asText()).isEqualTo("unlicensed");
            assertThat(s.path("reason").asText()).contains("no license is installed");
            JsonNode site = s.path("sites").get(0);
            assertThat(site.path("transport").asText()).isEqualTo("usb");
            // either libusb started and found no dongle, or it could not start and the site says why
            if (site.has("problem")) {
                assertThat(site.path("problem").asText()).containsIgnoringCase("libusb");
            } else {
                assertThat(site.path("otherDongles")).isEmpty();
            }
            var r = triad.http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    "http://127.0.0.1:" + triad.port("otlp-http") + "/api/v1/ingest"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "{\"host\":\"eap-1\",\"message\":\"usbtransportflow works\"}\n"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            triad.awaitHits("usbtransportflow", 1, Duration.ofSeconds(30));
        }
    }
}
