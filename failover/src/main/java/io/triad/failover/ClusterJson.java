package io.triad.failover;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of changes, outcomes and snapshots: the only encodings the coordinators write (never Java serialization).
 * A snapshot is {@code {"format": 1, "term": t, "index": i, "state": {...}}}; another format is refused with an
 * error that names it.
 */
final class ClusterJson {
    /** The snapshot format this code writes and reads. */
    static final int FORMAT = 1;

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private ClusterJson() {}

    /**
     * What applying a change gave: the new version, or why it was refused.
     *
     * @param rejected the reason, or null when the change was applied
     */
    record Outcome(long version, @Nullable String rejected) {}

    /** A snapshot file's content. */
    record Snapshot(int format, long term, long index, ClusterState state) {}

    static byte[] change(ClusterChange c) {
        return bytes(c);
    }

    static ClusterChange change(byte[] json) throws IOException {
        return MAPPER.readValue(json, ClusterChange.class);
    }

    static byte[] outcome(Outcome o) {
        return bytes(o);
    }

    static Outcome outcome(byte[] json) throws IOException {
        return MAPPER.readValue(json, Outcome.class);
    }

    static byte[] snapshot(long term, long index, ClusterState state) {
        return bytes(new Snapshot(FORMAT, term, index, state));
    }

    static Snapshot snapshot(byte[] json) throws IOException {
        int format = MAPPER.readTree(json).path("format").asInt(-1);
        if (format != FORMAT) {
            throw new IOException("snapshot format " + format + " is not the supported format " + FORMAT);
        }
        return MAPPER.readValue(json, Snapshot.class);
    }

    static byte[] state(ClusterState s) {
        return bytes(s);
    }

    static ClusterState state(byte[] json) throws IOException {
        return MAPPER.readValue(json, ClusterState.class);
    }

    private static byte[] bytes(Object o) {
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + o.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
