package io.triad.web.cluster;

import io.triad.failover.ClusterChange;
import io.triad.failover.ClusterState;
import io.triad.failover.ClusterState.AppliedRole;
import io.triad.failover.ClusterState.Component;
import io.triad.failover.ClusterState.Control;
import io.triad.failover.ClusterState.Event;
import io.triad.failover.ClusterState.HealthReport;
import io.triad.failover.ClusterState.Placement;
import io.triad.failover.ClusterState.PlacementRole;
import io.triad.failover.ClusterState.Site;
import io.triad.failover.ClusterState.SiteState;
import io.triad.failover.Coordinator;
import io.triad.failover.FailoverPolicy;
import io.triad.failover.Lease;
import io.triad.failover.RejectedChangeException;
import io.triad.web.auth.Caller;
import io.triad.web.json.ApiErrors;
import io.triad.web.json.Json;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The placement API, on every site: {@code GET /api/v1/cluster} (the cluster as this site has applied it: leader,
 * epoch, sites, components with their placement, what each site's agent reports and the components' health), {@code
 * GET /api/v1/cluster/watch} (the same as Server-Sent Events, one {@code cluster} event at once and after every change,
 * coalesced to the latest), {@code GET /api/v1/cluster/history}, and the operators' actions (operator role): move (pin)
 * a component to a site, unpin it, drain it off a site and undrain it, put a site into maintenance and take it out.
 *
 * <p>Actions answer {@code 202} with the state version that took them (the controller acts on its next round), {@code
 * 409} when the state refuses them (unknown site, the witness, ...), {@code 503} when no quorum took them in time.
 * They are operational, not configuration: the license state never locks them.
 */
