package io.triad.appliance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.triad.appliance.config.DemoSection;
import io.triad.appliance.config.FailoverConfigs;
import io.triad.appliance.config.ModuleConfigs;
import io.triad.appliance.config.TriadConfig;
import io.triad.appliance.config.WebSection;
import io.triad.appliance.demo.DemoBackbone;
import io.triad.collector.correlation.CorrelatingSink;
import io.triad.collector.correlation.CorrelationExtractor;
import io.triad.collector.input.Inputs;
import io.triad.collector.input.InputsConfig;
import io.triad.collector.input.TlsMaterial;
import io.triad.collector.journal.Journal;
import io.triad.collector.replication.AckPolicy;
import io.triad.collector.replication.Replication;
import io.triad.collector.sink.EventSink;
import io.triad.durable.DurableFiles;
import io.triad.failover.ComponentSpec;
import io.triad.failover.Controller;
import io.triad.failover.Coordinator;
import io.triad.failover.FailoverPolicy;
import io.triad.failover.SiteAgent;
import io.triad.failover.agent.HookRunner;
import io.triad.metrics.SelfMetrics;
import io.triad.metrics.model.SampleSink;
import io.triad.metrics.query.QueryEngine;
import io.triad.search.correlation.CorrelationService;
import io.triad.search.index.Indexer;
import io.triad.search.index.LogIndex;
import io.triad.search.query.SearchService;
import io.triad.search.tail.LiveTail;
import io.triad.web.HttpMetrics;
import io.triad.web.WebConfig;
import io.triad.web.WebServer;
import io.triad.web.api.AlertsResource;
import io.triad.web.api.CorrelationResource;
import io.triad.web.api.EventsResource;
import io.triad.web.api.HealthResource;
import io.triad.web.api.LicenseResource;
import io.triad.web.api.MetricsQueryResource;
import io.triad.web.api.MetricsResource;
import io.triad.web.api.PrometheusApiResource;
import io.triad.web.api.SearchErrors;
import io.triad.web.api.SearchResource;
import io.triad.web.api.TailResource;
import io.triad.web.auth.ConfigurationLock;
import io.triad.web.auth.UserStore;
import io.triad.web.auth.WebAuth;
import io.triad.web.cluster.ClusterResource;
import io.triad.web.ui.UiResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running site appliance: the object graph of every module, built by hand in dependency order and closed in
 * reverse.
 *
 * <p>Start order: metrics, journal, index, indexer, search, user store, web server, and the inputs last, so no event
 * is accepted before everything behind it runs. {@link #close()} stops the inputs first, then the web server, the user
 * store, then the indexer (which commits), the index and the journal (which fsyncs).
 *
 * <p>NOTE: {@link #close()} is idempotent and thread safe (the shutdown hook calls it).
 */
public final class Appliance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Appliance.class);

    /** The name of the admin made at the first start. */
    public static final String FIRST_ADMIN = "admin";

    /** The environment variable with the first admin's password. */
    public static final String ADMIN_PASSWORD_ENV = "TRIAD_ADMIN_PASSWORD";

    private final TriadConfig config;
    private final Path data;
    private final StartedComponents started = new StartedComponents();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private @Nullable WebServer web;
    private boolean closed;

    private Appliance(TriadConfig config) {
        this.config = config;
        this.data = Path.of(config.data).toAbsolutePath();
    }

    /**
     * Builds and starts every component.
     *
     * @throws Exception when a component cannot start; whatever had started is closed again
     */
    public static Appliance start(TriadConfig config, Clock clock) throws Exception {
        // H2 reads its bind address once, when the first database of the JVM opens (here the metrics store, before
        // the users' database whose auto server must listen on loopback only)
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        Appliance a = new Appliance(config);
        try {
            a.build(clock);
            return a;
        } catch (Exception | Error e) {
            a.close();
            throw e;
        }
    }

    /** Starts every part in dependency order, the inputs last: no event is accepted before all behind it runs. */
    private void build(Clock clock) throws Exception {
        Files.createDirectories(data);
        SelfMetrics metrics = started.push(new SelfMetrics(config.site.id()));
        Journal journal = openJournal(metrics, clock);
        ClusterParts cluster = startCluster(journal, metrics, clock);
        Search search = startSearch(journal, metrics, clock);
        Monitoring monitoring = Monitoring.start(config, data, started, metrics, clock);
        QueryEngine metricsEngine = new QueryEngine(
                monitoring.store(),
                io.triad.metrics.query.QueryLimits.defaults(),
                (long) config.metrics.resultsCacheMiB << 20);
        AlertsResource alerts = Alerting.start(config, data, started, metricsEngine, journal, metrics, clock);
        // license trouble never stops data flow: licensing starts after the pipeline and only locks configuration
        Licensing licensing =
                started.push(Licensing.start(config, data, cluster.coordinator(), clock, metrics.registry()));
        UserStore users = openUsers(metrics, clock);
        // the agent starts after the web server (its hooks may need the API); the placement API reads it once it runs
        AtomicReference<SiteAgent> siteAgent = new AtomicReference<>();
        List<Object> resources = new ArrayList<>();
        resources.add(new HealthResource(
                new SiteHealth(config.site, journal, search.indexer(), cluster.replication())::report));
        resources.add(new MetricsResource(metrics::scrape));
        resources.addAll(search.resources(clock, config.search.defaultLimit()));
        MetricsQueryResource metricsQuery = new MetricsQueryResource(metricsEngine, clock);
        resources.addAll(List.of(metricsQuery, new PrometheusApiResource(metricsQuery), alerts));
        resources.add(new LicenseResource(licensing.service()));
        resources.add(clusterResource(cluster, siteAgent, clock));
        resources.addAll(
                List.of(new ConfigurationLock(licensing::lockReason), HttpMetrics.listener(metrics.registry())));
        WebServer web = startWeb(new WebAuth(users, clock, metrics.registry()), resources, clock);
        // closed before the web server (pushed after it), so open streams end and the server stops at once
        started.push(search.tail());
        startFailover(cluster, siteAgent, metrics, clock);
        ports.put("web", web.port());
        if (web.httpsPort() >= 0) {
            ports.put("https", web.httpsPort());
        }
        startInputs(journal, cluster.replication(), monitoring.sink(), metrics, clock);
        writeRunFile();
    }

    /** The durable journal in {@code <data>/journal}; a torn tail or corrupt records found at recovery are logged. */
    private Journal openJournal(SelfMetrics metrics, Clock clock) throws IOException {
        Journal journal = started.push(Journal.open(ModuleConfigs.journal(config, data), clock, metrics.registry()));
        Journal.RecoveryReport recovery = journal.recovery();
        if (recovery.truncatedBytes() > 0 || recovery.corruptRecords() > 0) {
            LOG.warn(
                    "journal recovery: truncated {} bytes of a torn tail, skipped {} corrupt records; last position {}",
                    recovery.truncatedBytes(),
                    recovery.corruptRecords(),
                    recovery.lastPosition());
        }
        return journal;
    }

    /**
     * This site's member of the cluster, the cluster log and, on a replicated data site, the log replication with the
     * peer. The coordinator starts early (its election runs while the rest starts) and closes late.
     */
    private ClusterParts startCluster(Journal journal, SelfMetrics metrics, Clock clock) throws Exception {
        Coordinator coordinator = started.push(Cluster.open(config));
        ClusterLog clusterLog = new ClusterLog(journal, config.site.id(), hostName(), clock, data.resolve("raft"));
        if (!config.site.witness() && (config.clustered() || !config.cluster.components.isEmpty())) {
            // a bare single-site appliance has no cluster history worth a log event; the witness stores no logs
            started.push(coordinator.watch(clusterLog));
        }
        // after the coordinator (whose view it reads) and before the inputs, closed before both
        Replication replication = config.replicated()
                ? started.push(LogReplication.start(config, data, journal, coordinator, metrics.registry(), clock))
                : null;
        if (replication != null) {
            ports.put("replication", replication.port());
        }
        return new ClusterParts(
                coordinator,
                clusterLog,
                replication,
                FailoverConfigs.failoverPolicy(config),
                Duration.ofMillis(3L * config.cluster.requestTimeoutMillis));
    }

    /** The index in {@code <data>/index}, the indexer that feeds it from the journal, and the queries over it. */
    private Search startSearch(Journal journal, SelfMetrics metrics, Clock clock) throws IOException {
        LogIndex index = started.push(LogIndex.open(data.resolve("index"), ModuleConfigs.index(config), clock));
        Indexer indexer = started.push(new Indexer(journal, index, metrics.registry()));
        indexer.start();
        SearchService search = new SearchService(index, ModuleConfigs.queryLimits(config), clock);
        CorrelationService correlation = new CorrelationService(index, search, config.search.maxCorrelationEvents());
        LiveTail tail = new LiveTail(
                journal, search, config.search.tailBufferEvents(), config.search.maxTailClients(), metrics.registry());
        return new Search(indexer, search, correlation, tail);
    }

    /** The users in {@code <data>/web} (with the first admin), and the meters of every H2 database. */
    private UserStore openUsers(SelfMetrics metrics, Clock clock) throws IOException {
        UserStore users = started.push(UserStore.open(data.resolve("web"), ModuleConfigs.authConfig(config), clock));
        FirstAdmin.create(users, config.web.auth.adminPassword());
        io.triad.metrics.H2Meters.bind(
                metrics.registry(),
                Map.of(
                        "metrics",
                        io.triad.metrics.H2Meters.Database.file(data.resolve("metrics/metrics")),
                        "alerts",
                        io.triad.metrics.H2Meters.Database.file(data.resolve("metrics/alerts")),
                        "license",
                        io.triad.metrics.H2Meters.Database.file(data.resolve("license/license")),
                        "users",
                        new io.triad.metrics.H2Meters.Database(
                                data.resolve("web").resolve(UserStore.DATABASE), users::activeConnections)));
        return users;
    }

    /** The REST API of the cluster; the placement it serves is the agent's, once that runs. */
    private ClusterResource clusterResource(ClusterParts cluster, AtomicReference<SiteAgent> siteAgent, Clock clock) {
        return new ClusterResource(
                cluster.coordinator(),
                cluster.policy(),
                clock,
                config.cluster.maxWatchers,
                cluster.submitTimeout(),
                () -> {
                    SiteAgent a = siteAgent.get();
                    return a == null ? Map.of() : a.roles();
                });
    }

    /** The web server with the REST resources behind authentication, the error mapping and the UI. */
    private WebServer startWeb(WebAuth auth, List<Object> resources, Clock clock) throws Exception {
        List<Object> all = new ArrayList<>(resources);
        all.add(new SearchErrors());
        all.add(UiResource.fromClasspath());
        WebServer w = started.push(WebServer.start(webConfig(clock), auth.with(all)));
        this.web = w;
        return w;
    }

    /**
     * The failover of the components: the demo backbone (when configured, before the agent so that the components
     * answer its first health checks), this site's agent that runs their hooks (readable through {@code siteAgent}
     * before it starts), and the controller that places them.
     */
    private void startFailover(
            ClusterParts cluster, AtomicReference<SiteAgent> siteAgent, SelfMetrics metrics, Clock clock)
            throws IOException {
        if (config.demo.backbone()) {
            ports.put("backbone", demoBackbone(clock).port());
        }
        List<ComponentSpec> components = config.site.witness() ? List.of() : FailoverConfigs.componentSpecs(config);
        SiteAgent agent = started.push(new SiteAgent(
                cluster.coordinator(),
                components,
                new HookRunner(HookRunner.DEFAULT_MAX_OUTPUT_BYTES, metrics.registry()),
                data,
                clock,
                SiteAgent.Settings.of(
                        cluster.policy(), Duration.ofSeconds(config.cluster.failover.rolloutHealthTimeoutSeconds()))));
        agent.onHook(cluster.log()::hook);
        siteAgent.set(agent);
        agent.start();
        started.push(new Controller(
                        cluster.coordinator(),
                        cluster.policy(),
                        FailoverConfigs.componentSpecs(config),
                        FailoverConfigs.siteSpecs(config),
                        clock,
                        cluster.submitTimeout()))
                .start();
    }

    /**
     * The ingestion inputs, last: each writes through correlation into the journal, or on a replicated site into the
     * replication's sink of its ack policy; the metrics push endpoints share the OTLP port.
     */
    private void startInputs(
            Journal journal,
            @Nullable Replication replication,
            SampleSink metricsSink,
            SelfMetrics metrics,
            Clock clock)
            throws Exception {
        CorrelationExtractor extractor =
                new CorrelationExtractor(ModuleConfigs.correlationRules(config), metrics.registry());
        EventSink local =
                new CorrelatingSink(replication == null ? journal : replication.sink(AckPolicy.LOCAL), extractor);
        EventSink both = replication == null ? local : new CorrelatingSink(replication.sink(AckPolicy.BOTH), extractor);
        InputsConfig inputsConfig = ModuleConfigs.inputs(config, data);
        Inputs in = started.push(new Inputs(
                inputsConfig,
                name -> AckPolicy.parse(ModuleConfigs.ack(config, name)) == AckPolicy.BOTH ? both : local,
                metrics.registry(),
                clock,
                MetricsIntakeRoutes.of(
                        config.site.id(), ModuleConfigs.intakeLimits(config), metricsSink, metrics.registry(), clock)));
        in.start();
        for (String name : InputsConfig.INPUTS) {
            if (!inputsConfig.enabled().contains(name)) {
                continue;
            }
            int port = in.port(name);
            if (port > 0) {
                ports.put(name, port);
            }
        }
    }

    /** {@code triad demo}'s simulated backbone on this data site. */
    private DemoBackbone demoBackbone(Clock clock) throws IOException {
        DemoSection d = config.demo;
        Map<String, java.net.URI> peers = new LinkedHashMap<>();
        for (String p : d.peers()) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("demo.peers entries are site=http://host:port; got: '" + p + "'");
            }
            peers.put(p.substring(0, eq), java.net.URI.create(p.substring(eq + 1)));
        }
        int gelf = config.inputs.gelf.port();
        return started.push(new DemoBackbone(
                        config.site.id(),
                        java.util.Objects.requireNonNull(web).port(),
                        gelf,
                        d.port(),
                        peers,
                        d.flowsPerSecond(),
                        d.apiUser(),
                        d.apiPassword().isEmpty() ? config.web.auth.adminPassword() : d.apiPassword(),
                        clock))
                .start();
    }

    /** HTTP, and HTTPS with the configured keystore or the self-signed certificate the TLS inputs use too. */
    private WebConfig webConfig(Clock clock) throws IOException, GeneralSecurityException {
        WebSection w = config.web;
        if (w.httpsPort < 0) {
            return new WebConfig(w.bind, w.port);
        }
        return new WebConfig(
                w.bind,
                w.port,
                w.httpsPort,
                TlsMaterial.load(ModuleConfigs.webTls(config, data), clock).sslContext());
    }

    /** Writes {@code <data>/run.json} (pid and bound ports) atomically, for scripts and tests. */
    private void writeRunFile() throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("site", config.site.id());
        run.put("pid", ProcessHandle.current().pid());
        run.put("started", Instant.now().toString());
        run.put("ports", ports);
        DurableFiles.writeString(data.resolve("run.json"), new ObjectMapper().writeValueAsString(run));
    }

    /** This site's part of the cluster, as the later steps need it. */
    private record ClusterParts(
            Coordinator coordinator,
            ClusterLog log,
            @Nullable Replication replication,
            FailoverPolicy policy,
            Duration submitTimeout) {}

    /** The indexer and the queries over the index. */
    private record Search(Indexer indexer, SearchService search, CorrelationService correlation, LiveTail tail) {
        /** The REST resources of log search, correlation and the live tail. */
        List<Object> resources(Clock clock, int defaultLimit) {
            return List.of(
                    new SearchResource(search, clock, defaultLimit),
                    new EventsResource(search, correlation),
                    new CorrelationResource(correlation, clock),
                    new TailResource(tail));
        }
    }

    /** This machine's name: $HOSTNAME, else /etc/hostname, else "localhost". */
    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            String name = Files.readString(Path.of("/etc/hostname"), java.nio.charset.StandardCharsets.UTF_8)
                    .trim();
            return name.isEmpty() ? "localhost" : name;
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Every resource method the web server serves (for the authorization tests). */
    public List<WebServer.Endpoint> webEndpoints() {
        WebServer w = web;
        return w == null ? List.of() : w.endpoints();
    }

    /** The bound port of {@code web} or of an input ({@code syslog-tcp}, {@code otlp-http}, ...). */
    public int port(String name) {
        Integer p = ports.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no port named '" + name + "'; known: " + ports.keySet());
        }
        return p;
    }

    /** What a person starting it wants to read: the URLs and ports. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("Triad site '")
                .append(config.site.id())
                .append("' is running; data in ")
                .append(data)
                .append('\n');
        String host = config.web.bind.equals("0.0.0.0") ? "localhost" : config.web.bind;
        b.append("  REST API  http://")
                .append(host)
                .append(':')
                .append(port("web"))
                .append("/api/v1\n");
        b.append("  health    http://")
                .append(host)
                .append(':')
                .append(port("web"))
                .append("/api/v1/health\n");
        ports.forEach((name, port) -> {
            if (!name.equals("web")) {
                b.append("  ")
                        .append(String.format(java.util.Locale.ROOT, "%-11s", name))
                        .append(port)
                        .append('\n');
            }
        });
        return b.toString();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean clean = started.closeAll();
        if (clean) {
            LOG.info("Triad site '{}' stopped: inputs closed, index committed, journal fsynced", config.site.id());
        }
        terminated.countDown();
    }
}
