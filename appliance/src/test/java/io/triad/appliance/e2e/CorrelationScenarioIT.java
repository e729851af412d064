package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alarm flows over syslog, GELF and OTLP with OS and network events between them ({@link AlarmFlowScenario}): the
 * correlation API gives back every flow exactly, from any of its events, with no foreign event.
 */
class CorrelationScenarioIT {
    private static final int FLOWS = 30;

    @TempDir
    Path dir;

    @Test
    void everyFlowIsReconstructedExactlyFromEachOfItsEvents() throws Exception {
        try (RunningAppliance triad = RunningAppliance.start(dir)) {
            AlarmFlowScenario scenario = new AlarmFlowScenario(20261201L, FLOWS, 8);
            scenario.send(triad);
            int total = scenario.sent().size();
            triad.awaitHits("*:*", total, Duration.ofSeconds(30));
            assertThat(triad.count("*:*")).isEqualTo(total);

            for (Map.Entry<String, List<AlarmFlowScenario.Sent>> flow :
                    scenario.flows().entrySet()) {
                String alarm = flow.getKey();
                List<AlarmFlowScenario.Sent> steps = flow.getValue();
                String trace = keyValue(steps.get(2), "trace_id");
                JsonNode found =
                        triad.search("correlation.alarm_id:\"" + alarm + "\" OR correlation.trace_id:" + trace, 100);
                assertThat(found.path("total").asLong()).as(alarm).isEqualTo(steps.size());
                Map<String, JsonNode> byMessage = new HashMap<>();
                for (JsonNode hit : found.path("hits")) {
                    byMessage.put(hit.path("message").asText(), hit);
                }
                for (AlarmFlowScenario.Sent anchor : steps) {
                    JsonNode event = byMessage.get(anchor.message());
                    assertThat(event)
                            .as("event '%s' of %s", anchor.message(), alarm)
                            .isNotNull();
                    assertThat(keys(event.path("correlation")))
                            .as("keys of '%s'", anchor.message())
                            .containsAll(anchor.keys());
                    JsonNode correlated =
                            triad.get("/events/" + event.path("id").asText() + "/correlated?window=10m&neighbours=0");
                    List<String> expected = new ArrayList<>();
                    for (AlarmFlowScenario.Sent s : steps) {
                        if (s.keys().stream().anyMatch(anchor.keys()::contains)) {
                            expected.add(s.message());
                        }
                    }
                    List<String> actual = new ArrayList<>();
                    for (JsonNode h : correlated.path("hits")) {
                        actual.add(h.path("event").path("message").asText());
                        assertThat(h.path("neighbour").asBoolean()).isFalse();
                        assertThat(h.path("links")).isNotEmpty();
                    }
                    assertThat(actual)
                            .as("events correlated with '%s' of %s", anchor.message(), alarm)
                            .containsExactlyElementsOf(expected);
                }

                JsonNode tx = triad.get("/correlation/alarm_id/" + URLEncoder.encode(alarm, StandardCharsets.UTF_8)
                        + "?from=now-1h&to=now%2B1h");
                assertThat(tx.path("count").asLong()).isEqualTo(5);
                assertThat(tx.path("components").toString())
                        .isEqualTo("[\"door\",\"AAM\",\"EEP\",\"EAP\",\"backbone\"]");
                assertThat(tx.path("sites").size()).isEqualTo(1); // one appliance receives both sites' hosts here
                assertThat(tx.path("duration_ms").asLong()).isEqualTo(300);
                assertThat(tx.path("error").asBoolean()).isTrue(); // the door controller reports at severity 2
            }

            JsonNode txs = triad.get("/transactions?key=alarm_id&from=now-1h&to=now%2B1h&sort=count&limit=1000");
            assertThat(txs.path("transactions").size()).isEqualTo(FLOWS);
            for (JsonNode t : txs.path("transactions")) {
                assertThat(t.path("count").asInt()).isEqualTo(5);
                assertThat(t.path("first_message").asText()).startsWith("door D");
            }
        }
    }

    @Test
    void neighboursAreTheOtherLayersOfTheSameHostAndCarryNoLink() throws Exception {
        try (RunningAppliance triad = RunningAppliance.start(dir)) {
            AlarmFlowScenario scenario = new AlarmFlowScenario(7L, 6, 20);
            scenario.send(triad);
            triad.awaitHits("*:*", scenario.sent().size(), Duration.ofSeconds(30));
            JsonNode eep = triad.search("host:eep-a1 AND layer:application", 1)
                    .path("hits")
                    .get(0);
            JsonNode c = triad.get("/events/" + eep.path("id").asText() + "/correlated?window=10m&neighbours=10m");
            int neighbours = 0;
            for (JsonNode h : c.path("hits")) {
                if (h.path("neighbour").asBoolean()) {
                    neighbours++;
                    assertThat(h.path("event").path("host").asText()).isEqualTo("eep-a1");
                    assertThat(h.path("event").path("layer").asText()).isIn("os", "network");
                    assertThat(h.path("links")).isEmpty();
                }
            }
            long expected = scenario.sent().stream()
                    .filter(s -> !s.flow() && s.host().equals("eep-a1"))
                    .count();
            assertThat(neighbours).isEqualTo((int) expected).isPositive();
        }
    }

    private static String keyValue(AlarmFlowScenario.Sent s, String name) {
        for (String k : s.keys()) {
            if (k.startsWith(name + "=")) {
                return k.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + s);
    }

    private static Set<String> keys(JsonNode correlation) {
        Set<String> out = new TreeSet<>();
        correlation.fields().forEachRemaining(e -> e.getValue().forEach(v -> out.add(e.getKey() + "=" + v.asText())));
        return out;
    }
}
