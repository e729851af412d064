package io.triad.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.collector.model.LogEvent;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class StoredEventTest {

    @Test
    void everyValueSurvivesTheRoundTrip() {
        LogEvent e = TestEvents.event(7, 1_795_342_530_123_456L)
                .received(1_795_342_530_000_000L) // before the event time: a negative difference
                .facility(-1)
                .field("sd@1.key", "välue")
                .correlate("trace_id", "t1")
                .correlate("trace_id", "t2")
                .parseError("bad header")
                .raw("<13>raw line")
                .build();
        LogEvent.Builder indexed = indexedOf(e);
        assertThat(StoredEvent.decode(StoredEvent.encode(e), e.id().originSeq(), indexed))
                .isEqualTo(e);
    }

    @Test
    void theEncodingAddsAFewBytesToTheTextItHolds() {
        LogEvent e = TestEvents.event(7, 1_795_342_530_123_456L).build();
        int text = String.join("", e.id().originSite(), e.source(), e.procId(), e.msgId(), e.message())
                .length();
        // one length byte per string, the version, the receive delay, the empty maps and texts; sequence, time and
        // the facets are doc values
        assertThat(StoredEvent.encode(e).length).isLessThanOrEqualTo(text + 5 + 1 + 3 + 4 + 2);
    }

    @Test
    void receiveDelaysOfAnySignAndResolutionSurvive() throws Exception {
        long[] delays = {
            0,
            1,
            -1,
            999,
            -999,
            1_000,
            -1_000,
            1_001,
            -1_001,
            3_600_000_000L,
            -86_400_000_123L,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            Long.MAX_VALUE - 1_000,
            Long.MIN_VALUE + 999
        };
        for (long d : delays) {
            org.apache.lucene.store.ByteBuffersDataOutput out = new org.apache.lucene.store.ByteBuffersDataOutput();
            StoredEvent.writeDelay(out, d);
            byte[] b = out.toArrayCopy();
            assertThat(StoredEvent.readDelay(new org.apache.lucene.store.ByteArrayDataInput(b)))
                    .as("delay %d", d)
                    .isEqualTo(d);
        }
    }

    @Test
    void aWholeMillisecondDelayOfAnHourTakesFourBytes() throws Exception {
        org.apache.lucene.store.ByteBuffersDataOutput out = new org.apache.lucene.store.ByteBuffersDataOutput();
        StoredEvent.writeDelay(out, 3_600_000_000L);
        assertThat(out.size()).isEqualTo(4L);
    }

    @Test
    void anOriginSiteOtherThanTheReceivingSiteSurvives() {
        LogEvent e = TestEvents.event(9, 1_795_342_530_123_456L)
                .id(new io.triad.collector.model.EventId("site-b", 9))
                .build();
        LogEvent.Builder indexed = indexedOf(e);
        assertThat(e.site()).isNotEqualTo("site-b");
        assertThat(StoredEvent.decode(StoredEvent.encode(e), 9, indexed).id())
                .isEqualTo(new io.triad.collector.model.EventId("site-b", 9));
    }

    @Test
    void unknownVersionIsRejected() {
        assertThatThrownBy(() -> StoredEvent.decode(new BytesRef(new byte[] {9, 0}), 1, LogEvent.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version must be 4; got: 9");
        assertThatThrownBy(() -> StoredEvent.decode(new BytesRef(new byte[] {4, 5}), 1, LogEvent.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("corrupt");
    }

    /** What the index keeps of an event as doc values, as the search side reads it back. */
    private static LogEvent.Builder indexedOf(LogEvent e) {
        return LogEvent.builder()
                .timestamp(e.timestamp())
                .site(e.site())
                .input(e.input())
                .host(e.host())
                .component(e.component())
                .layer(e.layer())
                .severity(e.severity())
                .facility(e.facility())
                .app(e.app());
    }
}
