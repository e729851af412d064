package io.triad.appliance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.triad.appliance.config.TriadConfig;
import io.triad.appliance.demo.DemoBackbone;
import io.triad.collector.correlation.CorrelatingSink;
import io.triad.collector.correlation.CorrelationExtractor;
import io.triad.collector.input.Inputs;
import io.triad.collector.input.InputsConfig;
import io.triad.collector.input.TlsMaterial;
import io.triad.collector.journal.Journal;
import io.triad.collector.journal.JournalConfig;
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
import io.triad.metrics.alerts.AlertEvaluator;
import io.triad.metrics.alerts.AlertNotifier;
import io.triad.metrics.alerts.SilenceStore;
import io.triad.metrics.alerts.WebhookNotifier;
import io.triad.metrics.host.HostProbe;
import io.triad.metrics.host.HostTelemetry;
import io.triad.metrics.intake.HttpFetch;
import io.triad.metrics.intake.ScrapeTarget;
import io.triad.metrics.intake.Scraper;
import io.triad.metrics.model.SampleSink;
import io.triad.metrics.query.QueryEngine;
import io.triad.metrics.store.RejectedSampleException;
import io.triad.metrics.store.SeriesStore;
import io.triad.metrics.store.StoreConfig;
import io.triad.search.correlation.CorrelationService;
import io.triad.search.index.IndexConfig;
import io.triad.search.index.Indexer;
import io.triad.search.index.LogIndex;
import io.triad.search.query.QueryLimits;
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
import io.triad.web.auth.Role;
import io.triad.web.auth.UserStore;
import io.triad.web.auth.WebAuth;
import io.triad.web.cluster.ClusterResource;
import io.triad.web.ui.UiResource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
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
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private @Nullable Inputs inputs;
    private @Nullable WebServer web;
    private @Nullable SampleSink metricsSink;
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

    private void build(Clock clock) throws Exception {
        Files.createDirectories(data);
        String site = config.site.id;

        SelfMetrics metrics = push(new SelfMetrics(site));

        TriadConfig.JournalSection j = config.journal;
        Journal journal = push(Journal.open(
                new JournalConfig(
                        data.resolve("journal"),
                        site,
                        (long) j.segmentMiB << 20,
                        Duration.ofMillis(j.commitIntervalMillis),
                        j.maxRecordBytes,
                        j.retentionMiB << 20,
                        Duration.ofDays(j.retentionDays),
                        j.maxBacklogRecords),
                clock,
                metrics.registry()));
        Journal.RecoveryReport recovery = journal.recovery();
        if (recovery.truncatedBytes() > 0 || recovery.corruptRecords() > 0) {
            LOG.warn(
                    "journal recovery: truncated {} bytes of a torn tail, skipped {} corrupt records; last position {}",
                    recovery.truncatedBytes(),
                    recovery.corruptRecords(),
                    recovery.lastPosition());
        }

        // the cluster's member starts early (its election runs while the rest starts) and closes late
        Coordinator coordinator = push(Cluster.open(config));
        ClusterLog clusterLog = new ClusterLog(journal, site, hostName(), clock, data.resolve("raft"));
        boolean witness = "witness".equals(config.site.role);
        if (!witness && (config.clustered() || !config.cluster.components.isEmpty())) {
            // a bare single-site appliance has no cluster history worth a log event; the witness stores no logs
            push(coordinator.watch(clusterLog));
        }
        // after the coordinator (whose view it reads) and before the inputs, closed before both
        Replication replication = config.replicated()
                ? push(LogReplication.start(config, data, journal, coordinator, metrics.registry(), clock))
                : null;
        if (replication != null) {
            ports.put("replication", replication.port());
        }
        FailoverPolicy failoverPolicy = config.failoverPolicy();
        Duration clusterSubmitTimeout = Duration.ofMillis(3L * config.cluster.requestTimeoutMillis);

        TriadConfig.IndexSection ix = config.index;
        IndexConfig d = IndexConfig.defaults();
        IndexConfig indexConfig = new IndexConfig(
                Duration.ofMillis(ix.refreshMillis),
                Duration.ofSeconds(ix.commitSeconds),
                ix.maxDynamicFields,
                ix.retentionDays,
                ix.retentionMiB << 20,
                ix.ramBufferMiB,
                d.maxOpenWriters(),
                d.batchSize(),
                d.pollWait(),
                ix.indexThreads);
        LogIndex index = push(LogIndex.open(data.resolve("index"), indexConfig, clock));
        Indexer indexer = push(new Indexer(journal, index, metrics.registry()));
        indexer.start();

        TriadConfig.SearchSection s = config.search;
        QueryLimits defaults = QueryLimits.defaults();
        SearchService search = new SearchService(
                index,
                new QueryLimits(
                        s.maxClauses,
                        defaults.allowLeadingWildcard(),
                        s.maxExpansions,
                        defaults.totalHitsThreshold(),
                        s.maxLimit),
                clock);

        QueryEngine metricsEngine = new QueryEngine(
                monitoring(site, metrics, clock),
                io.triad.metrics.query.QueryLimits.defaults(),
                (long) config.metrics.resultsCacheMiB << 20);
        MetricsQueryResource metricsQueryResource = new MetricsQueryResource(metricsEngine, clock);
        AlertsResource alertsResource = alerting(metricsEngine, journal, metrics, clock);

        CorrelationService correlation = new CorrelationService(index, search, s.maxCorrelationEvents);
        // closed before the web server (pushed after it), so open streams end and the server stops at once
        LiveTail tail = new LiveTail(journal, search, s.tailBufferEvents, s.maxTailClients, metrics.registry());

        // license trouble never stops data flow: licensing starts after the pipeline and only locks configuration
        Licensing licensing = push(Licensing.start(config, data, coordinator, clock, metrics.registry()));

        UserStore users = push(UserStore.open(data.resolve("web"), config.authConfig(), clock));
        createFirstAdmin(users);
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
        WebAuth auth = new WebAuth(users, clock, metrics.registry());
        // the agent starts after the web server (its hooks may need the API); the placement API reads it once it runs
        AtomicReference<SiteAgent> siteAgent = new AtomicReference<>();
        WebServer web = push(WebServer.start(
                webConfig(clock),
                auth.with(List.of(
                        new HealthResource(() -> health(journal, indexer, replication)),
                        new MetricsResource(metrics::scrape),
                        new SearchResource(search, clock, s.defaultLimit),
                        new EventsResource(search, correlation),
                        new CorrelationResource(correlation, clock),
                        new TailResource(tail),
                        metricsQueryResource,
                        new PrometheusApiResource(metricsQueryResource),
                        alertsResource,
                        new LicenseResource(licensing.service()),
                        new ClusterResource(
                                coordinator,
                                failoverPolicy,
                                clock,
                                config.cluster.maxWatchers,
                                clusterSubmitTimeout,
                                () -> {
                                    SiteAgent a = siteAgent.get();
                                    return a == null ? Map.of() : a.roles();
                                }),
                        new ConfigurationLock(licensing::lockReason),
                        HttpMetrics.listener(metrics.registry()),
                        new SearchErrors(),
                        UiResource.fromClasspath()))));
        this.web = web;
        push(tail);

        if (config.demo.backbone) {
            // before the agent, so the components answer its first health checks
            ports.put("backbone", demoBackbone(clock).port());
        }
        List<ComponentSpec> components = "witness".equals(config.site.role) ? List.of() : config.componentSpecs();
        SiteAgent agent = push(new SiteAgent(
                coordinator,
                components,
                new HookRunner(HookRunner.DEFAULT_MAX_OUTPUT_BYTES, metrics.registry()),
                data,
                clock,
                SiteAgent.Settings.of(
                        failoverPolicy, Duration.ofSeconds(config.cluster.failover.rolloutHealthTimeoutSeconds))));
        agent.onHook(clusterLog::hook);
        siteAgent.set(agent);
        agent.start();
        push(new Controller(
                        coordinator,
                        failoverPolicy,
                        config.componentSpecs(),
                        config.siteSpecs(),
                        clock,
                        clusterSubmitTimeout))
                .start();
        ports.put("web", web.port());
        if (web.httpsPort() >= 0) {
            ports.put("https", web.httpsPort());
        }

        CorrelationExtractor extractor = new CorrelationExtractor(config.correlationRules(), metrics.registry());
        EventSink local =
                new CorrelatingSink(replication == null ? journal : replication.sink(AckPolicy.LOCAL), extractor);
        EventSink both = replication == null ? local : new CorrelatingSink(replication.sink(AckPolicy.BOTH), extractor);
        InputsConfig inputsConfig = inputsConfig();
        Inputs in = push(new Inputs(
                inputsConfig,
                name -> AckPolicy.parse(ackOf(name)) == AckPolicy.BOTH ? both : local,
                metrics.registry(),
                clock,
                MetricsIntakeRoutes.of(
                        site,
                        config.metrics,
                        java.util.Objects.requireNonNull(metricsSink),
                        metrics.registry(),
                        clock)));
        in.start();
        inputs = in;
        for (String name : InputsConfig.INPUTS) {
            if (!inputsConfig.enabled().contains(name)) {
                continue;
            }
            int port = in.port(name);
            if (port > 0) {
                ports.put(name, port);
            }
        }
        writeRunFile();
    }

    /** {@code triad demo}'s simulated backbone on this data site. */
    private DemoBackbone demoBackbone(Clock clock) throws IOException {
        TriadConfig.DemoSection d = config.demo;
        Map<String, java.net.URI> peers = new LinkedHashMap<>();
        for (String p : d.peers) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("demo.peers entries are site=http://host:port; got: '" + p + "'");
            }
            peers.put(p.substring(0, eq), java.net.URI.create(p.substring(eq + 1)));
        }
        int gelf = config.inputs.gelf.port;
        return push(new DemoBackbone(
                        config.site.id,
                        java.util.Objects.requireNonNull(web).port(),
                        gelf,
                        d.port,
                        peers,
                        d.flowsPerSecond,
                        d.apiUser,
                        d.apiPassword.isEmpty() ? config.web.auth.adminPassword : d.apiPassword,
                        clock))
                .start();
    }

    /** HTTP, and HTTPS with the configured keystore or the self-signed certificate the TLS inputs use too. */
    private WebConfig webConfig(Clock clock) throws IOException, GeneralSecurityException {
        TriadConfig.WebSection w = config.web;
        if (w.httpsPort < 0) {
            return new WebConfig(w.bind, w.port);
        }
        InputsConfig.Tls tls = w.tls.keystore.isEmpty()
                ? InputsConfig.Tls.selfSigned(data.resolve("tls"))
                : InputsConfig.Tls.pkcs12(Path.of(w.tls.keystore), w.tls.password.toCharArray());
        return new WebConfig(
                w.bind, w.port, w.httpsPort, TlsMaterial.load(tls, clock).sslContext());
    }

    /**
     * At the first start (no admin yet, though {@code triad user add} may have made other users) creates the admin
     * {@value #FIRST_ADMIN} with the password of {@code web.auth.adminPassword}, else of the environment variable
     * {@value #ADMIN_PASSWORD_ENV}, else a generated one that is printed once on standard output (and never logged).
     */
    private void createFirstAdmin(UserStore users) {
        if (users.users().stream().anyMatch(u -> u.role() == Role.ADMIN)) {
            return;
        }
        if (users.user(FIRST_ADMIN).isPresent()) {
            LOG.warn(
                    "there is no admin, and the user '{}' exists with a smaller role: add an admin with "
                            + "'triad user add NAME --role admin'",
                    FIRST_ADMIN);
            return;
        }
        String configured = config.web.auth.adminPassword;
        String env = System.getenv(ADMIN_PASSWORD_ENV);
        String source;
        String password;
        if (!configured.isEmpty()) {
            source = "web.auth.adminPassword";
            password = configured;
        } else if (env != null && !env.isEmpty()) {
            source = ADMIN_PASSWORD_ENV;
            password = env;
        } else {
            source = null;
            password = UserStore.randomPassword();
        }
        try {
            users.addUser(FIRST_ADMIN, Role.ADMIN, password.toCharArray());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the first admin's password from " + source + ": " + e.getMessage(), e);
        }
        if (source == null) {
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            out.println("Created the first admin user '" + FIRST_ADMIN + "' with the password " + password);
            out.println("  (shown only now; change it with: triad user passwd " + FIRST_ADMIN + ")");
            out.flush();
            LOG.info("created the first admin user '{}'; its generated password is on standard output", FIRST_ADMIN);
        } else {
            LOG.info("created the first admin user '{}' with the password from {}", FIRST_ADMIN, source);
        }
    }

    /** The ack policy of an input: UDP never acknowledges, the others by their section's {@code ack}. */
    private String ackOf(String input) {
        TriadConfig.InputsSection i = config.inputs;
        return switch (input) {
            case InputsConfig.SYSLOG_TCP, InputsConfig.SYSLOG_TLS -> i.syslog.ack;
            case InputsConfig.GELF_TCP, InputsConfig.GELF_HTTP -> i.gelf.ack;
            case InputsConfig.OTLP_HTTP, InputsConfig.NDJSON -> i.otlp.ack;
            default -> AckPolicy.LOCAL.text();
        };
    }

    private InputsConfig inputsConfig() {
        TriadConfig.InputsSection i = config.inputs;
        java.util.Set<String> enabled = new java.util.LinkedHashSet<>();
        // the witness stores no logs: it only votes (so the metrics intake on the OTLP port stays off there too)
        boolean logs = !"witness".equals(config.site.role);
        if (logs && i.syslog.enabled) {
            enabled.add("syslog-udp");
            enabled.add("syslog-tcp");
            if (i.syslog.tlsEnabled) {
                enabled.add("syslog-tls");
            }
        }
        if (logs && i.gelf.enabled) {
            enabled.add("gelf-udp");
            enabled.add("gelf-tcp");
            enabled.add("gelf-http");
        }
        if (logs && i.otlp.enabled) {
            enabled.add("otlp-http");
        }
        InputsConfig.Limits d = InputsConfig.Limits.defaults();
        InputsConfig.Limits limits = new InputsConfig.Limits(
                i.syslog.maxMessageBytes,
                i.gelf.maxMessageBytes,
                d.maxGelfChunks(),
                d.gelfChunkTimeout(),
                d.maxGelfPendingMessages(),
                i.http.maxBodyBytes,
                i.http.maxDecompressedBytes,
                i.maxConnections,
                d.maxInFlightBatches(),
                i.otlp.maxAttributes,
                i.http.maxLines,
                i.http.maxLineBytes,
                Duration.ofSeconds(i.idleTimeoutSeconds));
        InputsConfig.Tls tls = i.tls.keystore.isEmpty()
                ? InputsConfig.Tls.selfSigned(data.resolve("tls"))
                : InputsConfig.Tls.pkcs12(Path.of(i.tls.keystore), i.tls.password.toCharArray());
        return new InputsConfig(
                config.site.id,
                i.bind,
                new InputsConfig.Ports(i.syslog.port, i.syslog.tlsPort, i.gelf.port, i.gelf.httpPort, i.otlp.port),
                enabled,
                limits,
                ZoneId.of(i.syslog.defaultTimeZone),
                tls);
    }

    private HealthResource.HealthReport health(Journal journal, Indexer indexer, @Nullable Replication replication) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("site", config.site.id);
        d.put("role", config.site.role);
        boolean indexerUp = indexer.running() && indexer.failure().isEmpty();
        IOException stalled = journal.stalled();
        boolean journalUp = journal.failure() == null && stalled == null;
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("status", journal.failure() != null ? "down" : stalled != null ? "stalled" : "up");
        if (stalled != null) {
            // a full disk: not accepting, retrying; nothing acknowledged is at risk
            j.put("stalled", String.valueOf(stalled.getMessage()));
        }
        j.put("lastPosition", journal.lastPosition());
        j.put("durablePosition", journal.durablePosition());
        j.put("sizeBytes", journal.sizeBytes());
        j.put("accepting", journal.accepting());
        IOException failure = journal.failure();
        if (failure != null) {
            j.put("failure", String.valueOf(failure.getMessage()));
        }
        d.put("journal", j);
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("status", indexerUp ? "up" : "down");
        x.put("indexedPosition", indexer.lastIndexedPosition());
        x.put("lag", indexer.lag());
        indexer.failure().ifPresent(f -> x.put("failure", String.valueOf(f)));
        d.put("indexer", x);
        if (replication != null) {
            // informative: a peer that is away degrades nothing here (its events are durable here, both-acks wait or
            // fall back once the peer is declared down)
            Replication.Status r = replication.status();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("peer", r.peer());
            m.put("status", r.pulling() && r.peerPulling() ? "up" : "degraded");
            m.put("pulling", r.pulling());
            m.put("peerPulling", r.peerPulling());
            m.put("heldSeq", r.heldSeq());
            m.put("peerSeq", r.peerSeq());
            m.put("lagRecords", r.lagRecords());
            m.put("localSeq", r.localSeq());
            m.put("ackedSeq", r.ackedSeq());
            m.put("unacked", r.unacked());
            m.put("waitingAcks", r.waitingAcks());
            m.put("fallbackToLocal", r.fallback());
            if (!r.lastError().isEmpty()) {
                m.put("lastError", r.lastError());
            }
            if (r.lastCatchUpEvents() > 0) {
                m.put("lastCatchUp", Map.of("events", r.lastCatchUpEvents(), "millis", r.lastCatchUpMillis()));
            }
            d.put("replication", m);
        }
        Runtime rt = Runtime.getRuntime();
        d.put("heapUsedBytes", rt.totalMemory() - rt.freeMemory());
        d.put("heapMaxBytes", rt.maxMemory());
        return new HealthResource.HealthReport(indexerUp && journalUp, d);
    }

    /** Writes {@code <data>/run.json} (pid and bound ports) atomically, for scripts and tests. */
    private void writeRunFile() throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("site", config.site.id);
        run.put("pid", ProcessHandle.current().pid());
        run.put("started", Instant.now().toString());
        run.put("ports", ports);
        DurableFiles.writeString(data.resolve("run.json"), new ObjectMapper().writeValueAsString(run));
    }

    /**
     * The metrics store with host telemetry and scrapes (the appliance's own meters and the configured targets)
     * writing into it, and its periodic retention; returns the store for queries.
     */
    private SeriesStore monitoring(String site, SelfMetrics metrics, Clock clock) throws IOException {
        TriadConfig.MetricsSection ms = config.metrics;
        SeriesStore store = push(SeriesStore.open(
                data.resolve("metrics"),
                StoreConfig.defaults()
                        .withMaxSeries(ms.maxSeries)
                        .withRetention(
                                Duration.ofDays(ms.rawRetentionDays),
                                Duration.ofDays(ms.minuteRetentionDays),
                                Duration.ofDays(ms.hourRetentionDays)),
                clock));
        io.triad.metrics.StoreMeters.bind(metrics.registry(), store::stats, data.resolve("metrics/wal"));
        SampleSink sink = (labels, ts, value) -> {
            try {
                store.append(labels, ts, value);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (RejectedSampleException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        };
        metricsSink = sink;
        String host = hostName();
        HostTelemetry hostTelemetry = push(new HostTelemetry(
                new HostProbe(site, host, Path.of("/proc/pressure")),
                sink,
                clock,
                Duration.ofSeconds(ms.hostIntervalSeconds),
                metrics.registry()));
        hostTelemetry.start();
        List<ScrapeTarget> targets = new java.util.ArrayList<>();
        targets.add(new ScrapeTarget(
                "triad",
                site,
                Map.of("site", site, "host", host, "component", "appliance"),
                Duration.ofSeconds(ms.selfScrapeSeconds),
                metrics::scrape));
        for (TriadConfig.ScrapeSection t : ms.scrape) {
            java.net.URI url = java.net.URI.create(t.url);
            String instance = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
            targets.add(new ScrapeTarget(
                    t.job,
                    instance,
                    Map.of(
                            "site", site,
                            "host", t.host.isEmpty() ? String.valueOf(url.getHost()) : t.host,
                            "component", t.component.isEmpty() ? t.job : t.component),
                    Duration.ofSeconds(t.intervalSeconds),
                    new HttpFetch(
                            url,
                            Duration.ofSeconds(10),
                            ms.maxScrapeBytes,
                            t.authorization.isEmpty() ? null : t.authorization)));
        }
        Scraper scraper = push(new Scraper(targets, sink, clock, metrics.registry()));
        scraper.start();
        java.util.concurrent.ScheduledExecutorService housekeeping =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "triad-metrics-retention");
                    t.setDaemon(true);
                    return t;
                });
        push(housekeeping::shutdownNow);
        var unused = housekeeping.scheduleAtFixedRate(
                () -> {
                    try {
                        store.applyRetention();
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("metrics retention failed: {}", e.toString());
                    }
                },
                1,
                60,
                java.util.concurrent.TimeUnit.MINUTES);
        return store;
    }

    /**
     * Shortage detection: the rules of {@code alerts} evaluated over the metrics store, silences in {@code
     * <data>/metrics/alerts.mv.db}, every change journaled as a log event ({@link AlertLog}), and the webhooks.
     */
    private AlertsResource alerting(QueryEngine engine, Journal journal, SelfMetrics metrics, Clock clock)
            throws IOException {
        TriadConfig.AlertsSection a = config.alerts;
        SilenceStore silences = push(SilenceStore.open(
                data.resolve("metrics"), clock, a.maxSilences, Duration.ofHours(a.keepExpiredSilencesHours)));
        List<AlertNotifier> notifiers = new java.util.ArrayList<>();
        notifiers.add(new AlertLog(journal, config.site.id, hostName(), clock, a.journalPending));
        for (TriadConfig.WebhookSection w : a.webhooks) {
            notifiers.add(push(new WebhookNotifier(TriadConfig.webhook(w, ""), metrics.registry())));
        }
        Duration interval = Duration.ofSeconds(a.evaluationIntervalSeconds);
        AlertEvaluator evaluator = push(new AlertEvaluator(
                a.enabled ? config.alertRules() : List.of(),
                engine,
                clock,
                silences::silences,
                notifiers,
                metrics.registry()));
        if (a.enabled) {
            evaluator.start(interval);
        }
        return new AlertsResource(evaluator, silences, clock, interval);
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

    private <T extends AutoCloseable> T push(T closeable) {
        closeables.push(closeable);
        return closeable;
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
                .append(config.site.id)
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
        boolean clean = true;
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                clean = false;
                LOG.error("closing {} failed", c.getClass().getSimpleName(), e);
            }
        }
        if (clean) {
            LOG.info("Triad site '{}' stopped: inputs closed, index committed, journal fsynced", config.site.id);
        }
        terminated.countDown();
    }
}
