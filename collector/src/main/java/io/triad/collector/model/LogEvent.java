package io.triad.collector.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One log event as every input produces it and every later stage (journal, replication, index, API) sees it.
 *
 * <p>Absent text values are empty strings, never null. Times are microseconds since the epoch (UTC). The
 * {@link #id} is {@link EventId#NONE} until a journal accepts the event. Instances are immutable and safe to
 * share between threads; the maps are unmodifiable copies.
 *
 * @param id identity assigned by the journal of the site that received it
 * @param timestamp event time in microseconds since the epoch (the receive time when the source gave none)
 * @param received time the appliance received it, microseconds since the epoch (the inputs take whole
 *     milliseconds)
 * @param site the site that received it
 * @param input the name of the input that received it ({@code syslog-udp}, {@code otlp}, ...)
 * @param source the sender's address ({@code 10.1.2.3:51514}), empty when unknown
 * @param host the host that emitted the event
 * @param component the component (EEP, EAP, AAM, MSM, GSM, backbone, os, ...), empty when unknown
 * @param layer the layer (application, platform, os, network, hardware), empty when unknown
 * @param severity RFC 5424 severity 0-7
 * @param facility RFC 5424 facility 0-23, or -1 when the protocol has none
 * @param app application name (syslog APP-NAME)
 * @param procId process id (syslog PROCID)
 * @param msgId message type (syslog MSGID)
 * @param message the free-text message
 * @param fields structured values: RFC 5424 SD-PARAMs as {@code sdId.name}, GELF additional fields, OTLP
 *     attributes
 * @param correlation correlation keys (trace_id, span_id, correlation_id, alarm_id, ...) to their values
 * @param parseError why the input could not be parsed, empty when it was; a failed parse keeps the whole input
 *     as the message
 * @param raw the original text when it is kept (always on a parse failure), else empty
 */
public record LogEvent(
        EventId id,
        long timestamp,
        long received,
        String site,
        String input,
        String source,
        String host,
        String component,
        String layer,
        int severity,
        int facility,
        String app,
        String procId,
        String msgId,
        String message,
        Map<String, String> fields,
        Map<String, List<String>> correlation,
        String parseError,
        String raw) {

    public LogEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(procId, "procId");
        Objects.requireNonNull(msgId, "msgId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(parseError, "parseError");
        Objects.requireNonNull(raw, "raw");
        Severity.check(severity);
        if (facility < -1 || facility > 23) {
            throw new IllegalArgumentException("facility must be within -1..23; got: " + facility);
        }
        fields = Map.copyOf(fields);
        Map<String, List<String>> corr = new LinkedHashMap<>();
        correlation.forEach((k, v) -> corr.put(k, List.copyOf(v)));
        correlation = Map.copyOf(corr);
    }

    /** A builder with every value absent, severity {@link Severity#INFO} and facility -1. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.timestamp = timestamp;
        b.received = received;
        b.site = site;
        b.input = input;
        b.source = source;
        b.host = host;
        b.component = component;
        b.layer = layer;
        b.severity = severity;
        b.facility = facility;
        b.app = app;
        b.procId = procId;
        b.msgId = msgId;
        b.message = message;
        b.fields.putAll(fields);
        correlation.forEach((k, v) -> b.correlation.put(k, new ArrayList<>(v)));
        b.parseError = parseError;
        b.raw = raw;
        return b;
    }

    /** This event with another identity. */
    public LogEvent withId(EventId newId) {
        return new LogEvent(
                newId,
                timestamp,
                received,
                site,
                input,
                source,
                host,
                component,
                layer,
                severity,
                facility,
                app,
                procId,
                msgId,
                message,
                fields,
                correlation,
                parseError,
                raw);
    }

    /** Whether the input could not be parsed and the event holds it whole. */
    public boolean failedToParse() {
        return !parseError.isEmpty();
    }

    /** Collects the values of a {@link LogEvent}; not thread safe. */
    public static final class Builder {
        private EventId id = EventId.NONE;
        private long timestamp;
        private long received;
        private String site = "";
        private String input = "";
        private String source = "";
        private String host = "";
        private String component = "";
        private String layer = "";
        private int severity = Severity.INFO;
        private int facility = -1;
        private String app = "";
        private String procId = "";
        private String msgId = "";
        private String message = "";
        private final Map<String, String> fields = new LinkedHashMap<>();
        private final Map<String, List<String>> correlation = new LinkedHashMap<>();
        private String parseError = "";
        private String raw = "";

        private Builder() {}

        public Builder id(EventId v) {
            id = v;
            return this;
        }

        public Builder timestamp(long micros) {
            timestamp = micros;
            return this;
        }

        /** The event time set so far (0 until {@link #timestamp(long)} was called). */
        public long timestamp() {
            return timestamp;
        }

        public Builder received(long micros) {
            received = micros;
            return this;
        }

        public Builder site(String v) {
            site = v;
            return this;
        }

        /** The receiving site set so far (empty until {@link #site(String)} was called). */
        public String site() {
            return site;
        }

        public Builder input(String v) {
            input = v;
            return this;
        }

        public Builder source(String v) {
            source = v;
            return this;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder component(String v) {
            component = v;
            return this;
        }

        public Builder layer(String v) {
            layer = v;
            return this;
        }

        public Builder severity(int v) {
            severity = v;
            return this;
        }

        public Builder facility(int v) {
            facility = v;
            return this;
        }

        public Builder app(String v) {
            app = v;
            return this;
        }

        public Builder procId(String v) {
            procId = v;
            return this;
        }

        public Builder msgId(String v) {
            msgId = v;
            return this;
        }

        public Builder message(String v) {
            message = v;
            return this;
        }

        public Builder field(String name, String value) {
            fields.put(name, value);
            return this;
        }

        public Builder fields(Map<String, String> values) {
            fields.putAll(values);
            return this;
        }

        /** Adds a correlation value under a key, keeping earlier values of that key. */
        public Builder correlate(String key, String value) {
            List<String> values = correlation.computeIfAbsent(key, k -> new ArrayList<>(1));
            if (!values.contains(value)) {
                values.add(value);
            }
            return this;
        }

        public Builder parseError(String v) {
            parseError = v;
            return this;
        }

        public Builder raw(String v) {
            raw = v;
            return this;
        }

        public LogEvent build() {
            return new LogEvent(
                    id,
                    timestamp,
                    received,
                    site,
                    input,
                    source,
                    host,
                    component,
                    layer,
                    severity,
                    facility,
                    app,
                    procId,
                    msgId,
                    message,
                    fields,
                    correlation,
                    parseError,
                    raw);
        }
    }
}
