package io.triad.appliance.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated security backbone of {@code triad demo} on one data site: the backbone server ({@code BACKBONE}) and
 * its modules (EEP event processing, EAP alarm processing, AAM authentication, MSM media storage, GSM geo services).
 * They behave as real components would towards Triad:
 *
 * <ul>
 *   <li>they follow the placement API ({@code GET /api/v1/cluster/watch} of their site, Server-Sent Events, as any
 *       component or load balancer may) and work only where it places them: an active-active module in proportion to
 *       its weight, an active-standby module only where it is primary (with the epoch it was promoted in);
 *   <li>they answer health checks ({@code GET /health/<component>}: 200, or 503 after {@code POST /fail/<component>}
 *       until {@code POST /recover/<component>}) and expose Prometheus metrics ({@code GET /metrics});
 *   <li>they run alarm flows: the backbone takes a door event, and each module's step runs on the site the placement
 *       gives it, forwarded over HTTP ({@code POST /step}) to the other data site when that is where the module runs;
 *       every step is logged with the flow's {@code alarm_id} (GELF over UDP to the site's own collector), so the
 *       search correlates one flow across components and sites, and a forward that finds no one is logged as a warning.
 * </ul>
 *
 * <p>NOTE: thread safe. Lifecycle: {@link #start()} once, {@link #close()} idempotent.
 */
public final class DemoBackbone implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoBackbone.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The backbone server and its modules, in the order a flow passes them. */
    public static final List<String> FLOW = List.of("BACKBONE", "EEP", "AAM", "EAP", "MSM", "GSM");

    private static final Map<String, String> STEP = Map.of(
            "BACKBONE", "door forced event received from controller DC-%d",
            "EEP", "event processed: door-forced, priority high",
            "AAM", "badge of the last entry checked: operator session opened",
            "EAP", "alarm raised and routed to the operator console",
            "MSM", "video clip of camera CAM-%d stored (12 s)",
            "GSM", "alarm located: building B%d, floor %d");

    /** One placement entry of a component, as the API gives it. */
    record Slot(String role, int weight) {}

    private final String site;
    private final int gelfPort;
    private final URI watch;
    private final String authorization;
    private final Map<String, URI> peers;
    private final double flowsPerSecond;
    private final Clock clock;
    private final HttpClient http;
    private final HttpServer server;
    private final DatagramSocket udp;
    private final ScheduledExecutorService timer;
    private final Thread follower;
    // component -> site -> slot, from the latest cluster event
    private volatile Map<String, Map<String, Slot>> placement = Map.of();
    private volatile long epoch;
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> steps = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> forwardFailures = new ConcurrentHashMap<>();
    private final AtomicLong flows = new AtomicLong();
    private double owed;
    private volatile boolean closed;

    /**
     * @param webPort this site's web port (the placement API)
     * @param gelfPort this site's GELF UDP input (where the components log)
     * @param port the port of this backbone's endpoints; 0 = any
     * @param peers the other data sites' backbone endpoints by site id
     */
    public DemoBackbone(
            String site,
            int webPort,
            int gelfPort,
            int port,
            Map<String, URI> peers,
            double flowsPerSecond,
            String user,
            String password,
            Clock clock)
            throws IOException {
        this.site = site;
        this.gelfPort = gelfPort;
        this.watch = URI.create("http://127.0.0.1:" + webPort + "/api/v1/cluster/watch");
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.peers = Map.copyOf(peers);
        this.flowsPerSecond = flowsPerSecond;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(500))
                .build();
        this.udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.server = new HttpServer();
        this.server.addListener(new NetworkListener("demo-backbone", "127.0.0.1", port));
        this.server.getServerConfiguration().addHttpHandler(new Handler(), "/");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "triad-demo-backbone-" + site);
            t.setDaemon(true);
            return t;
        });
        this.follower = new Thread(this::follow, "triad-demo-placement-" + site);
        this.follower.setDaemon(true);
        for (String c : FLOW) {
            steps.put(c, new AtomicLong());
            forwardFailures.put(c, new AtomicLong());
        }
    }

    /** Opens the endpoints, follows the placement and starts the flows. */
    public DemoBackbone start() throws IOException {
        server.start();
        follower.start();
        timer.scheduleAtFixedRate(this::tick, 1000, 250, TimeUnit.MILLISECONDS);
        LOG.info("demo backbone of {} on port {}", site, port());
        return this;
    }

    /** The port of the endpoints. */
    public int port() {
        return server.getListener("demo-backbone").getPort();
    }

    /** Alarm flows this site originated so far. */
    public long flows() {
        return flows.get();
    }

    // --- following the placement API

    private void follow() {
        while (!closed) {
            try {
                HttpRequest req = HttpRequest.newBuilder(watch)
                        .header("Authorization", authorization)
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build();
                HttpResponse<java.io.InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                if (resp.statusCode() != 200) {
                    resp.body().close();
                    throw new IOException("placement watch answered HTTP " + resp.statusCode());
                }
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
                    StringBuilder data = new StringBuilder();
                    String line;
                    while (!closed && (line = in.readLine()) != null) {
                        if (line.startsWith("data:")) {
                            data.append(line.substring(5).strip());
                        } else if (line.isEmpty() && data.length() > 0) {
                            placed(JSON.readTree(data.toString()));
                            data.setLength(0);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.debug("placement watch of {} interrupted: {}", site, e.toString());
                }
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void placed(JsonNode cluster) {
        Map<String, Map<String, Slot>> m = new LinkedHashMap<>();
        for (JsonNode c : cluster.path("components")) {
            Map<String, Slot> bySite = new LinkedHashMap<>();
            for (JsonNode p : c.path("placement")) {
                bySite.put(
                        p.path("site").asText(),
                        new Slot(
                                p.path("role").asText("stopped"),
                                p.path("weight").asInt(0)));
            }
            m.put(c.path("name").asText(), bySite);
        }
        epoch = cluster.path("epoch").asLong();
        placement = m;
    }

    /** Where a component's step runs: here when placed here, else the site the placement gives it; null if none. */
    @Nullable
    String siteFor(String component) {
        Map<String, Slot> slots = placement.get(component);
        if (slots == null) {
            return null;
        }
        Slot mine = slots.get(site);
        if (mine != null && serves(mine)) {
            return site;
        }
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            if (serves(e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }

    private static boolean serves(Slot s) {
        return s.role().equals("primary") || (s.role().equals("active") && s.weight() > 0);
    }

    // --- the flows

    private void tick() {
        try {
            Slot mine = placement.getOrDefault("BACKBONE", Map.of()).get(site);
            if (mine == null || !serves(mine)) {
                return;
            }
            owed += flowsPerSecond * mine.weight() / 100.0 / 4;
            while (owed >= 1) {
                owed -= 1;
                flow();
            }
        } catch (RuntimeException e) {
            LOG.warn("demo flow failed", e);
        }
    }

    private void flow() {
        long n = flows.incrementAndGet();
        String alarm = "ALM-" + site.toUpperCase(Locale.ROOT) + "-" + n;
        for (String component : FLOW) {
            String where = component.equals("BACKBONE") ? site : siteFor(component);
            if (where == null) {
                log(component, 4, "no site runs " + component + "; alarm " + alarm + " waits", alarm, "");
                count(forwardFailures, component);
                continue;
            }
            if (where.equals(site)) {
                step(component, alarm, n, site);
            } else if (!forward(where, component, alarm, n)) {
                count(forwardFailures, component);
                log(
                        "BACKBONE",
                        4,
                        component + " on " + where + " did not take alarm " + alarm + "; it waits for the failover",
                        alarm,
                        where);
            }
        }
    }

    private boolean forward(String where, String component, String alarm, long n) {
        URI peer = peers.get(where);
        if (peer == null) {
            return false;
        }
        try {
            HttpRequest req = HttpRequest.newBuilder(peer.resolve(
                            "/step?component=" + component + "&alarm=" + alarm + "&n=" + n + "&origin=" + site))
                    .timeout(Duration.ofMillis(800))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs one step here; false when this site does not run the component (the placement moved meanwhile). */
    private boolean step(String component, String alarm, long n, String origin) {
        Slot mine = placement.getOrDefault(component, Map.of()).get(site);
        if (!component.equals("BACKBONE") && (mine == null || !serves(mine))) {
            return false;
        }
        String text = String.format(Locale.ROOT, STEP.get(component), 1 + n % 9, 1 + n % 4);
        String role = mine == null ? "active" : mine.role();
        log(
                component,
                component.equals("EAP") ? 3 : 6,
                text + " [" + alarm + (role.equals("primary") ? ", primary in epoch " + epoch : "") + ", from " + origin
                        + "]",
                alarm,
                "");
        count(steps, component);
        return true;
    }

    private static void count(Map<String, AtomicLong> counters, String component) {
        counters.computeIfAbsent(component, k -> new AtomicLong()).incrementAndGet();
    }

    private void log(String component, int level, String message, String alarm, String peer) {
        ObjectNode g = JSON.createObjectNode();
        g.put("version", "1.1");
        g.put("host", site + "-" + component.toLowerCase(Locale.ROOT));
        g.put("short_message", message);
        g.put("timestamp", clock.millis() / 1000.0);
        g.put("level", level);
        g.put("_component", component);
        g.put("_layer", component.equals("BACKBONE") ? "server" : "module");
        g.put("_app", "backbone-" + component.toLowerCase(Locale.ROOT));
        g.put("_alarm_id", alarm);
        if (!peer.isEmpty()) {
            g.put("_peer_site", peer);
        }
        byte[] b = g.toString().getBytes(StandardCharsets.UTF_8);
        try {
            udp.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), gelfPort));
        } catch (IOException e) {
            LOG.debug("demo log not sent: {}", e.toString());
        }
    }

    // --- the endpoints

    private final class Handler extends HttpHandler {
        @Override
        public void service(Request request, Response response) throws Exception {
            String path = request.getRequestURI();
            String method = request.getMethod().getMethodString();
            if (method.equals("GET") && path.startsWith("/health/")) {
                String c = path.substring("/health/".length());
                boolean ok = FLOW.contains(c) && !failed.contains(c);
                reply(response, ok ? 200 : 503, ok ? c + " ok\n" : c + " failed\n", "text/plain");
            } else if (method.equals("POST") && (path.startsWith("/fail/") || path.startsWith("/recover/"))) {
                String c = path.substring(path.indexOf('/', 1) + 1);
                if (!FLOW.contains(c)) {
                    reply(response, 404, "unknown component " + c + "; known: " + FLOW + "\n", "text/plain");
                    return;
                }
                if (path.startsWith("/fail/")) {
                    failed.add(c);
                    log(c, 2, c + " on " + site + " fails (demo fault injected)", "", "");
                } else {
                    failed.remove(c);
                    log(c, 5, c + " on " + site + " recovered (demo fault removed)", "", "");
                }
                reply(response, 200, c + (failed.contains(c) ? " failed\n" : " ok\n"), "text/plain");
            } else if (method.equals("POST") && path.equals("/step")) {
                String c = String.valueOf(request.getParameter("component"));
                String alarm = String.valueOf(request.getParameter("alarm"));
                String origin = String.valueOf(request.getParameter("origin"));
                long n = Long.parseLong(String.valueOf(request.getParameter("n")));
                boolean done = FLOW.contains(c) && !failed.contains(c) && step(c, alarm, n, origin);
                reply(response, done ? 200 : 409, done ? "ok\n" : c + " does not run here\n", "text/plain");
            } else if (method.equals("GET") && path.equals("/metrics")) {
                reply(response, 200, metrics(), "text/plain; version=0.0.4");
            } else {
                reply(response, 404, "not found\n", "text/plain");
            }
        }
    }

    private String metrics() {
        StringBuilder b = new StringBuilder();
        b.append("# HELP backbone_steps_total Alarm flow steps a component ran on this site.\n");
        b.append("# TYPE backbone_steps_total counter\n");
        steps.forEach((c, v) -> b.append("backbone_steps_total{module=\"")
                .append(c)
                .append("\"} ")
                .append(v.get())
                .append('\n'));
        b.append("# HELP backbone_forward_failures_total Steps that found no site to run them.\n");
        b.append("# TYPE backbone_forward_failures_total counter\n");
        forwardFailures.forEach((c, v) -> b.append("backbone_forward_failures_total{module=\"")
                .append(c)
                .append("\"} ")
                .append(v.get())
                .append('\n'));
        b.append("# HELP backbone_serving Whether the module serves on this site (1) and its weight.\n");
        b.append("# TYPE backbone_serving gauge\n");
        for (String c : FLOW) {
            Slot s = placement.getOrDefault(c, Map.of()).get(site);
            b.append("backbone_serving{module=\"")
                    .append(c)
                    .append("\",role=\"")
                    .append(s == null ? "stopped" : s.role())
                    .append("\"} ")
                    .append(s != null && serves(s) ? 1 : 0)
                    .append('\n');
        }
        b.append("# TYPE backbone_alarm_flows_total counter\n");
        b.append("backbone_alarm_flows_total ").append(flows.get()).append('\n');
        return b.toString();
    }

    private static void reply(Response response, int status, String body, String type) throws IOException {
        response.setStatus(status);
        response.setContentType(type);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(b.length);
        response.getOutputStream().write(b);
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        follower.interrupt();
        server.shutdownNow();
        udp.close();
    }
}
