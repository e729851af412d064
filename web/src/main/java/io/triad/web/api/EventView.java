package io.triad.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.triad.collector.model.LogEvent;
import io.triad.collector.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shape of one event in the API. Times are ISO 8601 instants in UTC with microseconds; {@code highlights}
 * lists the matched {@code [start, end)} char ranges of the message, when the event is a search hit.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EventView(
        String id,
        String timestamp,
        String received,
        String site,
        String input,
        String source,
        String host,
        String component,
        String layer,
        int severity,
        String severityName,
        @Nullable Integer facility,
        String app,
        String procId,
        String msgId,
        String message,
        Map<String, String> fields,
        Map<String, List<String>> correlation,
        String parseError,
        @Nullable List<int[]> highlights) {

    /** The view of an event, with the given highlight spans (null when not a search hit). */
    public static EventView of(LogEvent e, @Nullable List<int[]> highlights) {
        return new EventView(
                e.id().toString(),
                iso(e.timestamp()),
                iso(e.received()),
                e.site(),
                e.input(),
                e.source(),
                e.host(),
                e.component(),
                e.layer(),
                e.severity(),
                Severity.name(e.severity()),
                e.facility() < 0 ? null : e.facility(),
                e.app(),
                e.procId(),
                e.msgId(),
                e.message(),
                e.fields(),
                e.correlation(),
                e.parseError(),
                highlights);
    }

    /** An ISO 8601 instant (UTC) of microseconds since the epoch. */
    public static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
                .toString();
    }
}
