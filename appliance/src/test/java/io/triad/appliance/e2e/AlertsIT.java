package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.appliance.config.RuleSection;
import io.triad.appliance.config.TriadConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shortage detection in the running appliance: a rule over the appliance's own scrape (low threshold, so it fires at
 * once) shows up in {@code /api/v1/alerts}, in {@code /api/v1/rules} beside the built-in rules, and as a searchable
 * log event; a silence made through the API mutes it and is expired again.
 */
class AlertsIT {
    @TempDir
    Path dir;

    @Test
    void firingAlertIsListedAndJournaledAsASearchableEvent() throws Exception {
        TriadConfig c = RunningAppliance.loopbackConfig(dir);
        c.metrics.selfScrapeSeconds = 1;
        c.alerts.evaluationIntervalSeconds = 1;
        RuleSection rule = new RuleSection();
        rule.name = "TriadScraped";
        rule.expr = "up{job=\"triad\"}";
        rule.comparison = "above";
        rule.critical = 0.5;
        rule.summary = "the appliance on {{ $labels.host }} is up: {{ $value }}";
        rule.labels.put("team", "ops");
        c.alerts.rules.add(rule);
        RuleSection override = new RuleSection();
        override.name = "VolumeFillingUp";
        override.warning = 48.0;
        c.alerts.rules.add(override);
        try (RunningAppliance triad = RunningAppliance.start(c)) {
            JsonNode alert = awaitAlert(triad, "TriadScraped", Duration.ofSeconds(30));
            assertThat(alert.path("state").asText()).isEqualTo("firing");
            assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
            assertThat(alert.path("labels").path("site").asText()).isEqualTo("site-a");
            assertThat(alert.path("labels").path("team").asText()).isEqualTo("ops");
            assertThat(alert.path("labels").has("__name__")).isFalse();
            assertThat(alert.path("value").asText()).isEqualTo("1");
            assertThat(alert.path("annotations").path("summary").asText()).endsWith("is up: 1");
            assertThat(alert.path("activeAt").asText()).isNotEmpty();

            JsonNode hits =
                    triad.awaitHits("fields.alertname:TriadScraped AND fields.state:firing", 1, Duration.ofSeconds(30));
            JsonNode event = hits.path("hits").get(0);
            assertThat(event.path("component").asText()).isEqualTo("appliance");
            assertThat(event.path("app").asText()).isEqualTo("triad-alerts");
            assertThat(event.path("severity").asInt()).isEqualTo(2);
            assertThat(event.path("message").asText()).contains("TriadScraped").contains("is up");
            assertThat(event.path("fields").path("severity").asText()).isEqualTo("critical");
            assertThat(event.path("fields").path("site").asText()).isEqualTo("site-a");

            JsonNode rules =
                    triad.get("/rules").path("data").path("groups").get(0).path("rules");
            assertThat(rules.findValuesAsText("name"))
                    .contains("VolumeFillingUp", "MemoryLow", "TargetDown", "TriadScraped");
            for (JsonNode r : rules) {
                assertThat(r.path("health").asText())
                        .as(r.path("name").asText() + ": " + r.path("lastError").asText())
                        .isEqualTo("ok");
                if (r.path("name").asText().equals("VolumeFillingUp")) {
                    assertThat(r.path("thresholds").get(0).path("trigger").asDouble())
                            .isEqualTo(48);
                    assertThat(r.path("thresholds").get(0).path("clear").asDouble())
                            .isEqualTo(72);
                }
            }

            HttpResponse<String> created = send(triad, "POST", "/silences", """
                    {"matchers":[{"name":"alertname","value":"TriadScraped","isRegex":false}],
                     "duration":"1h","comment":"e2e"}""");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            long id = RunningAppliance.JSON
                    .readTree(created.body())
                    .path("silenceID")
                    .asLong();
            JsonNode silences = triad.get("/silences");
            assertThat(silences.get(0).path("createdBy").asText()).isEqualTo("admin");
            assertThat(silences.get(0).path("status").path("state").asText()).isEqualTo("active");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (awaitAlert(triad, "TriadScraped", Duration.ofSeconds(5))
                    .path("silencedBy")
                    .isEmpty()) {
                if (System.nanoTime() > deadline) {
                    fail("the alert was not silenced");
                }
                Thread.sleep(200);
            }
            HttpResponse<String> bad = send(triad, "POST", "/silences", "{\"matchers\":[],\"duration\":\"1h\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("matchers");

            HttpResponse<String> expired = send(triad, "DELETE", "/silences/" + id, null);
            assertThat(expired.statusCode()).as(expired.body()).isEqualTo(200);
            assertThat(triad.get("/silences")
                            .get(0)
                            .path("status")
                            .path("state")
                            .asText())
                    .isEqualTo("expired");
            assertThat(send(triad, "DELETE", "/silences/" + id, null).statusCode())
                    .isEqualTo(404);
        }
    }

    private static JsonNode awaitAlert(RunningAppliance triad, String name, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode a : triad.get("/alerts").path("data").path("alerts")) {
                if (a.path("labels").path("alertname").asText().equals(name)) {
                    return a;
                }
            }
            Thread.sleep(200);
        }
        return fail("no alert " + name + " within " + timeout + ": " + triad.get("/alerts"));
    }

    private static HttpResponse<String> send(RunningAppliance triad, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(triad.api() + path))
                .header("Authorization", RunningAppliance.basic("admin", RunningAppliance.ADMIN_PASSWORD));
        if (body == null) {
            r.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return triad.http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
