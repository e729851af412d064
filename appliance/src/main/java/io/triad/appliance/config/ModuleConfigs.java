package io.triad.appliance.config;

import io.triad.collector.correlation.CorrelationRules;
import io.triad.collector.input.InputsConfig;
import io.triad.collector.journal.JournalConfig;
import io.triad.collector.replication.ReplicationConfig;
import io.triad.metrics.alerts.AlertRule;
import io.triad.metrics.alerts.LicenseRules;
import io.triad.metrics.alerts.ReplicationRules;
import io.triad.metrics.alerts.Severity;
import io.triad.metrics.alerts.ShortageRules;
import io.triad.metrics.alerts.WebhookNotifier;
import io.triad.metrics.intake.IntakeLimits;
import io.triad.metrics.store.StoreConfig;
import io.triad.search.index.IndexConfig;
import io.triad.search.query.QueryLimits;
import io.triad.web.auth.AuthConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one translation of the configuration's sections into the collector's, search's, metrics' and web's own
 * configuration records (the failover module's are in {@link FailoverConfigs}). Keys a section does not have take the
 * module's defaults.
 *
 * <p>NOTE: stateless; each method reads a validated {@link TriadConfig} and returns a new value.
 */
public final class ModuleConfigs {
    private ModuleConfigs() {}

    /** The journal in {@code <data>/journal}. */
    public static JournalConfig journal(TriadConfig c, Path data) {
        JournalSection j = c.journal;
        return new JournalConfig(
                data.resolve("journal"),
                c.site.id(),
                (long) j.segmentMiB() << 20,
                Duration.ofMillis(j.commitIntervalMillis()),
                j.maxRecordBytes(),
                j.retentionMiB() << 20,
                Duration.ofDays(j.retentionDays()),
                j.maxBacklogRecords());
    }

    /** The Lucene index. */
    public static IndexConfig index(TriadConfig c) {
        IndexSection ix = c.index;
        IndexConfig d = IndexConfig.defaults();
        return new IndexConfig(
                Duration.ofMillis(ix.refreshMillis()),
                Duration.ofSeconds(ix.commitSeconds()),
                ix.maxDynamicFields(),
                ix.retentionDays(),
                ix.retentionMiB() << 20,
                ix.ramBufferMiB(),
                d.maxOpenWriters(),
                d.batchSize(),
                d.pollWait(),
                ix.indexThreads());
    }

    /** The limits of a log query. */
    public static QueryLimits queryLimits(TriadConfig c) {
        SearchSection s = c.search;
        QueryLimits d = QueryLimits.defaults();
        return new QueryLimits(
                s.maxClauses(), d.allowLeadingWildcard(), s.maxExpansions(), d.totalHitsThreshold(), s.maxLimit());
    }

    /** The metrics store: its series limit and the retention of each resolution. */
    public static StoreConfig store(TriadConfig c) {
        MetricsSection ms = c.metrics;
        return StoreConfig.defaults()
                .withMaxSeries(ms.maxSeries)
                .withRetention(
                        Duration.ofDays(ms.rawRetentionDays),
                        Duration.ofDays(ms.minuteRetentionDays),
                        Duration.ofDays(ms.hourRetentionDays));
    }

    /** The limits of {@code metrics.intake*}: what a pushed metrics request may carry. */
    public static IntakeLimits intakeLimits(TriadConfig c) {
        MetricsSection ms = c.metrics;
        return new IntakeLimits(
                ms.maxIntakeBytes,
                ms.maxIntakeSeriesPerRequest,
                ms.maxIntakeLabels,
                ms.maxIntakeLabelNameLength,
                ms.maxIntakeLabelValueLength);
    }

    /**
     * The ingestion inputs; the witness stores no logs, so it enables none (which keeps the metrics intake on the OTLP
     * port off there too). Without a keystore the TLS input uses the self-signed certificate in {@code <data>/tls}.
     */
    public static InputsConfig inputs(TriadConfig c, Path data) {
        InputsSection i = c.inputs;
        Set<String> enabled = new LinkedHashSet<>();
        boolean logs = !c.site.witness();
        if (logs && i.syslog.enabled()) {
            enabled.add("syslog-udp");
            enabled.add("syslog-tcp");
            if (i.syslog.tlsEnabled()) {
                enabled.add("syslog-tls");
            }
        }
        if (logs && i.gelf.enabled()) {
            enabled.add("gelf-udp");
            enabled.add("gelf-tcp");
            enabled.add("gelf-http");
        }
        if (logs && i.otlp.enabled()) {
            enabled.add("otlp-http");
        }
        InputsConfig.Limits d = InputsConfig.Limits.defaults();
        InputsConfig.Limits limits = new InputsConfig.Limits(
                i.syslog.maxMessageBytes(),
                i.gelf.maxMessageBytes(),
                d.maxGelfChunks(),
                d.gelfChunkTimeout(),
                d.maxGelfPendingMessages(),
                i.http.maxBodyBytes(),
                i.http.maxDecompressedBytes(),
                i.maxConnections,
                d.maxInFlightBatches(),
                i.otlp.maxAttributes(),
                i.http.maxLines(),
                i.http.maxLineBytes(),
                Duration.ofSeconds(i.idleTimeoutSeconds));
        return new InputsConfig(
                c.site.id(),
                i.bind,
                new InputsConfig.Ports(
                        i.syslog.port(), i.syslog.tlsPort(), i.gelf.port(), i.gelf.httpPort(), i.otlp.port()),
                enabled,
                limits,
                ZoneId.of(i.syslog.defaultTimeZone()),
                tls(i.tls.keystore(), i.tls.password(), data));
    }

    /** HTTPS's certificate: the configured keystore, else the self-signed one of the TLS inputs. */
    public static InputsConfig.Tls webTls(TriadConfig c, Path data) {
        return tls(c.web.tls.keystore(), c.web.tls.password(), data);
    }

    private static InputsConfig.Tls tls(String keystore, String password, Path data) {
        return keystore.isEmpty()
                ? InputsConfig.Tls.selfSigned(data.resolve("tls"))
                : InputsConfig.Tls.pkcs12(Path.of(keystore), password.toCharArray());
    }

    /**
     * The ack policy of an input ({@code local} or {@code both}): UDP never acknowledges, the others by their
     * section's {@code ack}.
     */
    public static String ack(TriadConfig c, String input) {
        InputsSection i = c.inputs;
        return switch (input) {
            case InputsConfig.SYSLOG_TCP, InputsConfig.SYSLOG_TLS -> i.syslog.ack();
            case InputsConfig.GELF_TCP, InputsConfig.GELF_HTTP -> i.gelf.ack();
            case InputsConfig.OTLP_HTTP, InputsConfig.NDJSON -> i.otlp.ack();
            default -> io.triad.collector.replication.AckPolicy.LOCAL.text();
        };
    }

    /**
     * Log replication with the other data site (only for a {@link TriadConfig#replicated()} site): its state in
     * {@code <data>/replication}.
     */
    public static ReplicationConfig replication(TriadConfig c, Path data) {
        PeerSection peer = c.dataPeer();
        ReplicationSection r = c.replication;
        return new ReplicationConfig(
                c.site.id(),
                peer.id(),
                r.bind().isEmpty() ? c.cluster.bind : r.bind(),
                r.port(),
                peer.host(),
                peer.replicationPort(),
                data.resolve("replication"),
                r.maxFrameMiB() << 20,
                r.batchRecords(),
                (long) r.catchUpMiBPerSecond() << 20,
                r.catchUpThresholdRecords(),
                Duration.ofMillis(r.heartbeatMillis()),
                Duration.ofMillis(r.idleTimeoutMillis()),
                Duration.ofMillis(100),
                Duration.ofSeconds(2),
                r.maxInFlightBatches(),
                r.maxWaitingAcks());
    }

    /** The correlation section as the collector's rules. */
    public static CorrelationRules correlationRules(TriadConfig c) {
        List<CorrelationRules.Extractor> xs = new ArrayList<>();
        for (ExtractorSection x : c.correlation.extractors()) {
            xs.add(CorrelationRules.Extractor.of(x.name(), x.pattern(), x.group()));
        }
        CorrelationSection s = c.correlation;
        return new CorrelationRules(s.fields(), xs, s.maxValuesPerKey(), s.maxValueChars());
    }

    /** The web section's authentication limits as the web module's configuration. */
    public static AuthConfig authConfig(TriadConfig c) {
        AuthSection a = c.web.auth;
        return new AuthConfig(
                Duration.ofMinutes(a.sessionIdleMinutes()),
                Duration.ofHours(a.sessionMaxHours()),
                Duration.ofSeconds(a.credentialCacheSeconds()),
                AuthConfig.defaults().credentialCacheMaxEntries(),
                a.minPasswordLength(),
                a.loginFreeFailures(),
                Duration.ofSeconds(a.loginMaxDelaySeconds()),
                a.maxSavedSearchesPerUser());
    }

    /**
     * The alerting rules: the built-in shortage rules with the overrides of {@code alerts.rules} (by name), then the
     * user's rules of {@code alerts.rules} whose names are not built in.
     *
     * @throws IllegalArgumentException naming the rule and what is wrong
     */
    public static List<AlertRule> alertRules(TriadConfig c) {
        Map<String, RuleSection> byName = new LinkedHashMap<>();
        for (RuleSection r : c.alerts.rules) {
            if (byName.put(r.name, r) != null) {
                throw new IllegalArgumentException("two rules are named '" + r.name + "'");
            }
        }
        List<AlertRule> out = new ArrayList<>();
        List<AlertRule> builtIns = new ArrayList<>(ShortageRules.all(
                Duration.ofHours(c.alerts.regressionWindowHours),
                c.journal.retentionMiB() << 20,
                c.index.retentionMiB() << 20));
        builtIns.addAll(LicenseRules.all());
        builtIns.addAll(ReplicationRules.all());
        for (AlertRule builtIn : builtIns) {
            RuleSection o = byName.remove(builtIn.name());
            if (o == null) {
                out.add(builtIn);
            } else if (o.enabled) {
                out.add(overridden(builtIn, o));
            }
        }
        for (RuleSection r : byName.values()) {
            if (r.enabled) {
                out.add(rule(r));
            }
        }
        return out;
    }

    /** A built-in rule with the keys the override sets. */
    private static AlertRule overridden(AlertRule r, RuleSection o) {
        List<AlertRule.Threshold> ts = new ArrayList<>();
        for (Severity s : Severity.values()) {
            AlertRule.Threshold old = r.threshold(s);
            Double trigger = s == Severity.WARNING ? o.warning : o.critical;
            Double clear = s == Severity.WARNING ? o.warningClear : o.criticalClear;
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
            ts.add(new AlertRule.Threshold(s, t, c));
        }
        AlertRule out = r.withThresholds(ts);
        Integer f = o.forSeconds;
        return f == null ? out : out.withFor(Duration.ofSeconds(f));
    }

    /** A rule of the user's (one that is not built in). */
    private static AlertRule rule(RuleSection r) {
        if (r.expr.isBlank()) {
            throw new IllegalArgumentException("rule '" + r.name
                    + "' is not a built-in rule and has no expr (built in: "
                    + ShortageRules.all(Duration.ofHours(6), 1, 1).stream()
                            .map(AlertRule::name)
                            .toList()
                    + ")");
        }
        List<AlertRule.Threshold> ts = new ArrayList<>();
        Double w = r.warning;
        Double c = r.critical;
        if (w != null) {
            Double wc = r.warningClear;
            ts.add(new AlertRule.Threshold(Severity.WARNING, w, wc == null ? w : wc));
        }
        if (c != null) {
            Double cc = r.criticalClear;
            ts.add(new AlertRule.Threshold(Severity.CRITICAL, c, cc == null ? c : cc));
        }
        Integer f = r.forSeconds;
        return new AlertRule(
                r.name,
                r.expr,
                AlertRule.Comparison.parse(r.comparison),
                ts,
                Duration.ofSeconds(f == null ? 0 : f),
                r.labels,
                r.summary.isEmpty() ? r.name + " {{ $value }}" : r.summary,
                r.description);
    }

    /** A webhook section as the notifier's configuration. */
    public static WebhookNotifier.Config webhook(WebhookSection w, String externalUrl) {
        URI url;
        try {
            url = URI.create(w.url());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url is not a URL: '" + w.url() + "'", e);
        }
        if (w.timeoutSeconds() <= 0) {
            throw new IllegalArgumentException("timeoutSeconds must be > 0; got: " + w.timeoutSeconds());
        }
        return new WebhookNotifier.Config(
                w.name().isEmpty() ? String.valueOf(url.getHost()) : w.name(),
                url,
                Duration.ofSeconds(w.timeoutSeconds()),
                w.maxRetries(),
                Duration.ofMillis(w.backoffMillis()),
                w.maxQueue(),
                w.authorization().isEmpty() ? null : w.authorization(),
                externalUrl);
    }
}
