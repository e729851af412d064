package io.triad.appliance.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of one site, read from {@code triad.yaml}. Every key has a default, so an empty file (or
 * none) runs a single-site appliance; unknown keys are errors that name the key and where it is.
 *
 * <p>NOTE: instances are plain mutable holders filled by Jackson and then only read; {@link #validate()} checks
 * every value once, after loading. The wiring turns them into the immutable configuration records of each module.
 */
public final class TriadConfig {
    /** This site. */
    public SiteSection site = new SiteSection();

    /** The data directory: {@code journal/}, {@code index/}, {@code tls/}, ... live below it. */
    public String data = "data";

    public WebSection web = new WebSection();
    public InputsSection inputs = new InputsSection();
    public JournalSection journal = new JournalSection();
    public IndexSection index = new IndexSection();
    public SearchSection search = new SearchSection();
    public CorrelationSection correlation = new CorrelationSection();
    public MetricsSection metrics = new MetricsSection();
    public AlertsSection alerts = new AlertsSection();
    public LicensingSection licensing = new LicensingSection();

    /** The three-site cluster; without peers this site is a single-site appliance. */
    public ClusterSection cluster = new ClusterSection();

    /** Log replication between the two data sites of a cluster. */
    public ReplicationSection replication = new ReplicationSection();

    /** The simulated backbone of {@code triad demo} (off unless the demo writes it on). */
    public DemoSection demo = new DemoSection();

    /** Reads a YAML file; a missing file is an error (the defaults need no file). */
    public static TriadConfig load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("configuration file not found: " + file.toAbsolutePath());
        }
        try {
            return parse(Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
        } catch (UnrecognizedPropertyException e) {
            throw new IOException(
                    file + ": unknown key '" + e.getPropertyName() + "' at " + e.getPathReference()
                            + "; known keys there: " + e.getKnownPropertyIds(),
                    e);
        }
    }

    /** Reads YAML text; blank text is the defaults. */
    public static TriadConfig parse(String yaml) throws IOException {
        if (yaml.isBlank()) {
            return new TriadConfig();
        }
        TriadConfig c = mapper().readValue(yaml, TriadConfig.class);
        return c == null ? new TriadConfig() : c;
    }

    /** The YAML text of this configuration (every key, with its value). */
    public String toYaml() throws IOException {
        return mapper().writeValueAsString(this);
    }

    private static ObjectMapper mapper() {
        return new YAMLMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException naming the first bad key, the value and what is allowed
     */
    public TriadConfig validate() {
        List<String> errors = new ArrayList<>();
        if (!site.id.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
            errors.add("site.id must match [a-z0-9][a-z0-9_-]{0,62}; got: '" + site.id + "'");
        }
        port(errors, "web.port", web.port);
        if (web.httpsPort < -1 || web.httpsPort > 65535) {
            errors.add("web.httpsPort must be within -1..65535 (0 = any free port, -1 = off); got: " + web.httpsPort);
        }
        positive(errors, "web.auth.sessionIdleMinutes", web.auth.sessionIdleMinutes);
        positive(errors, "web.auth.sessionMaxHours", web.auth.sessionMaxHours);
        if (web.auth.credentialCacheSeconds < 0) {
            errors.add("web.auth.credentialCacheSeconds must be >= 0; got: " + web.auth.credentialCacheSeconds);
        }
        positive(errors, "web.auth.minPasswordLength", web.auth.minPasswordLength);
        positive(errors, "web.auth.loginFreeFailures", web.auth.loginFreeFailures);
        positive(errors, "web.auth.loginMaxDelaySeconds", web.auth.loginMaxDelaySeconds);
        positive(errors, "web.auth.maxSavedSearchesPerUser", web.auth.maxSavedSearchesPerUser);
        port(errors, "inputs.syslog.port", inputs.syslog.port);
        port(errors, "inputs.syslog.tlsPort", inputs.syslog.tlsPort);
        port(errors, "inputs.gelf.port", inputs.gelf.port);
        port(errors, "inputs.gelf.httpPort", inputs.gelf.httpPort);
        port(errors, "inputs.otlp.port", inputs.otlp.port);
        ack(errors, "inputs.syslog.ack", inputs.syslog.ack);
        ack(errors, "inputs.gelf.ack", inputs.gelf.ack);
        ack(errors, "inputs.otlp.ack", inputs.otlp.ack);
        replicationErrors(errors);
        positive(errors, "inputs.maxConnections", inputs.maxConnections);
        positive(errors, "inputs.syslog.maxMessageBytes", inputs.syslog.maxMessageBytes);
        positive(errors, "inputs.gelf.maxMessageBytes", inputs.gelf.maxMessageBytes);
        positive(errors, "inputs.http.maxBodyBytes", inputs.http.maxBodyBytes);
        positive(errors, "inputs.http.maxDecompressedBytes", inputs.http.maxDecompressedBytes);
        positive(errors, "inputs.http.maxLines", inputs.http.maxLines);
        positive(errors, "inputs.http.maxLineBytes", inputs.http.maxLineBytes);
        positive(errors, "journal.segmentMiB", journal.segmentMiB);
        positive(errors, "journal.commitIntervalMillis", journal.commitIntervalMillis);
        positive(errors, "journal.maxBacklogRecords", journal.maxBacklogRecords);
        positive(errors, "index.refreshMillis", index.refreshMillis);
        if (index.refreshMillis > 1000) {
            errors.add("index.refreshMillis must be <= 1000 (events are searchable within 1 s); got: "
                    + index.refreshMillis);
        }
        positive(errors, "index.commitSeconds", index.commitSeconds);
        positive(errors, "index.retentionDays", index.retentionDays);
        positive(errors, "index.indexThreads", index.indexThreads);
        positive(errors, "search.maxClauses", search.maxClauses);
        positive(errors, "search.maxExpansions", search.maxExpansions);
        positive(errors, "search.tailBufferEvents", search.tailBufferEvents);
        positive(errors, "search.maxTailClients", search.maxTailClients);
        positive(errors, "search.maxCorrelationEvents", search.maxCorrelationEvents);
        positive(errors, "metrics.hostIntervalSeconds", metrics.hostIntervalSeconds);
        positive(errors, "metrics.selfScrapeSeconds", metrics.selfScrapeSeconds);
        positive(errors, "metrics.maxSeries", metrics.maxSeries);
        if (metrics.resultsCacheMiB < 0 || metrics.resultsCacheMiB > 65_536) {
            errors.add("metrics.resultsCacheMiB must be within [0, 65536]; got: " + metrics.resultsCacheMiB);
        }
        positive(errors, "metrics.rawRetentionDays", metrics.rawRetentionDays);
        positive(errors, "metrics.minuteRetentionDays", metrics.minuteRetentionDays);
        positive(errors, "metrics.hourRetentionDays", metrics.hourRetentionDays);
        positive(errors, "metrics.maxScrapeBytes", metrics.maxScrapeBytes);
        positive(errors, "metrics.maxIntakeBytes", metrics.maxIntakeBytes);
        positive(errors, "metrics.maxIntakeSeriesPerRequest", metrics.maxIntakeSeriesPerRequest);
        if (metrics.maxIntakeLabels < 5) {
            errors.add("metrics.maxIntakeLabels must be >= 5; got: " + metrics.maxIntakeLabels);
        }
        positive(errors, "metrics.maxIntakeLabelNameLength", metrics.maxIntakeLabelNameLength);
        positive(errors, "metrics.maxIntakeLabelValueLength", metrics.maxIntakeLabelValueLength);
        for (int i = 0; i < metrics.scrape.size(); i++) {
            ScrapeSection t = metrics.scrape.get(i);
            String key = "metrics.scrape[" + i + "]";
            if (t.job.isBlank()) {
                errors.add(key + ".job is required");
            }
            try {
                java.net.URI u = java.net.URI.create(t.url);
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                    errors.add(key + ".url must be an http or https URL; got: '" + t.url + "'");
                }
            } catch (IllegalArgumentException e) {
                errors.add(key + ".url is not a URL: '" + t.url + "'");
            }
            positive(errors, key + ".intervalSeconds", t.intervalSeconds);
        }
        if (!site.cluster.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            errors.add("site.cluster must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}; got: '" + site.cluster + "'");
        }
        if (!"data".equals(site.role) && !"witness".equals(site.role)) {
            errors.add("site.role must be 'data' or 'witness'; got: '" + site.role + "'");
        }
        if (!"emulated".equals(licensing.transport) && !"usb".equals(licensing.transport)) {
            errors.add("licensing.transport must be 'emulated' or 'usb'; got: '" + licensing.transport + "'");
        }
        if (licensing.vendorId < 0 || licensing.vendorId > 0xffff) {
            errors.add("licensing.vendorId must be within 0..65535; got: " + licensing.vendorId);
        }
        if (licensing.productId < 0 || licensing.productId > 0xffff) {
            errors.add("licensing.productId must be within 0..65535; got: " + licensing.productId);
        }
        positive(errors, "licensing.attestIntervalSeconds", licensing.attestIntervalSeconds);
        positive(errors, "licensing.evaluateIntervalSeconds", licensing.evaluateIntervalSeconds);
        positive(errors, "licensing.pollMillis", licensing.pollMillis);
        positive(errors, "licensing.attestationRefreshSeconds", licensing.attestationRefreshSeconds);
        if (licensing.maxReportBytes < 1024 || licensing.maxReportBytes > 1 << 20) {
            errors.add("licensing.maxReportBytes must be within 1024..1048576; got: " + licensing.maxReportBytes);
        }
        positive(errors, "alerts.evaluationIntervalSeconds", alerts.evaluationIntervalSeconds);
        positive(errors, "alerts.regressionWindowHours", alerts.regressionWindowHours);
        positive(errors, "alerts.maxSilences", alerts.maxSilences);
        positive(errors, "alerts.keepExpiredSilencesHours", alerts.keepExpiredSilencesHours);
        clusterErrors(errors);
        try {
            alertRules();
        } catch (IllegalArgumentException e) {
            errors.add("alerts.rules: " + e.getMessage());
        }
        for (int i = 0; i < alerts.webhooks.size(); i++) {
            try {
                webhook(alerts.webhooks.get(i), "");
            } catch (IllegalArgumentException e) {
                errors.add("alerts.webhooks[" + i + "]: " + e.getMessage());
            }
        }
        try {
            correlationRules();
        } catch (IllegalArgumentException e) {
            errors.add("correlation: " + e.getMessage());
        }
        try {
            java.time.ZoneId.of(inputs.syslog.defaultTimeZone);
        } catch (RuntimeException e) {
            errors.add("inputs.syslog.defaultTimeZone is not a time zone: '" + inputs.syslog.defaultTimeZone + "'");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", errors));
        }
        return this;
    }

    /** The correlation section as the collector's rules. */
    public io.triad.collector.correlation.CorrelationRules correlationRules() {
        List<io.triad.collector.correlation.CorrelationRules.Extractor> xs = new ArrayList<>();
        for (ExtractorSection x : correlation.extractors) {
            xs.add(io.triad.collector.correlation.CorrelationRules.Extractor.of(x.name, x.pattern, x.group));
        }
        return new io.triad.collector.correlation.CorrelationRules(
                correlation.fields, xs, correlation.maxValuesPerKey, correlation.maxValueChars);
    }

    /** The web section's authentication limits as the web module's configuration. */
    public io.triad.web.auth.AuthConfig authConfig() {
        AuthSection a = web.auth;
        return new io.triad.web.auth.AuthConfig(
                java.time.Duration.ofMinutes(a.sessionIdleMinutes),
                java.time.Duration.ofHours(a.sessionMaxHours),
                java.time.Duration.ofSeconds(a.credentialCacheSeconds),
                io.triad.web.auth.AuthConfig.defaults().credentialCacheMaxEntries(),
                a.minPasswordLength,
                a.loginFreeFailures,
                java.time.Duration.ofSeconds(a.loginMaxDelaySeconds),
                a.maxSavedSearchesPerUser);
    }

    /**
     * The alerting rules: the built-in shortage rules with the overrides of {@code alerts.rules} (by name), then the
     * user's rules of {@code alerts.rules} whose names are not built in.
     *
     * @throws IllegalArgumentException naming the rule and what is wrong
     */
    public List<io.triad.metrics.alerts.AlertRule> alertRules() {
        Map<String, RuleSection> byName = new java.util.LinkedHashMap<>();
        for (RuleSection r : alerts.rules) {
            if (byName.put(r.name, r) != null) {
                throw new IllegalArgumentException("two rules are named '" + r.name + "'");
            }
        }
        List<io.triad.metrics.alerts.AlertRule> out = new ArrayList<>();
        List<io.triad.metrics.alerts.AlertRule> builtIns = new ArrayList<>(io.triad.metrics.alerts.ShortageRules.all(
                java.time.Duration.ofHours(alerts.regressionWindowHours),
                journal.retentionMiB << 20,
                index.retentionMiB << 20));
        builtIns.addAll(io.triad.metrics.alerts.LicenseRules.all());
        builtIns.addAll(io.triad.metrics.alerts.ReplicationRules.all());
        for (io.triad.metrics.alerts.AlertRule builtIn : builtIns) {
            RuleSection o = byName.remove(builtIn.name());
            if (o == null) {
                out.add(builtIn);
            } else if (o.enabled) {
                out.add(o.apply(builtIn));
            }
        }
        for (RuleSection r : byName.values()) {
            if (r.enabled) {
                out.add(r.toRule());
            }
        }
        return out;
    }

    /** A webhook section as the notifier's configuration. */
    public static io.triad.metrics.alerts.WebhookNotifier.Config webhook(WebhookSection w, String externalUrl) {
        java.net.URI url;
        try {
            url = java.net.URI.create(w.url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url is not a URL: '" + w.url + "'", e);
        }
        if (w.timeoutSeconds <= 0) {
            throw new IllegalArgumentException("timeoutSeconds must be > 0; got: " + w.timeoutSeconds);
        }
        return new io.triad.metrics.alerts.WebhookNotifier.Config(
                w.name.isEmpty() ? String.valueOf(url.getHost()) : w.name,
                url,
                java.time.Duration.ofSeconds(w.timeoutSeconds),
                w.maxRetries,
                java.time.Duration.ofMillis(w.backoffMillis),
                w.maxQueue,
                w.authorization.isEmpty() ? null : w.authorization,
                externalUrl);
    }

    private void componentErrors(List<String> errors) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < cluster.components.size(); i++) {
            ComponentSection c = cluster.components.get(i);
            String key = "cluster.components[" + i + "]";
            if (!names.add(c.name)) {
                errors.add(key + ".name '" + c.name + "' is listed twice");
            }
            if (!"active-active".equals(c.mode) && !"active-standby".equals(c.mode)) {
                errors.add(key + ".mode must be 'active-active' or 'active-standby'; got: '" + c.mode + "'");
            }
            if (c.hooks.timeoutSeconds <= 0) {
                errors.add(key + ".hooks.timeoutSeconds must be > 0; got: " + c.hooks.timeoutSeconds);
            }
        }
        FailoverSection f = cluster.failover;
        if (f.stabilizationSeconds < 1 || f.failureTimeoutSeconds < 1 || f.demoteTimeoutSeconds < 1) {
            errors.add("cluster.failover: stabilizationSeconds, failureTimeoutSeconds and demoteTimeoutSeconds must be"
                    + " >= 1");
        }
        if (f.roundMillis < 10 || f.roundMillis > 10_000) {
            errors.add("cluster.failover.roundMillis must be within 10..10000; got: " + f.roundMillis);
        }
        if (f.rolloutHealthTimeoutSeconds < 1) {
            errors.add(
                    "cluster.failover.rolloutHealthTimeoutSeconds must be >= 1; got: " + f.rolloutHealthTimeoutSeconds);
        }
        if (f.maxFailoversPerHour < 1) {
            errors.add("cluster.failover.maxFailoversPerHour must be >= 1; got: " + f.maxFailoversPerHour);
        }
        if (errors.isEmpty()) {
            try {
                componentSpecs();
            } catch (IllegalArgumentException e) {
                errors.add("cluster.components: " + e.getMessage());
            }
        }
    }

    private void clusterErrors(List<String> errors) {
        componentErrors(errors);
        ClusterSection c = cluster;
        positive(errors, "cluster.electionTimeoutMinMillis", c.electionTimeoutMinMillis);
        if (c.electionTimeoutMaxMillis <= c.electionTimeoutMinMillis) {
            errors.add("cluster.electionTimeoutMaxMillis must be > cluster.electionTimeoutMinMillis ("
                    + c.electionTimeoutMinMillis + "); got: " + c.electionTimeoutMaxMillis);
        }
        if (c.leaseTimeoutMillis < c.electionTimeoutMaxMillis + c.electionTimeoutMinMillis) {
            errors.add("cluster.leaseTimeoutMillis must be >= electionTimeoutMaxMillis + electionTimeoutMinMillis ("
                    + (c.electionTimeoutMaxMillis + c.electionTimeoutMinMillis) + "); got: "
                    + c.leaseTimeoutMillis);
        }
        if (c.requestTimeoutMillis < c.electionTimeoutMinMillis) {
            errors.add("cluster.requestTimeoutMillis must be >= cluster.electionTimeoutMinMillis ("
                    + c.electionTimeoutMinMillis + "); got: " + c.requestTimeoutMillis);
        }
        positive(errors, "cluster.snapshotEvery", c.snapshotEvery);
        if (c.peers.isEmpty()) {
            return;
        }
        if (c.peers.size() != 3) {
            errors.add(
                    "cluster.peers must list the three sites (two data sites and the witness); got: " + c.peers.size());
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        int witnesses = 0;
        for (int i = 0; i < c.peers.size(); i++) {
            PeerSection p = c.peers.get(i);
            String key = "cluster.peers[" + i + "]";
            if (!p.id.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
                errors.add(key + ".id must match [a-z0-9][a-z0-9_-]{0,62}; got: '" + p.id + "'");
            }
            if (!ids.add(p.id)) {
                errors.add(key + ".id '" + p.id + "' is listed twice");
            }
            if ("witness".equals(p.role)) {
                witnesses++;
            } else if (!"data".equals(p.role)) {
                errors.add(key + ".role must be 'data' or 'witness'; got: '" + p.role + "'");
            }
            if (p.host.isBlank()) {
                errors.add(key + ".host is required");
            }
            if (p.raftPort <= 0 || p.raftPort > 65535) {
                errors.add(key + ".raftPort must be within 1..65535; got: " + p.raftPort);
            }
        }
        if (witnesses != 1) {
            errors.add("cluster.peers must have exactly one witness; got: " + witnesses);
        }
        if (!ids.contains(site.id)) {
            errors.add("cluster.peers must include this site (site.id '" + site.id + "'); got: " + ids);
        }
    }

    /** Whether this site is one of three (cluster.peers set) rather than a single-site appliance. */
    public boolean clustered() {
        return !cluster.peers.isEmpty();
    }

    /** The components of {@code cluster.components} (validated). */
    public List<io.triad.failover.ComponentSpec> componentSpecs() {
        List<io.triad.failover.ComponentSpec> out = new ArrayList<>();
        for (ComponentSection c : cluster.components) {
            java.util.Map<io.triad.failover.ComponentSpec.Hook, String> hooks =
                    new java.util.EnumMap<>(io.triad.failover.ComponentSpec.Hook.class);
            HooksSection h = c.hooks;
            putHook(hooks, io.triad.failover.ComponentSpec.Hook.START, h.start);
            putHook(hooks, io.triad.failover.ComponentSpec.Hook.STOP, h.stop);
            putHook(hooks, io.triad.failover.ComponentSpec.Hook.PROMOTE, h.promote);
            putHook(hooks, io.triad.failover.ComponentSpec.Hook.DEMOTE, h.demote);
            putHook(hooks, io.triad.failover.ComponentSpec.Hook.SET_WEIGHT, h.setWeight);
            putHook(hooks, io.triad.failover.ComponentSpec.Hook.UPDATE, h.update);
            out.add(new io.triad.failover.ComponentSpec(
                    c.name,
                    "active-standby".equals(c.mode)
                            ? io.triad.failover.ClusterState.Mode.ACTIVE_STANDBY
                            : io.triad.failover.ClusterState.Mode.ACTIVE_ACTIVE,
                    c.preferredSite,
                    new io.triad.failover.agent.HealthCheckSpec(
                            c.health.type,
                            c.health.target,
                            c.health.intervalMillis,
                            c.health.timeoutMillis,
                            c.health.rise,
                            c.health.fall),
                    hooks,
                    java.time.Duration.ofSeconds(h.timeoutSeconds)));
        }
        return out;
    }

    private static void putHook(
            java.util.Map<io.triad.failover.ComponentSpec.Hook, String> hooks,
            io.triad.failover.ComponentSpec.Hook hook,
            String command) {
        if (!command.isBlank()) {
            hooks.put(hook, command);
        }
    }

    /** The controller's policy from {@code cluster.failover} and the lease timeout. */
    public io.triad.failover.FailoverPolicy failoverPolicy() {
        FailoverSection f = cluster.failover;
        java.time.Duration lease = java.time.Duration.ofMillis(cluster.leaseTimeoutMillis);
        io.triad.failover.FailoverPolicy d = io.triad.failover.FailoverPolicy.defaults(lease);
        return new io.triad.failover.FailoverPolicy(
                lease,
                f.fenceMarginMillis < 0 ? d.fenceMargin() : java.time.Duration.ofMillis(f.fenceMarginMillis),
                f.selfFenceLeadMillis < 0 ? d.selfFenceLead() : java.time.Duration.ofMillis(f.selfFenceLeadMillis),
                java.time.Duration.ofSeconds(f.stabilizationSeconds),
                java.time.Duration.ofSeconds(f.failureTimeoutSeconds),
                f.maxFailoversPerHour,
                java.time.Duration.ofSeconds(f.demoteTimeoutSeconds),
                java.time.Duration.ofMillis(f.roundMillis));
    }

    /** The sites as the controller knows them: the peers, or this site alone. */
    public List<io.triad.failover.Controller.SiteSpec> siteSpecs() {
        List<io.triad.failover.Controller.SiteSpec> out = new ArrayList<>();
        if (cluster.peers.isEmpty()) {
            out.add(new io.triad.failover.Controller.SiteSpec(
                    site.id,
                    "witness".equals(site.role)
                            ? io.triad.failover.ClusterState.SiteRole.WITNESS
                            : io.triad.failover.ClusterState.SiteRole.DATA));
        }
        for (PeerSection p : cluster.peers) {
            out.add(new io.triad.failover.Controller.SiteSpec(
                    p.id,
                    "witness".equals(p.role)
                            ? io.triad.failover.ClusterState.SiteRole.WITNESS
                            : io.triad.failover.ClusterState.SiteRole.DATA));
        }
        return out;
    }

    /** The directory of the cluster's TLS files: {@code cluster.tlsDir}, or {@code <data>/cluster-tls}. */
    public Path clusterTlsDir() {
        return cluster.tlsDir.isEmpty() ? Path.of(data, "cluster-tls") : Path.of(cluster.tlsDir);
    }

    /**
     * The Ratis coordinator's configuration of this site (only when {@link #clustered()}); the storage is {@code
     * <data>/raft}.
     */
    public io.triad.failover.RatisCoordinator.Config ratisConfig(io.triad.failover.ClusterCertificates certificates) {
        List<io.triad.failover.RatisCoordinator.Peer> peers = new ArrayList<>();
        for (PeerSection p : cluster.peers) {
            boolean witness = "witness".equals(p.role);
            peers.add(new io.triad.failover.RatisCoordinator.Peer(
                    p.id,
                    witness
                            ? io.triad.failover.ClusterState.SiteRole.WITNESS
                            : io.triad.failover.ClusterState.SiteRole.DATA,
                    p.host,
                    p.raftPort,
                    p.priority != null ? p.priority : (witness ? 0 : 1)));
        }
        return new io.triad.failover.RatisCoordinator.Config(
                site.cluster,
                site.id,
                peers,
                cluster.bind,
                0,
                Path.of(data, "raft"),
                certificates,
                java.time.Duration.ofMillis(cluster.electionTimeoutMinMillis),
                java.time.Duration.ofMillis(cluster.electionTimeoutMaxMillis),
                java.time.Duration.ofMillis(cluster.requestTimeoutMillis),
                java.time.Duration.ofMillis(cluster.leaseTimeoutMillis),
                cluster.snapshotEvery,
                List.of());
    }

    private static void ack(List<String> errors, String key, String value) {
        if (!"local".equals(value) && !"both".equals(value)) {
            errors.add(key + " must be 'local' or 'both'; got: '" + value + "'");
        }
    }

    private void replicationErrors(List<String> errors) {
        ReplicationSection r = replication;
        port(errors, "replication.port", r.port);
        positive(errors, "replication.batchRecords", r.batchRecords);
        positive(errors, "replication.heartbeatMillis", r.heartbeatMillis);
        positive(errors, "replication.maxInFlightBatches", r.maxInFlightBatches);
        positive(errors, "replication.maxWaitingAcks", r.maxWaitingAcks);
        if (r.catchUpMiBPerSecond < 0 || r.catchUpThresholdRecords < 0) {
            errors.add("replication.catchUpMiBPerSecond and catchUpThresholdRecords must be >= 0 (0 = no limit); got: "
                    + r.catchUpMiBPerSecond + ", " + r.catchUpThresholdRecords);
        }
        if (r.idleTimeoutMillis < 2L * r.heartbeatMillis) {
            errors.add("replication.idleTimeoutMillis must be at least twice heartbeatMillis (" + 2L * r.heartbeatMillis
                    + "); got: " + r.idleTimeoutMillis);
        }
        if (((long) r.maxFrameMiB << 20) < journal.maxRecordBytes + 65_536L) {
            errors.add("replication.maxFrameMiB must hold the journal's largest record (journal.maxRecordBytes "
                    + journal.maxRecordBytes + " + 64 KiB); got: " + r.maxFrameMiB);
        }
        for (int i = 0; i < cluster.peers.size(); i++) {
            int p = cluster.peers.get(i).replicationPort;
            if (p <= 0 || p > 65535) {
                errors.add("cluster.peers[" + i + "].replicationPort must be within 1..65535; got: " + p);
            }
        }
    }

    /** Whether this site replicates its logs with a peer: a clustered data site with replication enabled. */
    public boolean replicated() {
        return replication.enabled && clustered() && !"witness".equals(site.role);
    }

    /** The other data site of the cluster (only when {@link #clustered()}). */
    public PeerSection dataPeer() {
        for (PeerSection p : cluster.peers) {
            if (!p.id.equals(site.id) && !"witness".equals(p.role)) {
                return p;
            }
        }
        throw new IllegalStateException("cluster.peers has no data site other than " + site.id);
    }

    private static void port(List<String> errors, String key, int value) {
        if (value < 0 || value > 65535) {
            errors.add(key + " must be within 0..65535 (0 = any free port); got: " + value);
        }
    }

    private static void positive(List<String> errors, String key, long value) {
        if (value <= 0) {
            errors.add(key + " must be > 0; got: " + value);
        }
    }

    /** The site's identity. */
    public static final class SiteSection {
        public String id = "site-a";

        /** {@code data} for a data center, {@code witness} for the third site. */
        public String role = "data";

        /** The cluster this site belongs to; a license is bound to it. */
        public String cluster = "triad-demo";
    }

    /** Log replication with the peer data site (mutual TLS with the cluster's certificates). */
    public static final class ReplicationSection {
        /** Whether a clustered data site replicates its logs; a single site or the witness never does. */
        public boolean enabled = true;

        /** The address the replication server listens on; empty = {@code cluster.bind}. */
        public String bind = "";

        /** The port it listens on; the peers list each other's as {@code cluster.peers[].replicationPort}. */
        public int port = 7401;

        /** The rate at which a peer that is behind is sent events (0 = no limit), so live ingest keeps priority. */
        public int catchUpMiBPerSecond = 64;

        /** How far behind the journal's end (records) a peer must be for that rate to apply. */
        public long catchUpThresholdRecords = 10_000;

        /** Journal records per replication batch. */
        public int batchRecords = 1024;

        /** The largest replication frame; must hold the journal's largest record. */
        public int maxFrameMiB = 8;

        /** How often an idle stream sends a heartbeat. */
        public int heartbeatMillis = 500;

        /** A connection with no frame for this long is closed and opened again. */
        public int idleTimeoutMillis = 3000;

        /** Batches the puller appends at once before it stops reading. */
        public int maxInFlightBatches = 8;

        /** Appends waiting for the peer's acknowledgement beyond which the inputs are back-pressured. */
        public int maxWaitingAcks = 100_000;
    }

    /** Failover coordination across the three sites (see {@code docs/failover.md}). */
    public static final class ClusterSection {
        /** The three sites: two data sites and the witness. Empty = a single-site appliance. */
        public List<PeerSection> peers = new ArrayList<>();

        /** The address the Raft port listens on. */
        public String bind = "0.0.0.0";

        /** The CA certificate and this site's key and certificate ({@code triad cluster init}); empty = {@code <data>/cluster-tls}. */
        public String tlsDir = "";

        /** A follower that hears no leader for a random time between min and max starts an election. */
        public int electionTimeoutMinMillis = 150;

        public int electionTimeoutMaxMillis = 300;

        /** One Raft RPC and one attempt of a submitted change. */
        public int requestTimeoutMillis = 1000;

        /**
         * How long after its last contact with a quorum a site keeps its lease (may act as primary); at least
         * electionTimeoutMax + electionTimeoutMin, so that a lease outlives an election.
         */
        public int leaseTimeoutMillis = 1000;

        /** Changes between two snapshots of the state. */
        public long snapshotEvery = 1000;

        /** The most open {@code GET /api/v1/cluster/watch} streams. */
        public int maxWatchers = 256;

        /** How the controller decides (see {@code docs/failover.md}). */
        public FailoverSection failover = new FailoverSection();

        /** The components whose placement the cluster coordinates (the backbone server, its modules, ...). */
        public List<ComponentSection> components = new ArrayList<>();
    }

    /** {@code triad demo}'s simulated backbone components on a data site. */
    public static final class DemoSection {
        /** Runs the simulated backbone in this appliance. */
        public boolean backbone = false;

        /** The port of the components' health, metrics and inter-site endpoints (loopback); 0 = any free port. */
        public int port = 0;

        /** The other data sites' backbone endpoints, {@code site=http://host:port}. */
        public List<String> peers = new ArrayList<>();

        /** Alarm flows a second a site originates at full weight. */
        public double flowsPerSecond = 2;

        /** The user the components follow the placement API with (viewer or more), and its password. */
        public String apiUser = "admin";

        public String apiPassword = "";
    }

    /** The controller's policy. */
    public static final class FailoverSection {
        /** Added to the lease timeout before a silent site counts as fenced; -1 = 20 % of it plus 100 ms. */
        public int fenceMarginMillis = -1;

        /**
         * How long before its lease runs out a data site demotes its primaries on its own; -1 = 20 % of the lease
         * timeout, at least 100 ms. Must be below the lease timeout.
         */
        public int selfFenceLeadMillis = -1;

        /** How long a returning site or a recovered component must stay well before work moves back to it. */
        public int stabilizationSeconds = 30;

        /** How long a component that failed on a site stays off it before it is tried there again. */
        public int failureTimeoutSeconds = 60;

        /** Failovers of one component within an hour after which its automatic failback stops. */
        public int maxFailoversPerHour = 6;

        /** How long a switchover waits for the old primary's demotion before it promotes anyway. */
        public int demoteTimeoutSeconds = 15;

        /** How often the controller reconsiders the placement without a change of the state. */
        public int roundMillis = 100;

        /**
         * How long a rollout step waits for the updated component to run and be healthy on its site again before the
         * step fails and the rollout pauses (it includes the stabilization period before an active-active site rejoins).
         */
        public int rolloutHealthTimeoutSeconds = 300;
    }

    /** One component of the backbone (or the user's) and how this site checks and drives it. */
    public static final class ComponentSection {
        public String name = "";

        /** {@code active-active} or {@code active-standby}. */
        public String mode = "active-active";

        /** The site that is primary while both data sites are well; empty = spread over the data sites. */
        public String preferredSite = "";

        public HealthSection health = new HealthSection();

        /** Shell command lines run with {@code sh -c}; a hook left empty does nothing. */
        public HooksSection hooks = new HooksSection();
    }

    /** A component's health check. */
    public static final class HealthSection {
        /** {@code none}, {@code http}, {@code tcp}, {@code process} or {@code script}. */
        public String type = "none";

        /** A URL, {@code host:port}, {@code pidfile:PATH} / {@code name:TEXT}, or a command line. */
        public String target = "";

        public int intervalMillis = 1000;
        public int timeoutMillis = 500;

        /** Consecutive successes that make a failed component healthy again. */
        public int rise = 2;

        /** Consecutive failures that make a healthy component failed. */
        public int fall = 2;
    }

    /** A component's hooks. */
    public static final class HooksSection {
        public String start = "";
        public String stop = "";
        public String promote = "";
        public String demote = "";
        public String setWeight = "";
        public String update = "";

        /** How long one hook may run before it is killed. */
        public int timeoutSeconds = 30;
    }

    /** One site of the cluster. */
    public static final class PeerSection {
        public String id = "";

        /** {@code data} or {@code witness}. */
        public String role = "data";

        public String host = "";
        public int raftPort = 7400;

        /** The port its log replication serves on (a data site's {@code replication.port}). */
        public int replicationPort = 7401;

        /** Ratis's leader priority; default 1 for a data site, 0 for the witness. */
        public @Nullable Integer priority;
    }

    /** The site dongle and the license (see {@code docs/licensing.md}). */
    public static final class LicensingSection {
        /**
         * {@code emulated}: the dongles are the files in {@code emulatedDir} (demo, development, tests); {@code usb}:
         * real USB dongles through libusb.
         */
        public String transport = "emulated";

        /** The dongle's USB vendor and product id. */
        public int vendorId = io.triad.licensing.dongle.DongleProtocol.DEFAULT_VENDOR_ID;

        public int productId = io.triad.licensing.dongle.DongleProtocol.DEFAULT_PRODUCT_ID;

        /** The emulated dongles' directory; empty = {@code <data>/license/dongles}. */
        public String emulatedDir = "";

        /**
         * Where a single site keeps its attestation reports; empty = {@code <data>/license/attestations}. A clustered
         * site ({@code cluster.peers} set) shares them through the cluster state instead and does not use it.
         */
        public String attestationsDir = "";

        /** Trusted vendor public keys ({@code *.json}); empty = {@code <data>/license/vendor-keys}. */
        public String vendorKeysDir = "";

        /** Whether the published demo vendor key is trusted (turn off in production). */
        public boolean trustDemoKey = true;

        /**
         * At the first start with the emulated transport and no license: make an emulated dongle for this site and a
         * demo license for it (a standalone demo, quorum 1), so a new appliance runs licensed.
         */
        public boolean provisionDemo = true;

        /** How often this site's dongles are challenged; hot-plug triggers a challenge at once. */
        public int attestIntervalSeconds = 60;

        /** How often the state is evaluated from the sites' reports. */
        public int evaluateIntervalSeconds = 15;

        /**
         * On a clustered site, how old this site's report in the cluster state may grow before a report that found the
         * same is submitted again (a changed one goes at once); at most a third of the license's attestationMaxAge is
         * used.
         */
        public int attestationRefreshSeconds = 300;

        /** On a clustered site, the largest attestation report (its JSON, in bytes) submitted to the cluster state. */
        public int maxReportBytes = 65_536;

        /** USB polling interval where libusb has no hot-plug (and the emulator's directory poll). */
        public int pollMillis = 1000;
    }

    /** The web UI and REST API. */
    public static final class WebSection {
        public String bind = "0.0.0.0";
        public int port = 8080;

        /** HTTPS port; 0 = any free port, -1 = no HTTPS. */
        public int httpsPort = 8443;

        public WebTlsSection tls = new WebTlsSection();
        public AuthSection auth = new AuthSection();
    }

    /** The certificate of HTTPS; without a keystore, the self-signed one of the TLS inputs ({@code <data>/tls}). */
    public static final class WebTlsSection {
        /** PKCS12 keystore path; empty = the generated self-signed certificate. */
        public String keystore = "";

        public String password = "";
    }

    /** Users, sessions and logins of the web API (users live in {@code <data>/web}). */
    public static final class AuthSection {
        /**
         * The password of the first admin, {@code admin}, made at the first start (when there is no admin yet).
         * Empty = the environment variable {@code TRIAD_ADMIN_PASSWORD}, else a generated one printed once.
         */
        public String adminPassword = "";

        public int sessionIdleMinutes = 30;
        public int sessionMaxHours = 12;

        /** How long a verified Basic user and password stay verified in memory (0 = verify every request). */
        public int credentialCacheSeconds = 10;

        public int minPasswordLength = 8;

        /** Failed logins of one user from one address before each further attempt must wait. */
        public int loginFreeFailures = 5;

        /** The longest wait after failed logins. */
        public int loginMaxDelaySeconds = 300;

        public int maxSavedSearchesPerUser = 500;
    }

    /** Every ingestion input. */
    public static final class InputsSection {
        public String bind = "0.0.0.0";
        public int maxConnections = 1024;
        public int idleTimeoutSeconds = 600;
        public SyslogSection syslog = new SyslogSection();
        public GelfSection gelf = new GelfSection();
        public OtlpSection otlp = new OtlpSection();
        public HttpSection http = new HttpSection();
        public TlsSection tls = new TlsSection();
    }

    /** Syslog over UDP, TCP and TLS. */
    public static final class SyslogSection {
        public boolean enabled = true;

        /**
         * When its acknowledging transports (TCP, TLS, HTTP) acknowledge: {@code both} once the peer data site holds
         * the events durably too (or the cluster declared it down), {@code local} after the local fsync. UDP never
         * acknowledges. On a site that does not replicate, both mean local.
         */
        public String ack = "both";

        /** UDP (RFC 5426) and TCP (RFC 6587) share this port. */
        public int port = 5514;

        public int tlsPort = 6514;
        public boolean tlsEnabled = true;
        public int maxMessageBytes = 64 * 1024;

        /** Time zone of timestamps that carry none (RFC 3164). */
        public String defaultTimeZone = "UTC";
    }

    /** GELF over UDP, TCP and HTTP. */
    public static final class GelfSection {
        public boolean enabled = true;

        /**
         * When its acknowledging transports (TCP, TLS, HTTP) acknowledge: {@code both} once the peer data site holds
         * the events durably too (or the cluster declared it down), {@code local} after the local fsync. UDP never
         * acknowledges. On a site that does not replicate, both mean local.
         */
        public String ack = "both";

        /** UDP (chunked) and TCP (NUL-delimited) share this port. */
        public int port = 12201;

        public int httpPort = 12202;
        public int maxMessageBytes = 8 * 1024 * 1024;
    }

    /** OTLP/HTTP logs and NDJSON bulk ingest. */
    public static final class OtlpSection {
        public boolean enabled = true;

        /**
         * When its acknowledging transports (TCP, TLS, HTTP) acknowledge: {@code both} once the peer data site holds
         * the events durably too (or the cluster declared it down), {@code local} after the local fsync. UDP never
         * acknowledges. On a site that does not replicate, both mean local.
         */
        public String ack = "both";

        public int port = 4318;
        public int maxAttributes = 128;
    }

    /** Limits of the HTTP inputs. */
    public static final class HttpSection {
        public int maxBodyBytes = 16 * 1024 * 1024;
        public int maxDecompressedBytes = 64 * 1024 * 1024;
        public int maxLines = 100_000;

        /** The longest line of an NDJSON body. */
        public int maxLineBytes = 1024 * 1024;
    }

    /** The certificate of the TLS inputs; a self-signed one is generated when no keystore is set. */
    public static final class TlsSection {
        /** PKCS12 keystore path; empty = generate {@code <data>/tls/inputs.p12} at first start. */
        public String keystore = "";

        public String password = "";
    }

    /** The durable journal. */
    public static final class JournalSection {
        public int segmentMiB = 128;
        public int commitIntervalMillis = 5;
        public int maxRecordBytes = 1024 * 1024;
        public long retentionMiB = 20 * 1024;
        public int retentionDays = 7;
        public long maxBacklogRecords = 2_000_000;
    }

    /** The Lucene index. */
    public static final class IndexSection {
        public int refreshMillis = 500;
        public int commitSeconds = 5;
        public int retentionDays = 30;
        public long retentionMiB = 100 * 1024;
        public int maxDynamicFields = 1000;
        public int ramBufferMiB = 128;

        /** Threads that index one batch in parallel (the default: the cores, at most 4). */
        public int indexThreads = Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    /** Query limits. */
    public static final class SearchSection {
        public int maxClauses = 1024;

        /** The most terms a wildcard, prefix, regex or fuzzy term may expand to. */
        public int maxExpansions = 10_000;

        @JsonProperty("defaultLimit")
        public int defaultLimit = 100;

        public int maxLimit = 10_000;

        /** Events a live-tail client may fall behind by before it gets a "skipped" marker instead. */
        public int tailBufferEvents = 1_000;

        /** Live-tail clients at once; one more is answered 503. */
        public int maxTailClients = 64;

        /** Events a correlation or transaction query reads at most. */
        public int maxCorrelationEvents = 100_000;
    }

    /** Monitoring: the metrics store, host telemetry and scrape targets. */
    public static final class MetricsSection {
        /** Seconds between two host probes (CPU, memory, disks, network through OSHI). */
        public int hostIntervalSeconds = 10;

        /** Seconds between two scrapes of the appliance's own meters into the store. */
        public int selfScrapeSeconds = 15;

        /** Series the store accepts at most; the first sample of one more is refused and counted. */
        public int maxSeries = 100_000;

        /**
         * MiB of range-query answers over the settled past kept for dashboard refreshes (0: none); a late sample or a
         * retention pass retires them.
         */
        public int resultsCacheMiB = 64;

        public int rawRetentionDays = 15;
        public int minuteRetentionDays = 90;
        public int hourRetentionDays = 730;

        /** The largest exposition a scrape accepts. */
        public int maxScrapeBytes = 16 * 1024 * 1024;

        /** Prometheus or OpenMetrics endpoints of components to scrape. */
        public List<ScrapeSection> scrape = new ArrayList<>();

        /**
         * The largest pushed metrics body (OTLP {@code /v1/metrics}, remote_write {@code /api/v1/write}) once
         * decompressed; more is answered 413. The OTLP port's {@code inputs} HTTP limits apply first.
         */
        public int maxIntakeBytes = 32 * 1024 * 1024;

        /** Time series (remote_write) or data points (OTLP) one pushed request may carry; more is answered 400. */
        public int maxIntakeSeriesPerRequest = 10_000;

        /** Labels of one pushed series, its name and the added site, host and component included (at least 5). */
        public int maxIntakeLabels = 64;

        /** The longest label name of a pushed series; a longer one refuses the series (counted). */
        public int maxIntakeLabelNameLength = 128;

        /** The longest label value of a pushed series; a longer one refuses the series (counted). */
        public int maxIntakeLabelValueLength = 2048;
    }

    /** One scrape target. */
    public static final class ScrapeSection {
        /** The job, e.g. {@code eap}. */
        public String job = "";

        /** The endpoint, e.g. {@code http://eap-a1:9100/metrics}. */
        public String url = "";

        /** The {@code component} label of its series, e.g. {@code EAP}. */
        public String component = "";

        /** The {@code host} label of its series (default: the URL's host). */
        public String host = "";

        public int intervalSeconds = 15;

        /** An {@code Authorization} header value, e.g. {@code Bearer ...} (empty: none). */
        public String authorization = "";
    }

    /**
     * Correlation keys taken at ingest (see {@code io.triad.collector.correlation.CorrelationRules}); changes apply
     * to events received after a restart.
     */
    public static final class CorrelationSection {
        /** Field names whose values become correlation keys of the same name. */
        public List<String> fields =
                new ArrayList<>(List.of("correlation_id", "request_id", "alarm_id", "session_id", "transaction_id"));

        /** Regular expressions over the message: key name, pattern, the group that is the value (0 = whole match). */
        public List<ExtractorSection> extractors = new ArrayList<>(List.of(
                ExtractorSection.of("request_id", "req-[0-9a-f-]{36}"),
                ExtractorSection.of("alarm_id", "ALM-\\d+"),
                ExtractorSection.of("block_id", "blk_-?\\d+")));

        public int maxValuesPerKey = 16;
        public int maxValueChars = 256;
    }

    /** One message extractor. */
    public static final class ExtractorSection {
        public String name = "";
        public String pattern = "";
        public int group;

        static ExtractorSection of(String name, String pattern) {
            ExtractorSection x = new ExtractorSection();
            x.name = name;
            x.pattern = pattern;
            return x;
        }
    }

    /** Shortage detection: alerting rules, silences and webhooks (docs/operations.md, "Alerts"). */
    public static final class AlertsSection {
        /** Whether rules are evaluated at all. */
        public boolean enabled = true;

        public int evaluationIntervalSeconds = 15;

        /** The window of the fill-time regressions (volumes, journal, index). */
        public int regressionWindowHours = 6;

        /** Silences that have not expired, at most. */
        public int maxSilences = 1000;

        /** How long expired silences are kept (and listed) before they are deleted. */
        public int keepExpiredSilencesHours = 168;

        /** Whether pending alerts (and those dropped before firing) are journaled too, not only firing/resolved. */
        public boolean journalPending;

        /** Overrides of built-in rules (by name: thresholds, forSeconds, enabled) and extra rules (with expr). */
        public List<RuleSection> rules = new ArrayList<>();

        /** Alertmanager-compatible webhook receivers. */
        public List<WebhookSection> webhooks = new ArrayList<>();
    }

    /**
     * An alerting rule, or the override of a built-in one: set keys replace the built-in's. A rule's value is bad
     * past {@code warning}/{@code critical} and good again past {@code warningClear}/{@code criticalClear} (default:
     * the trigger, no hysteresis).
     */
    public static final class RuleSection {
        public String name = "";

        /** PromQL giving the values (required for an extra rule). */
        public String expr = "";

        /** {@code above} or {@code below}: which side of the thresholds is bad. */
        public String comparison = "above";

        public @Nullable Double warning;
        public @Nullable Double warningClear;
        public @Nullable Double critical;
        public @Nullable Double criticalClear;
        public @Nullable Integer forSeconds;
        public boolean enabled = true;
        public String summary = "";
        public String description = "";
        public Map<String, String> labels = new java.util.LinkedHashMap<>();

        io.triad.metrics.alerts.AlertRule apply(io.triad.metrics.alerts.AlertRule r) {
            List<io.triad.metrics.alerts.AlertRule.Threshold> ts = new ArrayList<>();
            for (io.triad.metrics.alerts.Severity s : io.triad.metrics.alerts.Severity.values()) {
                io.triad.metrics.alerts.AlertRule.Threshold old = r.threshold(s);
                Double trigger = s == io.triad.metrics.alerts.Severity.WARNING ? warning : critical;
                Double clear = s == io.triad.metrics.alerts.Severity.WARNING ? warningClear : criticalClear;
                double t;
                double c;
                if (trigger != null) {
                    t = trigger;
                    // NOTE: a new trigger keeps the built-in's clear/trigger ratio (hysteresis), unless set too
                    double ratio = old == null || old.trigger() == 0 ? 1 : old.clear() / old.trigger();
                    c = clear != null ? clear : t * ratio;
                } else if (old != null) {
                    t = old.trigger();
                    c = clear != null ? clear : old.clear();
                } else {
                    continue;
                }
                ts.add(new io.triad.metrics.alerts.AlertRule.Threshold(s, t, c));
            }
            io.triad.metrics.alerts.AlertRule out = r.withThresholds(ts);
            Integer f = forSeconds;
            return f == null ? out : out.withFor(java.time.Duration.ofSeconds(f));
        }

        io.triad.metrics.alerts.AlertRule toRule() {
            if (expr.isBlank()) {
                throw new IllegalArgumentException("rule '" + name
                        + "' is not a built-in rule and has no expr (built in: "
                        + io.triad.metrics.alerts.ShortageRules.all(java.time.Duration.ofHours(6), 1, 1).stream()
                                .map(io.triad.metrics.alerts.AlertRule::name)
                                .toList()
                        + ")");
            }
            List<io.triad.metrics.alerts.AlertRule.Threshold> ts = new ArrayList<>();
            Double w = warning;
            Double c = critical;
            if (w != null) {
                Double wc = warningClear;
                ts.add(new io.triad.metrics.alerts.AlertRule.Threshold(
                        io.triad.metrics.alerts.Severity.WARNING, w, wc == null ? w : wc));
            }
            if (c != null) {
                Double cc = criticalClear;
                ts.add(new io.triad.metrics.alerts.AlertRule.Threshold(
                        io.triad.metrics.alerts.Severity.CRITICAL, c, cc == null ? c : cc));
            }
            Integer f = forSeconds;
            return new io.triad.metrics.alerts.AlertRule(
                    name,
                    expr,
                    io.triad.metrics.alerts.AlertRule.Comparison.parse(comparison),
                    ts,
                    java.time.Duration.ofSeconds(f == null ? 0 : f),
                    labels,
                    summary.isEmpty() ? name + " {{ $value }}" : summary,
                    description);
        }
    }

    /** An Alertmanager-compatible webhook receiver. */
    public static final class WebhookSection {
        public String name = "";
        public String url = "";
        public int timeoutSeconds = 5;
        public int maxRetries = 3;
        public int backoffMillis = 500;

        /** Notifications waiting at most while the receiver is slow; more are dropped and counted. */
        public int maxQueue = 100;

        /** An {@code Authorization} header value (empty: none). */
        public String authorization = "";
    }
}
