package io.triad.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.triad.metrics.query.PromQlParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard definitions under {@code ui/dashboards/}: every one the index lists exists, its panels are of a type
 * and unit the UI draws, every query parses as the appliance's PromQL once its placeholders are filled, and every
 * selector carries the site filter.
 */
class DashboardDefinitionsTest {
    private static final Set<String> TYPES = Set.of("line", "stat", "bar", "alerts");
    private static final Set<String> UNITS = Set.of("bytes", "bytes/s", "percent", "seconds", "ops/s", "none");
    private static final Pattern SELECTOR = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*\\{([^}]*)}");

    private final UiAssets assets = UiAssets.fromClasspath();
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode read(String name) throws IOException {
        return json.readTree(assets.find(name)
                .orElseThrow(() -> new AssertionError(name + " is missing"))
                .bytes());
    }

    private List<JsonNode> dashboards() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode entry : read("dashboards/index.json").path("dashboards")) {
            String id = entry.path("id").asText();
            JsonNode d = read("dashboards/" + id + ".json");
            assertThat(d.path("id").asText()).as("id inside %s.json", id).isEqualTo(id);
            assertThat(d.path("title").asText())
                    .as("title of %s", id)
                    .isEqualTo(entry.path("title").asText());
            out.add(d);
        }
        return out;
    }

    @Test
    void theIndexListsTheDashboardsOfTheIssues() throws IOException {
        assertThat(dashboards().stream().map(d -> d.path("title").asText()))
                .containsExactly("Overview", "Hosts", "JVM", "Log pipeline", "Components", "Appliance cluster");
    }

    @Test
    void everySelectorOfTheComponentsDashboardLeavesOutTheAppliance() throws IOException {
        JsonNode d = read("dashboards/components.json");
        int selectors = 0;
        for (JsonNode row : d.path("rows")) {
            for (JsonNode p : row.path("panels")) {
                List<String> queries = new ArrayList<>();
                if (p.has("query")) {
                    queries.add(p.path("query").asText());
                }
                for (JsonNode q : p.path("queries")) {
                    queries.add(q.path("expr").asText());
                }
                for (String q : queries) {
                    Matcher m = SELECTOR.matcher(q);
                    while (m.find()) {
                        assertThat(m.group(1))
                                .as(
                                        "a selector of components/%s: %s",
                                        p.path("id").asText(), q)
                                .contains("component!=\"appliance\"");
                        selectors++;
                    }
                }
            }
        }
        assertThat(selectors).isGreaterThan(10);
    }

    @Test
    void everyPanelHasAKnownTypeUnitAndWidthAndUniqueId() throws IOException {
        for (JsonNode d : dashboards()) {
            Set<String> ids = new HashSet<>();
            for (JsonNode row : d.path("rows")) {
                int width = 0;
                for (JsonNode p : row.path("panels")) {
                    String where = d.path("id").asText() + "/" + p.path("id").asText();
                    assertThat(p.path("id").asText()).as(where).matches("[a-z0-9-]+");
                    assertThat(ids.add(p.path("id").asText()))
                            .as("%s is unique", where)
                            .isTrue();
                    assertThat(p.path("title").asText()).as(where).isNotBlank();
                    assertThat(p.path("type").asText()).as("type of %s", where).isIn(TYPES);
                    assertThat(p.path("unit").asText()).as("unit of %s", where).isIn(UNITS);
                    assertThat(p.path("width").asInt()).as("width of %s", where).isBetween(1, 12);
                    width += p.path("width").asInt();
                }
                assertThat(width % 12)
                        .as("widths of row '%s' of %s fill whole lines of 12", row.path("title"), d.path("id"))
                        .isZero();
            }
        }
    }

    @Test
    void thresholdsAreNumbersInTheOrderOfTheirDirection() throws IOException {
        int count = 0;
        for (JsonNode d : dashboards()) {
            for (JsonNode row : d.path("rows")) {
                for (JsonNode p : row.path("panels")) {
                    JsonNode t = p.path("thresholds");
                    if (t.isMissingNode()) {
                        continue;
                    }
                    String where = d.path("id").asText() + "/" + p.path("id").asText();
                    assertThat(t.path("critical").isNumber())
                            .as("critical of %s", where)
                            .isTrue();
                    if (t.has("warning")) {
                        double w = t.path("warning").asDouble();
                        double c = t.path("critical").asDouble();
                        if (t.path("below").asBoolean()) {
                            assertThat(w)
                                    .as("%s: below-thresholds warn above critical", where)
                                    .isGreaterThan(c);
                        } else {
                            assertThat(w)
                                    .as("%s: warning before critical", where)
                                    .isLessThan(c);
                        }
                    }
                    count++;
                }
            }
        }
        assertThat(count).as("panels with thresholds").isGreaterThan(20);
    }

    @Test
    void everyQueryParsesAndEverySelectorCarriesTheSiteFilter() throws IOException {
        int count = 0;
        for (JsonNode d : dashboards()) {
            for (JsonNode row : d.path("rows")) {
                for (JsonNode p : row.path("panels")) {
                    String where = d.path("id").asText() + "/" + p.path("id").asText();
                    if (p.path("type").asText().equals("alerts")) {
                        // lists /api/v1/alerts: no query of its own
                        assertThat(p.has("query") || p.has("queries")).as(where).isFalse();
                        continue;
                    }
                    List<String> queries = new ArrayList<>();
                    if (p.has("query")) {
                        queries.add(p.path("query").asText());
                    }
                    for (JsonNode q : p.path("queries")) {
                        queries.add(q.path("expr").asText());
                    }
                    assertThat(queries).as("queries of %s", where).isNotEmpty();
                    for (String q : queries) {
                        Matcher m = SELECTOR.matcher(q);
                        int selectors = 0;
                        while (m.find()) {
                            assertThat(m.group(1))
                                    .as("a selector of %s: %s", where, q)
                                    .contains("site=~\"$site\"");
                            selectors++;
                        }
                        assertThat(selectors).as("selectors of %s", where).isPositive();
                        String expanded = q.replace("$site", "site\\\\-a").replace("$window", "1m");
                        PromQlParser.parse(expanded);
                        count++;
                    }
                }
            }
        }
        assertThat(count).isGreaterThan(50);
    }
}
