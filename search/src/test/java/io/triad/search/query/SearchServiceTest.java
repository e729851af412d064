package io.triad.search.query;

import static io.triad.search.index.TestEvents.event;
import static io.triad.search.index.TestEvents.micros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.collector.journal.JournalRecord;
import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import io.triad.search.index.IndexConfig;
import io.triad.search.index.LogIndex;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SearchServiceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    private static final long T0 = micros("2026-11-22T10:00:00Z");
    private static final int N = 300;

    private LogIndex index;
    private SearchService search;

    @BeforeEach
    void setUp() throws IOException {
        index = LogIndex.inMemory(IndexConfig.defaults(), CLOCK);
        List<JournalRecord> records = new ArrayList<>();
        for (int i = 1; i <= N; i++) {
            // one event per second; every 3rd on db-02, every 10th an error; a few share a timestamp
            long ts = T0 + (i / 2) * 1_000_000L;
            LogEvent.Builder b = event(i, ts)
                    .host(i % 3 == 0 ? "db-02" : "web-01")
                    .procId(i % 2 == 0 ? "100" : "200")
                    .severity(i % 10 == 0 ? 3 : 6)
                    .field("http.status", i % 10 == 0 ? "500" : "200")
                    .correlate("trace_id", "trace-" + (i % 7));
            if (i == 42) {
                b.message("Connection refused from 192.168.7.42 path=/var/log/messages req-3f2a9c01");
            }
            records.add(new JournalRecord(i, b.build()));
        }
        index.add(records);
        index.refresh();
        search = new SearchService(index, QueryLimits.defaults(), CLOCK);
    }

    @AfterEach
    void tearDown() throws IOException {
        index.close();
    }

    private SearchResult q(String query) throws IOException {
        return search.search(SearchRequest.of(query, 1000));
    }

    @Test
    void termQueryOnMessageMatchesCaseInsensitively() throws IOException {
        assertThat(q("ALICE").total()).isEqualTo(N - 1);
        assertThat(q("refused").hits()).singleElement().satisfies(h -> {
            assertThat(h.event().id()).isEqualTo(new EventId("site-a", 42));
            String m = h.event().message();
            assertThat(h.highlights())
                    .singleElement()
                    .satisfies(s -> assertThat(m.substring(s.start(), s.end())).isEqualTo("refused"));
        });
    }

    @Test
    void logTokensMatchWholeAndByParts() throws IOException {
        assertThat(q("192.168.7.42").total()).isEqualTo(1);
        assertThat(q("messages").total()).isEqualTo(1);
        assertThat(q("\"/var/log/messages\"").total()).isEqualTo(1);
        assertThat(q("3f2a9c01").total()).isEqualTo(1);
        assertThat(q("req-3f2a9c01").total()).isEqualTo(1);
        assertThat(q("10.1.2.3").total()).isEqualTo(N - 1);
    }

    @Test
    void phraseQueryNeedsTheWordsInOrder() throws IOException {
        assertThat(q("\"connection refused from 192.168.7.42\"").total()).isEqualTo(1);
        assertThat(q("\"refused connection\"").total()).isZero();
        assertThat(q("\"processed for user=alice\"").total()).isEqualTo(N - 1);
    }

    @Test
    void wildcardPrefixAndFieldQueries() throws IOException {
        assertThat(q("conn*").total()).isEqualTo(1);
        assertThat(q("host:db-02").total()).isEqualTo(N / 3);
        assertThat(q("host:db-02 AND procId:100").total()).isEqualTo(N / 6);
        assertThat(q("severity:err").total()).isEqualTo(N / 10);
        assertThat(q("severity:error").total()).isEqualTo(N / 10);
        assertThat(q("severity:3").total()).isEqualTo(N / 10);
        assertThat(q("severity:er*").total()).isEqualTo(N / 10);
        assertThat(q("severity:[emerg TO err]").total()).isEqualTo(N / 10);
        assertThat(q("fields.http.status:500").total()).isEqualTo(N / 10);
        assertThat(q("correlation.trace_id:trace-3").total()).isEqualTo(43); // i = 3, 10, ..., 297
        assertThat(q("-host:db-02").total()).isEqualTo(N - N / 3);
        assertThat(q("").total()).isEqualTo(N);
        assertThat(q("id:\"site-a:42\"").total()).isEqualTo(1);
    }

    @Test
    void aBareStarMatchesEverythingAndFieldStarEveryEventWithTheField() throws IOException {
        assertThat(q("*").total()).isEqualTo(N);
        assertThat(q("* AND host:db-02").total()).isEqualTo(N / 3);
        assertThat(q("host:*").total()).isEqualTo(N);
        assertThat(q("fields.http.status:*").total()).isEqualTo(N);
        assertThat(q("correlation.trace_id:*").total()).isEqualTo(N);
        assertThat(q("correlation.alarm_id:*").total()).isZero();
    }

    @Test
    void timeRangeFiltersInclusively() throws IOException {
        long from = T0 + 10 * 1_000_000L;
        long to = T0 + 19 * 1_000_000L;
        SearchResult r = search.search(new SearchRequest("", from, to, 100, "asc", null));
        assertThat(r.total()).isEqualTo(20); // two events per second
        assertThat(r.hits()).allSatisfy(h -> assertThat(h.event().timestamp()).isBetween(from, to));
        assertThat(q("timestamp:[2026-11-22T10:00:10Z TO 2026-11-22T10:00:19Z]").total())
                .isEqualTo(20);
    }

    @Test
    void badQueryReportsTheParserMessageAndColumn() {
        assertThatThrownBy(() -> q("host:web-01 AND (alice")).isInstanceOfSatisfying(QueryException.class, e -> {
            assertThat(e.getMessage()).contains("Cannot parse");
            assertThat(e.column()).isPositive();
        });
        assertThatThrownBy(() -> q("severity:loud"))
                .isInstanceOf(QueryException.class)
                .hasMessageContaining("severity must be");
    }

    @Test
    void wildcardExpandingBeyondTheLimitIsRejected() {
        SearchService strict = new SearchService(index, new QueryLimits(1024, true, 5, 10_000, 10_000), CLOCK);
        assertThatThrownBy(() -> strict.search(SearchRequest.of("event 1*", 10)))
                .isInstanceOf(QueryCostException.class)
                .hasMessageContaining("'1*' expands to more than 5 terms");
        SearchService noLeading = new SearchService(index, new QueryLimits(1024, false, 5, 10_000, 10_000), CLOCK);
        assertThatThrownBy(() -> noLeading.search(SearchRequest.of("*lice", 10)))
                .isInstanceOf(QueryCostException.class)
                .hasMessageContaining("leading wildcards are not allowed");
        SearchService fewClauses = new SearchService(index, new QueryLimits(2, true, 5, 10_000, 10_000), CLOCK);
        assertThatThrownBy(() -> fewClauses.search(SearchRequest.of("a OR b OR c", 10)))
                .isInstanceOf(QueryCostException.class)
                .hasMessageContaining("more than 2 boolean clauses");
    }

    @Test
    void cursorPagingVisitsEveryEventOnceInOrder() throws IOException {
        for (String sort : List.of("desc", "asc")) {
            Set<EventId> seen = new HashSet<>();
            List<Long> times = new ArrayList<>();
            SearchRequest r = new SearchRequest("alice OR refused", Long.MIN_VALUE, Long.MAX_VALUE, 7, sort, null);
            int pages = 0;
            while (true) {
                SearchResult page = search.search(r);
                pages++;
                for (SearchResult.Hit h : page.hits()) {
                    assertThat(seen.add(h.event().id()))
                            .as("duplicate %s", h.event().id())
                            .isTrue();
                    times.add(h.event().timestamp());
                }
                if (page.cursor() == null) {
                    break;
                }
                r = r.withCursor(page.cursor());
            }
            assertThat(seen).hasSize(N);
            assertThat(pages).isEqualTo((N + 6) / 7);
            List<Long> sorted = new ArrayList<>(times);
            sorted.sort(
                    sort.equals("desc") ? java.util.Comparator.reverseOrder() : java.util.Comparator.naturalOrder());
            assertThat(times).isEqualTo(sorted);
        }
    }

    @Test
    void badCursorIsAQueryError() {
        assertThatThrownBy(() -> search.search(SearchRequest.of("", 10).withCursor("!!")))
                .isInstanceOf(QueryException.class)
                .hasMessageContaining("cursor");
    }

    @Test
    void totalIsALowerBoundBeyondTheThreshold() throws IOException {
        SearchService capped = new SearchService(index, new QueryLimits(1024, true, 10_000, 50, 10_000), CLOCK);
        SearchResult r = capped.search(SearchRequest.of("alice AND host:web-01", 10));
        assertThat(r.totalIsLowerBound()).isTrue();
        assertThat(r.total()).isEqualTo(50);
        assertThat(r.hits()).hasSize(10);
        // a count the index statistics answer is exact at any size
        SearchResult all = capped.search(SearchRequest.of("", 10));
        assertThat(all.total()).isEqualTo(N);
        assertThat(all.totalIsLowerBound()).isFalse();
    }

    @Test
    void histogramCountsSumToTheTotalAndIncludeEmptyBuckets() throws IOException {
        long from = T0 - 60 * 1_000_000L;
        long to = T0 + 600 * 1_000_000L;
        Histogram h = search.histogram("host:web-01", from, to, 0);
        assertThat(h.total()).isEqualTo(q("host:web-01").total());
        assertThat(h.buckets().size()).isBetween(20, 101);
        assertThat(h.buckets().get(0).count()).isZero();
        assertThat(h.buckets().stream().mapToLong(Histogram.Bucket::count).sum())
                .isEqualTo(h.total());
        for (int i = 1; i < h.buckets().size(); i++) {
            assertThat(h.buckets().get(i).start() - h.buckets().get(i - 1).start())
                    .isEqualTo(h.intervalMicros());
        }
        Histogram fixed = search.histogram("", Long.MIN_VALUE, Long.MAX_VALUE, 10_000_000L);
        assertThat(fixed.total()).isEqualTo(N);
        assertThat(fixed.buckets().get(0).count()).isEqualTo(19); // i = 1..19 in the first 10 s
    }

    @Test
    void autoIntervalIsRoundAndGivesAtMostAHundredBuckets() {
        assertThat(SearchService.autoInterval(3_600_000_000L)).isEqualTo(60_000_000L);
        assertThat(SearchService.autoInterval(86_400_000_000L)).isEqualTo(900_000_000L);
        assertThat(SearchService.autoInterval(1_000_000L)).isEqualTo(20_000L);
    }

    @Test
    void fieldStatsGiveTopValuesWithCounts() throws IOException {
        FieldStats s = search.fields("", Long.MIN_VALUE, Long.MAX_VALUE, 3);
        assertThat(s.matched()).isEqualTo(N);
        assertThat(s.fields().get("host"))
                .containsExactly(
                        new FieldStats.ValueCount("web-01", N - N / 3), new FieldStats.ValueCount("db-02", N / 3));
        assertThat(s.fields().get("severity"))
                .containsExactly(
                        new FieldStats.ValueCount("info", N - N / 10), new FieldStats.ValueCount("err", N / 10));
        assertThat(s.fields().get("fields.http.status"))
                .first()
                .isEqualTo(new FieldStats.ValueCount("200", N - N / 10));
        assertThat(s.fields().get("correlation.trace_id")).hasSize(3);
        FieldStats errors = search.fields("severity:err", Long.MIN_VALUE, Long.MAX_VALUE, 5);
        assertThat(errors.fields().get("fields.http.status")).containsExactly(new FieldStats.ValueCount("500", N / 10));
    }

    @Test
    void getFindsAnEventById() throws IOException {
        assertThat(search.get(new EventId("site-a", 42))).hasValueSatisfying(e -> {
            assertThat(e.message()).startsWith("Connection refused");
            assertThat(e.fields()).containsEntry("http.status", "200");
            assertThat(e.correlation()).containsEntry("trace_id", List.of("trace-0"));
            assertThat(e.received()).isEqualTo(e.timestamp() + 1000);
        });
        assertThat(search.get(new EventId("site-b", 42))).isEmpty();
    }

    @Test
    void surroundingReturnsNeighboursOnTheSameHostInTimeOrder() throws IOException {
        List<LogEvent> around = search.surrounding(new EventId("site-a", 42), 3, 2, Scope.HOST);
        assertThat(around).extracting(e -> e.id().originSeq()).containsExactly(33L, 36L, 39L, 42L, 45L, 48L);
        List<LogEvent> proc = search.surrounding(new EventId("site-a", 42), 2, 2, Scope.HOST_APP_PROC);
        assertThat(proc).extracting(e -> e.id().originSeq()).containsExactly(30L, 36L, 42L, 48L, 54L);
        assertThat(search.surrounding(new EventId("site-a", 9999), 2, 2, Scope.HOST))
                .isEmpty();
    }
}
