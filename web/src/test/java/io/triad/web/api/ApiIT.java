package io.triad.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.triad.collector.journal.JournalRecord;
import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import io.triad.search.correlation.CorrelationService;
import io.triad.search.index.IndexConfig;
import io.triad.search.index.LogIndex;
import io.triad.search.query.QueryLimits;
import io.triad.search.query.SearchService;
import io.triad.web.WebConfig;
import io.triad.web.WebServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST API over a real Grizzly server on loopback and a real (in-memory) Lucene index. */
class ApiIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final long NOW_MICROS = NOW.toEpochMilli() * 1000;
    static final int EVENTS = 250;

    static LogIndex index;
    static WebServer web;
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        index = LogIndex.inMemory(IndexConfig.defaults(), CLOCK);
        List<JournalRecord> records = new ArrayList<>();
        for (int i = 1; i <= EVENTS; i++) {
            LogEvent e = LogEvent.builder()
                    .id(new EventId("site-a", i))
                    .timestamp(NOW_MICROS - (EVENTS - i) * 1_000_000L) // one per second, the last one at NOW
                    .received(NOW_MICROS)
                    .site("site-a")
                    .input("test")
                    .host(i % 2 == 0 ? "eap-1" : "eep-1")
                    .component(i % 2 == 0 ? "EAP" : "EEP")
                    .app("alarmd")
                    .procId(String.valueOf(100 + i % 3))
                    .severity(i % 10 == 0 ? 3 : 6)
                    .message("alarm ALM-" + i + " raised on door " + (i % 7) + " from 10.1.2." + (i % 250))
                    .field("door", String.valueOf(i % 7))
                    .correlate("alarm_id", "ALM-" + i)
                    .build();
            records.add(new JournalRecord(i, e));
        }
        index.add(records);
        index.commit(EVENTS);
        index.refresh();
        SearchService search = new SearchService(index, QueryLimits.defaults(), CLOCK);
        CorrelationService correlation = new CorrelationService(index, search, 100_000);
        web = WebServer.start(
                new WebConfig("127.0.0.1", 0),
                List.of(
                        new HealthResource(() -> new HealthResource.HealthReport(true, Map.of("site", "site-a"))),
                        new MetricsResource(() -> "# HELP x y\n# TYPE x counter\nx_total 1.0\n"),
                        new SearchResource(search, CLOCK, 100),
                        new EventsResource(search, correlation),
                        new CorrelationResource(correlation, CLOCK),
                        new SearchErrors()));
    }

    @AfterAll
    static void stop() throws Exception {
        web.close();
        index.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void healthAnswersUpWithoutAuthentication() throws Exception {
        JsonNode h = json("/api/v1/health");
        assertThat(h.path("status").asText()).isEqualTo("up");
        assertThat(h.path("site").asText()).isEqualTo("site-a");
    }

    @Test
    void metricsAreServedAsPrometheusText() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).contains("x_total 1.0");
    }

    @Test
    void searchFindsByTermAndFieldNewestFirstWithHighlights() throws Exception {
        JsonNode r = json("/api/v1/search?q=" + q("ALM-42") + "&from=now-1h");
        assertThat(r.path("total").asLong()).isEqualTo(1);
        JsonNode hit = r.path("hits").get(0);
        assertThat(hit.path("id").asText()).isEqualTo("site-a:42");
        assertThat(hit.path("timestamp").asText()).isEqualTo("2026-11-22T09:56:32Z");
        assertThat(hit.path("host").asText()).isEqualTo("eap-1");
        assertThat(hit.path("severityName").asText()).isEqualTo("info");
        assertThat(hit.path("correlation").path("alarm_id").get(0).asText()).isEqualTo("ALM-42");
        assertThat(hit.path("highlights")).isNotEmpty();

        JsonNode errors = json("/api/v1/search?q=" + q("host:eap-1 AND severity:3") + "&from=now-1h&limit=500");
        assertThat(errors.path("total").asLong()).isEqualTo(25);
        long previous = Long.MAX_VALUE;
        for (JsonNode h : errors.path("hits")) {
            long ts = Instant.parse(h.path("timestamp").asText()).toEpochMilli();
            assertThat(ts).isLessThanOrEqualTo(previous);
            previous = ts;
        }
    }

    @Test
    void timeRangeDefaultsToTheLastFifteenMinutesAndAcceptsIsoInstants() throws Exception {
        assertThat(json("/api/v1/search").path("total").asLong()).isEqualTo(EVENTS);
        JsonNode r = json("/api/v1/search?from=" + q("2026-11-22T09:59:00Z") + "&to=" + q("2026-11-22T10:00:00Z"));
        assertThat(r.path("total").asLong()).isEqualTo(61);
    }

    @Test
    void cursorPagesThroughEveryHitOnceInOrder() throws Exception {
        Set<String> ids = new HashSet<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = json(
                    "/api/v1/search?q=alarm&from=now-1h&limit=40" + (cursor.isEmpty() ? "" : "&cursor=" + q(cursor)));
            for (JsonNode h : page.path("hits")) {
                assertThat(ids.add(h.path("id").asText())).isTrue();
            }
            cursor = page.path("cursor").asText("");
            pages++;
        } while (!cursor.isEmpty());
        assertThat(ids).hasSize(EVENTS);
        assertThat(pages).isEqualTo(7);
    }

    @Test
    void histogramBucketsSumToTheTotal() throws Exception {
        JsonNode h = json("/api/v1/search/histogram?q=alarm&from=now-5m&to=now&interval=1m");
        assertThat(h.path("interval").asText()).isEqualTo("PT1M");
        long sum = 0;
        for (JsonNode b : h.path("buckets")) {
            sum += b.path("count").asLong();
        }
        assertThat(sum).isEqualTo(h.path("total").asLong()).isEqualTo(EVENTS);
        JsonNode auto = json("/api/v1/search/histogram?from=now-1h");
        assertThat(auto.path("buckets").size()).isBetween(30, 100);
    }

    @Test
    void fieldsGiveTopValuesOfKeywordFields() throws Exception {
        JsonNode f = json("/api/v1/search/fields?q=alarm&from=now-1h");
        assertThat(f.path("total").asLong()).isEqualTo(EVENTS);
        JsonNode hosts = f.path("fields").path("host");
        assertThat(hosts.size()).isEqualTo(2);
        assertThat(hosts.get(0).path("count").asLong()).isEqualTo(125);
    }

    @Test
    void correlatedEventsTransactionsAndTheirErrors() throws Exception {
        JsonNode c = json("/api/v1/events/site-a:100/correlated?window=10m&neighbours=0");
        assertThat(c.path("keys").get(0).path("name").asText()).isEqualTo("alarm_id");
        assertThat(c.path("hits")).hasSize(1);
        assertThat(c.path("hits").get(0).path("event").path("id").asText()).isEqualTo("site-a:100");
        assertThat(c.path("hits").get(0).path("links").get(0).path("value").asText())
                .isEqualTo("ALM-100");
        JsonNode t = json("/api/v1/correlation/alarm_id/ALM-100?from=now-1h&to=now");
        assertThat(t.path("count").asLong()).isEqualTo(1);
        assertThat(t.path("components").get(0).asText()).isEqualTo("EAP");
        assertThat(t.path("error").asBoolean()).isTrue(); // every 10th event is an error
        JsonNode txs = json("/api/v1/transactions?key=alarm_id&from=now-1h&to=now&sort=start&limit=5");
        assertThat(txs.path("transactions")).hasSize(5);
        assertThat(txs.path("total").asInt()).isEqualTo(EVENTS);
        assertThat(txs.path("transactions").get(0).path("value").asText()).isEqualTo("ALM-" + EVENTS);
        assertThat(get("/api/v1/correlation/alarm_id/ALM-999999?from=now-1h").statusCode())
                .isEqualTo(404);
        HttpResponse<String> noKey = get("/api/v1/transactions?from=now-1h");
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(noKey.body()).contains("key is required");
        assertThat(get("/api/v1/transactions?key=alarm_id&maxspan=soon").body())
                .contains("maxspan: interval must be a positive duration");
        assertThat(get("/api/v1/events/site-a:100/correlated?window=-1").statusCode())
                .isEqualTo(400);
    }

    @Test
    void eventByIdAndItsSurroundingOnTheSameHost() throws Exception {
        JsonNode e = json("/api/v1/events/site-a:100");
        assertThat(e.path("message").asText()).startsWith("alarm ALM-100 raised");
        JsonNode s = json("/api/v1/events/site-a:100/surrounding?before=3&after=2");
        List<String> ids = new ArrayList<>();
        s.path("events").forEach(x -> ids.add(x.path("id").asText()));
        assertThat(ids)
                .containsExactly("site-a:94", "site-a:96", "site-a:98", "site-a:100", "site-a:102", "site-a:104");
    }

    @Test
    void badRequestsAreJsonErrorsThatSayWhy() throws Exception {
        HttpResponse<String> syntax = get("/api/v1/search?q=" + q("host:(eap"));
        assertThat(syntax.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(syntax.body());
        assertThat(body.path("kind").asText()).isEqualTo("syntax");
        assertThat(body.path("column").asInt()).isPositive();

        HttpResponse<String> time = get("/api/v1/search?from=yesterday-ish");
        assertThat(time.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(time.body()).path("error").asText()).startsWith("from:");

        HttpResponse<String> limit = get("/api/v1/search?limit=1000000");
        assertThat(limit.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(limit.body()).path("kind").asText()).isEqualTo("cost");

        HttpResponse<String> interval = get("/api/v1/search/histogram?interval=fast");
        assertThat(interval.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(interval.body()).path("error").asText()).contains("interval");

        assertThat(get("/api/v1/events/site-a:99999").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/events/not-an-id").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/nothing-here").statusCode()).isEqualTo(404);
    }
}
