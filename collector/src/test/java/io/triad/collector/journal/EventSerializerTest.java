package io.triad.collector.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventSerializerTest {

    private final EventSerializer serializer = new EventSerializer(64);

    private LogEvent roundTrip(LogEvent e) throws CorruptRecordException {
        serializer.clear();
        int len = serializer.append(e, e.id());
        assertThat(len).isEqualTo(serializer.size());
        return EventSerializer.read(serializer.array(), 0, len);
    }

    @Test
    void roundTripKeepsEveryField() throws Exception {
        LogEvent e = LogEvent.builder()
                .id(new EventId("site-b", 123_456_789_012L))
                .timestamp(1_763_776_000_123_456L)
                .received(1_763_776_000_223_456L)
                .site("site-a")
                .input("gelf-udp")
                .source("10.0.0.7:12201")
                .host("aam-02")
                .component("AAM")
                .layer("platform")
                .severity(0)
                .facility(23)
                .app("aam")
                .procId("991")
                .msgId("LOGIN")
                .message("user locked out")
                .field("user", "alice")
                .field("origin.ip", "10.9.9.9")
                .correlate("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
                .correlate("alarm_id", "a1")
                .correlate("alarm_id", "a2")
                .parseError("missing STRUCTURED-DATA")
                .raw("<34>1 2026-11-22T00:00:00Z aam-02 aam 991 LOGIN user locked out")
                .build();

        assertThat(roundTrip(e)).isEqualTo(e);
    }

    @Test
    void roundTripKeepsUnicodeInEveryString() throws Exception {
        String text = "Grüße, 日本語, emoji 😀🚀, RTL שלום, zero\u0000width\u200b, tab\tnewline\n";
        LogEvent e = LogEvent.builder()
                .site("sité-ä")
                .host("hôst-" + text)
                .message(text)
                .field("ключ", text)
                .correlate("корреляция", "значение 😀")
                .raw(text)
                .build();

        assertThat(roundTrip(e)).isEqualTo(e);
    }

    @Test
    void roundTripKeepsEmptyMapsEmptyStringsAndTheUnassignedId() throws Exception {
        LogEvent e = LogEvent.builder().build();

        LogEvent back = roundTrip(e);

        assertThat(back).isEqualTo(e);
        assertThat(back.id()).isSameAs(EventId.NONE);
        assertThat(back.fields()).isEmpty();
        assertThat(back.correlation()).isEmpty();
    }

    @Test
    void roundTripKeepsNegativeTimesAndExtremeNumbers() throws Exception {
        LogEvent e = LogEvent.builder()
                .id(new EventId("s", Long.MAX_VALUE))
                .timestamp(-1)
                .received(Long.MIN_VALUE)
                .severity(7)
                .facility(-1)
                .build();

        assertThat(roundTrip(e)).isEqualTo(e);
    }

    @Test
    void roundTripKeepsBigFieldsAndManyEntries() throws Exception {
        char[] big = new char[1 << 20];
        Arrays.fill(big, 'x');
        big[1000] = 'é';
        LogEvent.Builder b = LogEvent.builder().message(new String(big)).raw(new String(big, 0, 70_000));
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < 2000; i++) {
            fields.put("field" + i, "value " + i);
        }
        b.fields(fields);
        for (int i = 0; i < 300; i++) {
            b.correlate("key" + (i % 10), "v" + i);
        }
        LogEvent e = b.build();

        assertThat(roundTrip(e)).isEqualTo(e);
    }

    @Test
    void correlationValuesKeepTheirOrderAndDuplicates() throws Exception {
        LogEvent e = LogEvent.builder().build();
        LogEvent withDuplicates = new LogEvent(
                e.id(),
                0,
                0,
                "",
                "",
                "",
                "",
                "",
                "",
                6,
                -1,
                "",
                "",
                "",
                "",
                Map.of(),
                Map.of("request_id", List.of("b", "a", "b")),
                "",
                "");

        assertThat(roundTrip(withDuplicates).correlation().get("request_id")).containsExactly("b", "a", "b");
    }

    @Test
    void appendWritesUnderTheGivenIdNotTheEventsOwn() throws Exception {
        LogEvent e = TestEvents.event(1);
        serializer.clear();
        int len = serializer.append(e, new EventId("site-a", 42));

        assertThat(EventSerializer.read(serializer.array(), 0, len)).isEqualTo(e.withId(new EventId("site-a", 42)));
        assertThat(EventSerializer.readId(serializer.array(), 0, len)).isEqualTo(new EventId("site-a", 42));
        assertThat(EventSerializer.readReceived(serializer.array(), 0, len)).isEqualTo(e.received());
    }

    @Test
    void successiveEventsShareTheBufferAndEachReadsBack() throws Exception {
        serializer.clear();
        int[] starts = new int[50];
        for (int i = 0; i < 50; i++) {
            starts[i] = serializer.size();
            serializer.append(TestEvents.event(i), new EventId("site-a", i + 1));
        }
        int end = serializer.size();

        for (int i = 0; i < 50; i++) {
            int len = (i + 1 < 50 ? starts[i + 1] : end) - starts[i];
            LogEvent back = EventSerializer.read(serializer.array(), starts[i], len);
            assertThat(back.message()).isEqualTo("event " + i);
            assertThat(back.id().originSeq()).isEqualTo(i + 1);
        }
    }

    @Test
    void anUnpairedSurrogateBecomesAQuestionMarkLikeGetBytes() throws Exception {
        String broken = "a\ud800b";
        LogEvent back = roundTrip(LogEvent.builder().message(broken).build());

        assertThat(back.message()).isEqualTo("a?b");
    }

    @Test
    void aTruncatedPayloadIsReportedAsCorrupt() {
        serializer.clear();
        int len = serializer.append(TestEvents.event(1), EventId.NONE);

        assertThatThrownBy(() -> EventSerializer.read(serializer.array(), 0, len - 3))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("malformed event payload of " + (len - 3) + " bytes");
    }

    @Test
    void anUnknownVersionIsReportedAsCorrupt() {
        serializer.clear();
        int len = serializer.append(TestEvents.event(1), EventId.NONE);
        serializer.array()[0] = 9;

        assertThatThrownBy(() -> EventSerializer.read(serializer.array(), 0, len))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("unknown payload version 9; expected 1");
    }

    @Test
    void trailingBytesAfterTheEventAreReportedAsCorrupt() {
        serializer.clear();
        int len = serializer.append(TestEvents.event(1), EventId.NONE);
        serializer.skip(2);

        assertThatThrownBy(() -> EventSerializer.read(serializer.array(), 0, len + 2))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("2 bytes left after the event");
    }

    @Test
    void aTypicalEventIsCompact() {
        serializer.clear();
        int len = serializer.append(TestEvents.eventAt(1, 1_700_000_000_000_000L), new EventId("site-a", 1));

        // 110 bytes of message plus the other fields, no per-field tags
        assertThat(len).isLessThanOrEqualTo(240);
    }
}
