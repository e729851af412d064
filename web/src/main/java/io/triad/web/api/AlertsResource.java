package io.triad.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.triad.metrics.alerts.Alert;
import io.triad.metrics.alerts.AlertEvaluator;
import io.triad.metrics.alerts.AlertRule;
import io.triad.metrics.alerts.RuleStatus;
import io.triad.metrics.alerts.Silence;
import io.triad.metrics.alerts.SilenceStore;
import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.query.PromJson;
import io.triad.web.auth.Caller;
import io.triad.web.json.ApiErrors;
import io.triad.web.json.Json;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Alerting in the shapes of Prometheus's and Alertmanager's APIs: {@code GET /api/v1/alerts} (pending and firing
 * alerts, firing critical first), {@code GET /api/v1/rules} (the rules with their health), and silences: {@code GET
 * /api/v1/silences} (viewer), {@code POST /api/v1/silences} and {@code DELETE /api/v1/silences/{id}} (operator).
 * A silence's {@code createdBy} is always the caller.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class AlertsResource {
    private final AlertEvaluator evaluator;
    private final SilenceStore silences;
    private final Clock clock;
    private final Duration interval;

    /**
     * @param interval the evaluation interval, reported in {@code /api/v1/rules}
     */
    public AlertsResource(AlertEvaluator evaluator, SilenceStore silences, Clock clock, Duration interval) {
        this.evaluator = evaluator;
        this.silences = silences;
        this.clock = clock;
        this.interval = interval;
    }

    /** {@code {"status":"success","data":{"alerts":[{"labels","annotations","state","activeAt","value"}]}}}. */
    @GET
    @Path("alerts")
    @RolesAllowed("viewer")
    public Map<String, Object> alerts() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Alert a : evaluator.alerts()) {
            out.add(alert(a));
        }
        return success(Map.of("alerts", out));
    }

    /** One group {@code triad} with every rule, as Prometheus's {@code /api/v1/rules}. */
    @GET
    @Path("rules")
    @RolesAllowed("viewer")
    public Map<String, Object> rules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (RuleStatus s : evaluator.rules()) {
            AlertRule r = s.rule();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(
                    "state",
                    s.alerts().stream().anyMatch(a -> a.state().id().equals("firing"))
                            ? "firing"
                            : s.alerts().isEmpty() ? "inactive" : "pending");
            m.put("name", r.name());
            m.put("query", r.expr());
            m.put("duration", r.forDuration().toSeconds());
            m.put("labels", r.labels());
            m.put("annotations", Map.of("summary", r.summary(), "description", r.description()));
            m.put("comparison", r.comparison().id());
            List<Map<String, Object>> thresholds = new ArrayList<>();
            for (AlertRule.Threshold t : r.thresholds()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("severity", t.severity().id());
                x.put("trigger", t.trigger());
                x.put("clear", t.clear());
                thresholds.add(x);
            }
            m.put("thresholds", thresholds);
            m.put("alerts", s.alerts().stream().map(AlertsResource::alert).toList());
            m.put("health", s.health());
            m.put("lastError", s.lastError() == null ? "" : s.lastError());
            m.put("evaluationTime", s.evaluationTime().toNanos() / 1e9);
            m.put(
                    "lastEvaluation",
                    s.lastEvaluation() == null
                            ? "0001-01-01T00:00:00Z"
                            : s.lastEvaluation().toString());
            m.put("type", "alerting");
            rules.add(m);
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", "triad");
        group.put("file", "");
        group.put("interval", interval.toMillis() / 1000.0);
        group.put("rules", rules);
        return success(Map.of("groups", List.of(group)));
    }

    /** Every silence kept, as Alertmanager's {@code GET /api/v2/silences}. */
    @GET
    @Path("silences")
    @RolesAllowed("viewer")
    public List<Map<String, Object>> silences() {
        Instant now = clock.instant();
        return silences.silences().stream().map(s -> silence(s, now)).toList();
    }

    /**
     * Creates a silence from Alertmanager's body: {@code {"matchers":[{"name","value","isRegex","isEqual"}],
     * "startsAt","endsAt","comment"}} ({@code startsAt} defaults to now; instead of {@code endsAt} a {@code
     * "duration"} such as {@code "2h"} may be given). Answers 201 {@code {"silenceID": id}}.
     */
    @POST
    @Path("silences")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("operator")
    public Response createSilence(@Nullable String body, @Context SecurityContext security) {
        JsonNode json = object(body);
        Instant now = clock.instant();
        List<LabelMatcher> matchers = new ArrayList<>();
        JsonNode ms = json.get("matchers");
        if (ms == null || !ms.isArray() || ms.isEmpty()) {
            throw new IllegalArgumentException(
                    "field 'matchers' must be a non-empty array of " + "{\"name\",\"value\",\"isRegex\",\"isEqual\"}");
        }
        for (JsonNode m : ms) {
            String name = text(m, "name");
            String value = text(m, "value");
            if (name == null || value == null) {
                throw new IllegalArgumentException("every matcher needs 'name' and 'value'; got: " + m);
            }
            boolean regex = m.path("isRegex").asBoolean(false);
            boolean equal = m.path("isEqual").asBoolean(true);
            LabelMatcher.Type type = regex
                    ? (equal ? LabelMatcher.Type.RE : LabelMatcher.Type.NRE)
                    : (equal ? LabelMatcher.Type.EQ : LabelMatcher.Type.NEQ);
            matchers.add(LabelMatcher.of(name, type, value));
        }
        String startText = text(json, "startsAt");
        Instant start = startText == null ? now : instant("startsAt", startText);
        String endText = text(json, "endsAt");
        String duration = text(json, "duration");
        Instant end;
        if (endText != null) {
            end = instant("endsAt", endText);
        } else if (duration != null) {
            end = start.plus(duration(duration));
        } else {
            throw new IllegalArgumentException("field 'endsAt' (RFC 3339) or 'duration' (e.g. \"2h\") is required");
        }
        Caller caller = Caller.of(security);
        String createdBy = caller == null ? "anonymous" : caller.getName();
        Silence s = new Silence(
                0,
                matchers,
                start,
                end,
                createdBy,
                java.util.Objects.requireNonNullElse(text(json, "comment"), ""),
                now);
        try {
            Silence stored = silences.add(s);
            return Response.status(201)
                    .entity(Map.of("silenceID", stored.id(), "silence", silence(stored, now)))
                    .build();
        } catch (IOException e) {
            return ApiErrors.error(500, "cannot store the silence: " + e.getMessage(), null);
        }
    }

    /** Expires a silence now (it is kept, expired, for a while): 200 with the silence, 404 when there is none. */
    @DELETE
    @Path("silences/{id}")
    @RolesAllowed("operator")
    public Response expireSilence(@PathParam("id") long id) {
        try {
            if (!silences.expire(id)) {
                return ApiErrors.error(404, "no silence " + id + " that has not expired", null);
            }
        } catch (IOException e) {
            return ApiErrors.error(500, "cannot expire silence " + id + ": " + e.getMessage(), null);
        }
        return Response.ok(silence(silences.silence(id).orElseThrow(), clock.instant()))
                .build();
    }

    private static Map<String, Object> success(Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("data", data);
        return body;
    }

    private static Map<String, Object> alert(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", a.labels().asMap());
        m.put("annotations", a.annotations());
        m.put("state", a.state().id());
        m.put("activeAt", a.activeAt().toString());
        m.put("firedAt", a.firedAt() == null ? null : a.firedAt().toString());
        m.put("value", PromJson.formatValue(a.value()));
        m.put("severity", a.severity().id());
        m.put("fingerprint", a.fingerprint());
        m.put("silencedBy", a.silencedBy());
        return m;
    }

    private static Map<String, Object> silence(Silence s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("status", Map.of("state", s.status(now).id()));
        List<Map<String, Object>> matchers = new ArrayList<>();
        for (LabelMatcher x : s.matchers()) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("name", x.name());
            mm.put("value", x.value());
            mm.put("isRegex", x.type() == LabelMatcher.Type.RE || x.type() == LabelMatcher.Type.NRE);
            mm.put("isEqual", x.type() == LabelMatcher.Type.EQ || x.type() == LabelMatcher.Type.RE);
            matchers.add(mm);
        }
        m.put("matchers", matchers);
        m.put("startsAt", s.startsAt().toString());
        m.put("endsAt", s.endsAt().toString());
        m.put("createdBy", s.createdBy());
        m.put("comment", s.comment());
        m.put("updatedAt", s.createdAt().toString());
        return m;
    }

    private static JsonNode object(@Nullable String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("expected a JSON object body; got an empty body");
        }
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("expected a JSON object body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "expected a JSON object body; got invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string; got: " + v);
        }
        return v.asText();
    }

    private static final java.util.regex.Pattern DURATION =
            java.util.regex.Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    /** A duration such as {@code 90m}, {@code 2h}, {@code 1d12h}. */
    static Duration duration(String text) {
        java.util.regex.Matcher m = DURATION.matcher(text.trim());
        if (text.isBlank() || !m.matches()) {
            throw new IllegalArgumentException("field 'duration' must be like 30m, 2h or 1d12h; got: '" + text + "'");
        }
        long[] unitSeconds = {86_400, 3600, 60, 1};
        long seconds = 0;
        for (int i = 0; i < 4; i++) {
            String g = m.group(i + 1);
            if (g != null) {
                seconds += Long.parseLong(g) * unitSeconds[i];
            }
        }
        return Duration.ofSeconds(seconds);
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "field '" + field + "' must be an RFC 3339 time; got: '" + text + "'", e);
        }
    }
}
