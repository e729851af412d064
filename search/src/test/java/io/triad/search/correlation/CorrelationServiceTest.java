package io.triad.search.correlation;

import static io.triad.search.index.TestEvents.event;
import static io.triad.search.index.TestEvents.micros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.collector.journal.JournalRecord;
import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import io.triad.search.index.IndexConfig;
import io.triad.search.index.LogIndex;
import io.triad.search.query.QueryLimits;
import io.triad.search.query.SearchService;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CorrelationServiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    private static final long T0 = micros("2026-11-22T10:00:00Z");
    private static final long SECOND = 1_000_000L;

    private LogIndex index;
    private CorrelationService correlation;
    private final List<JournalRecord> records = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        index = LogIndex.inMemory(IndexConfig.defaults(), CLOCK);
        // flow ALM-1 through five components on two sites, 1 s apart; the backbone step also carries a trace id
        add("site-a", "door-001", "door", "hardware", 6, 0, "ALM-1", null);
        add("site-a", "aam-01", "AAM", "application", 6, 1, "ALM-1", null);
        add("site-a", "eep-01", "EEP", "application", 6, 2, "ALM-1", null);
        add("site-b", "eap-01", "EAP", "application", 3, 3, "ALM-1", "trace-9");
        add("site-b", "bb-01", "backbone", "application", 6, 4, null, "trace-9");
        // flow ALM-2, later and longer, no errors
        add("site-a", "door-002", "door", "hardware", 6, 100, "ALM-2", null);
        add("site-b", "eap-01", "EAP", "application", 6, 160, "ALM-2", null);
        // ALM-1 again an hour later: the same value, a second transaction under a maxpause
        add("site-a", "eep-01", "EEP", "application", 6, 3600, "ALM-1", null);
        // the OS and network around eep-01 when the first flow passed
        add("site-a", "eep-01", "os", "os", 4, 2, null, null);
        add("site-a", "eep-01", "net", "network", 6, 5, null, null);
        add("site-a", "eep-01", "EEP", "application", 6, 2, null, null); // same layer: not a neighbour
        add("site-a", "eep-01", "os", "os", 6, 300, null, null); // too late to be a neighbour
        index.add(records);
        index.refresh();
        SearchService search = new SearchService(index, QueryLimits.defaults(), CLOCK);
        correlation = new CorrelationService(index, search, 10_000);
    }

    private void add(
            String site,
            String host,
            String component,
            String layer,
            int severity,
            int second,
            String alarm,
            String trace) {
        long seq = records.size() + 1;
        LogEvent.Builder b = event(seq, T0 + second * SECOND)
                .id(new EventId(site, seq))
                .site(site)
                .host(host)
                .component(component)
                .layer(layer)
                .severity(severity)
                .message(component + " step " + seq);
        if (alarm != null) {
            b.correlate("alarm_id", alarm);
        }
        if (trace != null) {
            b.correlate("trace_id", trace);
        }
        records.add(new JournalRecord(seq, b.build()));
    }

    @AfterEach
    void tearDown() throws IOException {
        index.close();
    }

    @Test
    void correlatedFindsEveryEventSharingAKeyWithinTheWindowInTimeOrder() throws IOException {
        Correlated c = correlation
                .correlated(new EventId("site-b", 4), 600 * SECOND, 0, 100)
                .orElseThrow();
        assertThat(c.keys()).containsExactly(new Link("alarm_id", "ALM-1"), new Link("trace_id", "trace-9"));
        assertThat(c.hits()).extracting(h -> h.event().id().originSeq()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(c.hits().get(4).links()).containsExactly(new Link("trace_id", "trace-9"));
        assertThat(c.hits().get(3).links())
                .containsExactly(new Link("alarm_id", "ALM-1"), new Link("trace_id", "trace-9"));
        assertThat(c.hits()).noneMatch(Correlated.Hit::neighbour);
        assertThat(c.truncated()).isFalse();
    }

    @Test
    void theWindowBoundsTheSearchAndALimitTruncates() throws IOException {
        Correlated narrow = correlation
                .correlated(new EventId("site-a", 1), 2 * SECOND, 0, 100)
                .orElseThrow();
        assertThat(narrow.hits()).extracting(h -> h.event().id().originSeq()).containsExactly(1L, 2L, 3L);
        Correlated limited = correlation
                .correlated(new EventId("site-a", 1), 600 * SECOND, 0, 2)
                .orElseThrow();
        assertThat(limited.truncated()).isTrue();
        assertThat(limited.hits()).hasSize(2);
    }

    @Test
    void neighboursAreOtherLayersOnTheSameHostCloseInTime() throws IOException {
        Correlated c = correlation
                .correlated(new EventId("site-a", 3), 600 * SECOND, 10 * SECOND, 100)
                .orElseThrow();
        assertThat(c.hits())
                .filteredOn(Correlated.Hit::neighbour)
                .extracting(h -> h.event().component())
                .containsExactly("os", "net");
        assertThat(c.hits())
                .filteredOn(Correlated.Hit::neighbour)
                .allMatch(h -> h.links().isEmpty());
    }

    @Test
    void anUnknownEventIsEmptyAndBadArgumentsAreRejected() throws IOException {
        assertThat(correlation.correlated(new EventId("site-a", 999), SECOND, 0, 10))
                .isEmpty();
        assertThatThrownBy(() -> correlation.correlated(new EventId("site-a", 1), SECOND, 0, 10_001))
                .hasMessage("limit must be within 1..10000; got: 10001");
    }

    @Test
    void aTransactionSummarisesOneKeyValue() throws IOException {
        Transaction t = correlation
                .transaction("alarm_id", "ALM-1", T0, T0 + 600 * SECOND, 100)
                .orElseThrow();
        assertThat(t.count()).isEqualTo(4);
        assertThat(t.components()).containsExactly("door", "AAM", "EEP", "EAP");
        assertThat(t.sites()).containsExactly("site-a", "site-b");
        assertThat(t.durationMicros()).isEqualTo(3 * SECOND);
        assertThat(t.error()).isTrue();
        assertThat(correlation
                        .transaction("alarm_id", "ALM-2", T0, T0 + 600 * SECOND, 100)
                        .orElseThrow()
                        .error())
                .isFalse();
        assertThat(correlation.transaction("alarm_id", "ALM-404", T0, T0 + 600 * SECOND, 100))
                .isEmpty();
    }

    @Test
    void aTruncatedTransactionStillKnowsItsLastEventAndCount() throws IOException {
        Transaction t = correlation
                .transaction("alarm_id", "ALM-1", T0, T0 + 7200 * SECOND, 2)
                .orElseThrow();
        assertThat(t.events()).hasSize(2);
        assertThat(t.count()).isEqualTo(5);
        assertThat(t.last().timestamp()).isEqualTo(T0 + 3600 * SECOND);
    }

    @Test
    void transactionsGroupByValueAndSplitAtALongPause() throws IOException {
        Transactions r = correlation.transactions(
                new TransactionsRequest("alarm_id", "", T0, T0 + 7200 * SECOND, 0, 600 * SECOND, "duration", 10));
        assertThat(r.transactions())
                .extracting(TransactionSummary::value, TransactionSummary::count, TransactionSummary::durationMicros)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ALM-2", 2, 60 * SECOND),
                        org.assertj.core.groups.Tuple.tuple("ALM-1", 4, 3 * SECOND),
                        org.assertj.core.groups.Tuple.tuple("ALM-1", 1, 0L));
        assertThat(r.transactions().get(1).components()).containsExactly("door", "AAM", "EEP", "EAP");
        assertThat(r.transactions().get(1).error()).isTrue();
        assertThat(r.transactions().get(1).firstMessage()).isEqualTo("door step 1");
        assertThat(r.total()).isEqualTo(3);
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void transactionsWithoutLimitsKeepAValueTogetherAndSortByCount() throws IOException {
        Transactions r = correlation.transactions(
                new TransactionsRequest("alarm_id", "", T0, T0 + 7200 * SECOND, 0, 0, "count", 1));
        assertThat(r.transactions()).singleElement().satisfies(t -> {
            assertThat(t.value()).isEqualTo("ALM-1");
            assertThat(t.count()).isEqualTo(5);
        });
        assertThat(r.total()).isEqualTo(2);
    }

    @Test
    void transactionsApplyTheQueryAndSpan() throws IOException {
        Transactions r = correlation.transactions(
                new TransactionsRequest("alarm_id", "site:site-b", T0, T0 + 7200 * SECOND, 0, 0, "start", 10));
        assertThat(r.transactions()).extracting(TransactionSummary::value).containsExactly("ALM-2", "ALM-1");
        Transactions spans = correlation.transactions(
                new TransactionsRequest("alarm_id", "", T0, T0 + 600 * SECOND, 2 * SECOND, 0, "start", 10));
        // ALM-1 at 0,1,2,3 s split by a 2 s span: [0..2], [3]
        assertThat(spans.transactions())
                .filteredOn(t -> t.value().equals("ALM-1"))
                .extracting(TransactionSummary::count)
                .containsExactlyInAnyOrder(3, 1);
    }

    @Test
    void aScanStoppedAtTheEventLimitSaysSo() throws IOException {
        SearchService search = new SearchService(index, QueryLimits.defaults(), CLOCK);
        Transactions r = new CorrelationService(index, search, 3)
                .transactions(new TransactionsRequest("alarm_id", "", T0, T0 + 7200 * SECOND, 0, 0, "count", 10));
        assertThat(r.truncated()).isTrue();
    }
}