@Path("/api/v1/cluster")
@Produces(MediaType.APPLICATION_JSON)
public final class ClusterResource {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterResource.class);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    /** The most history entries one request returns. */
    static final int MAX_HISTORY = ClusterState.MAX_HISTORY;

    private final Coordinator coordinator;
    private final FailoverPolicy policy;
    private final Clock clock;
    private final int maxWatchers;
    private final Duration submitTimeout;
    private final Supplier<Map<String, PlacementRole>> agentRoles;
    private final AtomicInteger watchers = new AtomicInteger();

    /**
     * @param maxWatchers the most open {@code watch} streams; more are refused with 503
     * @param submitTimeout how long an action waits for its change to be applied
     * @param agentRoles what this site's agent runs now, by component (its hooks' last result): on a site cut off from
     *     the quorum this is where its self-fencing shows, since it cannot commit a report of it
     */
    public ClusterResource(
            Coordinator coordinator,
            FailoverPolicy policy,
            Clock clock,
            int maxWatchers,
            Duration submitTimeout,
            Supplier<Map<String, PlacementRole>> agentRoles) {
        this.coordinator = coordinator;
        this.policy = policy;
        this.clock = clock;
        this.maxWatchers = maxWatchers;
        this.submitTimeout = submitTimeout;
        this.agentRoles = agentRoles;
    }

    @GET
    @RolesAllowed("viewer")
    public Map<String, Object> cluster() {
        return view(coordinator, coordinator.state(), policy, clock, agentRoles.get());
    }

    @GET
    @Path("history")
    @RolesAllowed("viewer")
    public Map<String, Object> history(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_HISTORY) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_HISTORY + "; got " + limit);
        }
        List<Event> h = coordinator.state().history();
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = h.size() - 1; i >= 0 && out.size() < limit; i--) {
            out.add(event(h.get(i)));
        }
        return Map.of("events", out);
    }

    @GET
    @Path("watch")
    @RolesAllowed("viewer")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void watch(@Context SseEventSink sink, @Context Sse sse) {
        if (watchers.incrementAndGet() > maxWatchers) {
            watchers.decrementAndGet();
            String message = "too many cluster watchers (limit " + maxWatchers + ")";
            throw new WebApplicationException(
                    message,
                    Response.fromResponse(ApiErrors.error(503, message, null))
                            .header("Retry-After", "5")
                            .build());
        }
        LinkedBlockingQueue<ClusterState> latest = new LinkedBlockingQueue<>();
        Coordinator.Subscription sub = coordinator.watch(new Coordinator.Listener() {
            @Override
            public void stateChanged(ClusterState state) {
                latest.clear();
                latest.offer(state);
            }

            @Override
            public void leaderChanged(Optional<String> leader, long term) {
                if (latest.isEmpty()) {
                    latest.offer(coordinator.state());
                }
            }
        });
        Thread.ofVirtual().name("triad-cluster-sse").start(() -> pump(sub, latest, sink, sse));
    }

    private void pump(
            Coordinator.Subscription sub, LinkedBlockingQueue<ClusterState> latest, SseEventSink sink, Sse sse) {
        try (sub;
                sink) {
            while (!sink.isClosed()) {
                ClusterState s = latest.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                var event = s == null
                        ? sse.newEventBuilder().comment("heartbeat").build()
                        : sse.newEventBuilder()
                                .name("cluster")
                                .id(Long.toString(s.version()))
                                .data(Json.mapper()
                                        .writeValueAsString(view(coordinator, s, policy, clock, agentRoles.get())))
                                .build();
                try {
                    sink.send(event).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("cluster watch stream ended: {}", e.toString());
        } finally {
            watchers.decrementAndGet();
        }
    }

    /** The body of an action: the site it concerns. */
    public record SiteBody(@Nullable String site) {}

    /** The body of a maintenance action. */
    public record MaintenanceBody(@Nullable Boolean enabled) {}

    @POST
    @Path("components/{name}/move")
    @RolesAllowed("operator")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response move(@PathParam("name") String name, SiteBody body, @Context SecurityContext security) {
        String site = required(body);
        Control c = coordinator.state().control(name);
        List<String> drained = new ArrayList<>(c.drained());
        drained.remove(site);
        return act(new ClusterChange.SetControl(name, site, drained, by(security), clock.instant()));
    }

    @POST
    @Path("components/{name}/unpin")
    @RolesAllowed("operator")
    public Response unpin(@PathParam("name") String name, @Context SecurityContext security) {
        Control c = coordinator.state().control(name);
        return act(new ClusterChange.SetControl(name, "", c.drained(), by(security), clock.instant()));
    }

    @POST
    @Path("components/{name}/drain")
    @RolesAllowed("operator")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response drain(
            @PathParam("name") String name,
            SiteBody body,
            @QueryParam("force") @DefaultValue("false") boolean force,
            @Context SecurityContext security) {
        String site = required(body);
        ClusterState s = coordinator.state();
        if (s.component(name).isPresent() && !force) {
            Response refused = refuseToStop(s, site, Optional.of(name), "draining " + name + " off " + site);
            if (refused != null) {
                return refused;
            }
        }
        Control c = s.control(name);
        List<String> drained = new ArrayList<>(c.drained());
        if (!drained.contains(site)) {
            drained.add(site);
        }
        String pinned = c.pinned().equals(site) ? "" : c.pinned();
        return act(new ClusterChange.SetControl(name, pinned, drained, by(security), clock.instant()));
    }

    @POST
    @Path("components/{name}/undrain")
    @RolesAllowed("operator")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response undrain(@PathParam("name") String name, SiteBody body, @Context SecurityContext security) {
        String site = required(body);
        Control c = coordinator.state().control(name);
        List<String> drained = new ArrayList<>(c.drained());
        drained.remove(site);
        return act(new ClusterChange.SetControl(name, c.pinned(), drained, by(security), clock.instant()));
    }

    @POST
    @Path("sites/{id}/maintenance")
    @RolesAllowed("operator")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response maintenance(
            @PathParam("id") String id,
            MaintenanceBody body,
            @QueryParam("force") @DefaultValue("false") boolean force,
            @Context SecurityContext security) {
        if (body == null || body.enabled() == null) {
            throw new IllegalArgumentException("body must be {\"enabled\": true|false}");
        }
        ClusterState s = coordinator.state();
        Optional<Site> site = s.site(id);
        if (site.isEmpty()) {
            return ApiErrors.error(404, "unknown site '" + id + "'", null);
        }
        if (body.enabled() && !force) {
            Response refused = refuseToStop(s, id, Optional.empty(), "putting " + id + " into maintenance");
            if (refused != null) {
                return refused;
            }
        }
        SiteState to = body.enabled() ? SiteState.MAINTENANCE : SiteState.UP;
        Response r = act(new ClusterChange.SetSiteState(id, to, clock.instant()));
        if (r.getStatus() == 202) {
            coordinator.submit(new ClusterChange.Note(
                    "maintenance",
                    id,
                    id + (body.enabled() ? " put into" : " taken out of") + " maintenance by " + by(security),
                    clock.instant()));
        }
        return r;
    }

    /**
     * The body of a new rollout: either {@code steps} ({@code [{"component": "EAP", "site": "site-b"}, ...]}, run in
     * that order) or {@code components} and {@code sites} (every component on the first site, then on the next, ...).
     */
    public record RolloutBody(
            @Nullable String id,
            @Nullable List<StepBody> steps,
            @Nullable List<String> components,
            @Nullable List<String> sites) {}

    /** One step of a {@link RolloutBody}. */
    public record StepBody(
            @Nullable String component, @Nullable String site) {}

    @GET
    @Path("rollouts")
    @RolesAllowed("viewer")
    public Map<String, Object> rollouts() {
        List<Map<String, Object>> out = new ArrayList<>();
        ClusterState s = coordinator.state();
        s.rollouts().values().stream()
                .sorted(java.util.Comparator.comparing(ClusterState.Rollout::created)
                        .reversed())
                .forEach(r -> out.add(rollout(r)));
        return Map.of("rollouts", out);
    }

    @GET
    @Path("rollouts/{id}")
    @RolesAllowed("viewer")
    public Response rollout(@PathParam("id") String id) {
        ClusterState.Rollout r = coordinator.state().rollouts().get(id);
        if (r == null) {
            return ApiErrors.error(404, "no rollout '" + id + "'", null);
        }
        return Response.ok(rollout(r), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @POST
    @Path("rollouts")
    @RolesAllowed("operator")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response startRollout(RolloutBody body, @Context SecurityContext security) {
        if (body == null) {
            throw new IllegalArgumentException("body must be {\"steps\": [{\"component\", \"site\"}, ...]} or"
                    + " {\"components\": [...], \"sites\": [...]}");
        }
        List<ClusterState.RolloutStep> steps = new ArrayList<>();
        if (body.steps() != null && !body.steps().isEmpty()) {
            for (StepBody st : body.steps()) {
                if (st == null || st.component() == null || st.site() == null) {
                    throw new IllegalArgumentException("every step needs a component and a site");
                }
                steps.add(new ClusterState.RolloutStep(st.component(), st.site(), ClusterState.StepPhase.PENDING, ""));
            }
        } else if (body.components() != null && body.sites() != null) {
            for (String site : body.sites()) {
                for (String c : body.components()) {
                    steps.add(new ClusterState.RolloutStep(c, site, ClusterState.StepPhase.PENDING, ""));
                }
            }
        } else {
            throw new IllegalArgumentException("a rollout needs steps, or components and sites");
        }
        String id = body.id() != null && !body.id().isBlank()
                ? body.id()
                : "r"
                        + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
                                .withZone(java.time.ZoneOffset.UTC)
                                .format(clock.instant());
        Response r = act(new ClusterChange.StartRollout(id, steps, by(security), clock.instant()));
        if (r.getStatus() == 202) {
            return Response.status(202)
                    .entity(Map.of("id", id, "version", ((Map<?, ?>) r.getEntity()).get("version")))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .build();
        }
        return r;
    }

    @POST
    @Path("rollouts/{id}/pause")
    @RolesAllowed("operator")
    public Response pauseRollout(@PathParam("id") String id, @Context SecurityContext security) {
        return act(new ClusterChange.ControlRollout(id, "pause", by(security), clock.instant()));
    }

    @POST
    @Path("rollouts/{id}/resume")
    @RolesAllowed("operator")
    public Response resumeRollout(@PathParam("id") String id, @Context SecurityContext security) {
        return act(new ClusterChange.ControlRollout(id, "resume", by(security), clock.instant()));
    }

    @POST
    @Path("rollouts/{id}/cancel")
    @RolesAllowed("operator")
    public Response cancelRollout(@PathParam("id") String id, @Context SecurityContext security) {
        return act(new ClusterChange.ControlRollout(id, "cancel", by(security), clock.instant()));
    }

    static Map<String, Object> rollout(ClusterState.Rollout r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("status", lower(r.status().name()));
        m.put("current", r.current());
        m.put("detail", r.detail());
        m.put("by", r.by());
        m.put("created", r.created().toString());
        m.put("updated", r.updated().toString());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (ClusterState.RolloutStep st : r.steps()) {
            steps.add(Map.of(
                    "component", st.component(),
                    "site", st.site(),
                    "phase", lower(st.phase().name()),
                    "detail", st.detail()));
        }
        m.put("steps", steps);
        return m;
    }

    private static String required(@Nullable SiteBody body) {
        if (body == null || body.site() == null || body.site().isBlank()) {
            throw new IllegalArgumentException("body must be {\"site\": \"<site id>\"}");
        }
        return body.site();
    }

    /**
     * {@code 409} naming the components that taking the site out of service would stop (no other data site can take
     * them), or null when it stops nothing; the operator repeats the action with {@code ?force=true} to stop them.
     */
    private static @Nullable Response refuseToStop(
            ClusterState s, String site, Optional<String> component, String what) {
        List<String> stops = s.stoppedIfOutOfService(site, component);
        if (stops.isEmpty()) {
            return null;
        }
        return ApiErrors.error(
                409,
                what + " would stop " + String.join(", ", stops) + ": no other data site is up and may run "
                        + (stops.size() == 1 ? "it" : "them") + "; repeat with ?force=true to stop "
                        + (stops.size() == 1 ? "it" : "them") + " there",
                Map.of("wouldStop", stops, "site", site));
    }

    private static String by(SecurityContext security) {
        Caller caller = Caller.of(security);
        return caller == null ? "unknown" : caller.getName();
    }

    private Response act(ClusterChange change) {
        try {
            long version = coordinator.submit(change).get(submitTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return Response.status(202)
                    .entity(Map.of("version", version))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .build();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RejectedChangeException r) {
                return ApiErrors.error(409, String.valueOf(r.getMessage()), null);
            }
            return ApiErrors.error(503, "the cluster did not take the change: " + e.getCause(), null);
        } catch (TimeoutException e) {
            return ApiErrors.error(
                    503,
                    "no quorum took the change within " + submitTimeout.toMillis() + " ms; it may still apply",
                    null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiErrors.error(503, "interrupted", null);
        }
    }

    /** The JSON of the cluster as one site sees it (also what {@code triad demo} and the UI read). */
    static Map<String, Object> view(
            Coordinator coordinator,
            ClusterState s,
            FailoverPolicy policy,
            Clock clock,
            Map<String, PlacementRole> agentRoles) {
        Map<String, Object> m = new LinkedHashMap<>();
        Lease lease = coordinator.lease();
        m.put("site", coordinator.siteId());
        m.put("leader", lease.leader());
        m.put("term", lease.term());
        m.put("epoch", s.epoch());
        m.put("version", s.version());
        m.put("lease", lease.validAt(System.nanoTime()));
        List<Map<String, Object>> sites = new ArrayList<>();
        for (Site site : s.sites().values()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", site.id());
            e.put("role", lower(site.role().name()));
            e.put("state", lower(site.state().name()));
            e.put("leader", site.id().equals(lease.leader()));
            sites.add(e);
        }
        m.put("sites", sites);
        List<Map<String, Object>> components = new ArrayList<>();
        for (Component c : s.components().values()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", c.name());
            e.put("mode", c.mode() == ClusterState.Mode.ACTIVE_ACTIVE ? "active-active" : "active-standby");
            List<Map<String, Object>> placement = new ArrayList<>();
            for (Placement p : c.placement()) {
                Map<String, Object> pe = new LinkedHashMap<>();
                pe.put("site", p.site());
                pe.put("role", lower(p.role().name()));
                pe.put("weight", p.weight());
                AppliedRole a = s.roles().get(p.site() + "/" + c.name());
                if (a != null) {
                    Map<String, Object> ae = new LinkedHashMap<>();
                    ae.put("role", lower(a.role().name()));
                    ae.put("weight", a.weight());
                    ae.put("epoch", a.epoch());
                    ae.put("ok", a.ok());
                    ae.put("detail", a.detail());
                    ae.put("at", a.at().toString());
                    pe.put("applied", ae);
                }
                HealthReport h = s.health().get(p.site() + "/" + c.name());
                if (h != null) {
                    pe.put("health", Map.of("healthy", h.healthy(), "detail", h.detail(), "at", h.at().toString()));
                }
                placement.add(pe);
            }
            e.put("placement", placement);
            Control control = s.control(c.name());
            e.put("pinned", control.pinned());
            e.put("drained", control.drained());
            int failovers = s.failoversWithinHour(c.name(), clock.instant());
            e.put("failoversLastHour", failovers);
            e.put("failbackSuspended", failovers >= policy.maxFailoversPerHour());
            components.add(e);
        }
        m.put("components", components);
        m.put("rollout", s.openRollout().map(ClusterResource::rollout).orElse(null));
        Map<String, String> here = new LinkedHashMap<>();
        agentRoles.forEach((name, role) -> here.put(name, lower(role.name())));
        m.put("agent", here);
        return m;
    }

    static Map<String, Object> event(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", e.version());
        m.put("at", e.at().toString());
        m.put("type", e.type());
        m.put("site", e.site());
        m.put("detail", e.detail());
        return m;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
