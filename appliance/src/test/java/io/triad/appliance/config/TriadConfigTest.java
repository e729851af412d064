package io.triad.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriadConfigTest {
    @TempDir
    Path dir;

    @Test
    void everyKeyHasADefaultSoAnEmptyFileRunsASingleSite() throws IOException {
        Path file = dir.resolve("triad.yaml");
        Files.writeString(file, "", StandardCharsets.UTF_8);
        TriadConfig c = TriadConfig.load(file).validate();
        assertThat(c.site.id()).isEqualTo("site-a");
        assertThat(c.web.port).isEqualTo(8080);
        assertThat(c.inputs.syslog.port()).isEqualTo(5514);
        assertThat(c.inputs.syslog.tlsPort()).isEqualTo(6514);
        assertThat(c.inputs.gelf.port()).isEqualTo(12201);
        assertThat(c.inputs.gelf.httpPort()).isEqualTo(12202);
        assertThat(c.inputs.otlp.port()).isEqualTo(4318);
        assertThat(c.journal.commitIntervalMillis()).isLessThanOrEqualTo(10);
        assertThat(c.index.refreshMillis()).isLessThanOrEqualTo(1000);
    }

    @Test
    void yamlOverridesOnlyTheKeysItNames() throws IOException {
        TriadConfig c = TriadConfig.parse("""
                site:
                  id: site-b
                inputs:
                  syslog:
                    port: 1514
                    defaultTimeZone: Europe/Berlin
                index:
                  retentionDays: 90
                """).validate();
        assertThat(c.site.id()).isEqualTo("site-b");
        assertThat(c.inputs.syslog.port()).isEqualTo(1514);
        assertThat(c.inputs.syslog.defaultTimeZone()).isEqualTo("Europe/Berlin");
        assertThat(c.inputs.syslog.tlsPort()).isEqualTo(6514);
        assertThat(c.index.retentionDays()).isEqualTo(90);
        assertThat(c.index.refreshMillis()).isEqualTo(500);
    }

    @Test
    void printedConfigurationReadsBackEqual() throws IOException {
        TriadConfig c = new TriadConfig();
        c.site = c.site.withId("witness");
        c.search = c.search.withMaxExpansions(77);
        TriadConfig back = TriadConfig.parse(c.toYaml());
        assertThat(back.site.id()).isEqualTo("witness");
        assertThat(back.search.maxExpansions()).isEqualTo(77);
        assertThat(back.toYaml()).isEqualTo(c.toYaml());
    }

    @Test
    void anUnknownKeyIsAnErrorNamingTheKeyAndTheKnownOnes() throws IOException {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "inputs:\n  syslog:\n    prot: 1514\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TriadConfig.load(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown key 'prot'")
                .hasMessageContaining("port");
    }

    @Test
    void aMissingFileIsAnError() {
        assertThatThrownBy(() -> TriadConfig.load(dir.resolve("absent.yaml")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("configuration file not found");
    }

    @Test
    void validationNamesEveryBadValue() {
        TriadConfig c = new TriadConfig();
        c.site = c.site.withId("Site A");
        c.web.port = 70000;
        c.index = c.index.withRefreshMillis(5000);
        c.inputs.syslog = c.inputs.syslog.withDefaultTimeZone("Mars/Olympus");
        assertThatThrownBy(c::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("site.id must match")
                .hasMessageContaining("web.port must be within 0..65535")
                .hasMessageContaining("index.refreshMillis must be <= 1000")
                .hasMessageContaining("inputs.syslog.defaultTimeZone is not a time zone");
    }

    @Test
    void alertRulesAreTheBuiltInsWithOverridesAndTheUsersOwn() throws IOException {
        TriadConfig c = TriadConfig.parse("""
                alerts:
                  rules:
                    - {name: VolumeFillingUp, warning: 48, critical: 8, forSeconds: 1800}
                    - {name: CpuStealHigh, enabled: false}
                    - name: EapQueueDeep
                      expr: max by (site, host) (eap_alarm_queue_depth)
                      comparison: above
                      warning: 1000
                      warningClear: 500
                      labels: {team: eap}
                  webhooks:
                    - {name: ops, url: "http://127.0.0.1:9/hook", maxRetries: 1}
                """).validate();
        java.util.Map<String, io.triad.metrics.alerts.AlertRule> rules = new java.util.LinkedHashMap<>();
        ModuleConfigs.alertRules(c).forEach(r -> rules.put(r.name(), r));
        assertThat(rules).doesNotContainKey("CpuStealHigh").containsKeys("MemoryLow", "JournalFillingUp");
        io.triad.metrics.alerts.AlertRule fill = rules.get("VolumeFillingUp");
        assertThat(fill.forDuration()).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(fill.thresholds())
                .extracting(t -> t.severity().id() + " " + t.trigger() + " " + t.clear())
                .containsExactly("warning 48.0 72.0", "critical 8.0 12.0");
        io.triad.metrics.alerts.AlertRule eap = rules.get("EapQueueDeep");
        assertThat(eap.labels()).containsEntry("team", "eap");
        assertThat(eap.threshold(io.triad.metrics.alerts.Severity.WARNING).clear())
                .isEqualTo(500);
        assertThat(ModuleConfigs.webhook(c.alerts.webhooks.get(0), "").maxRetries())
                .isEqualTo(1);

        assertThatThrownBy(() -> TriadConfig.parse("""
                        alerts:
                          evaluationIntervalSeconds: 0
                          rules: [{name: NoExpr, warning: 1}]
                          webhooks: [{url: "ftp://x/"}]
                        """).validate())
                .hasMessageContaining("alerts.evaluationIntervalSeconds must be > 0")
                .hasMessageContaining("rule 'NoExpr' is not a built-in rule and has no expr")
                .hasMessageContaining("alerts.webhooks[0]: webhook url must be http or https");
    }

    @Test
    void theClusterSectionListsThreeSitesAndDefaultsToASingleSite() throws Exception {
        assertThat(new TriadConfig().validate().clustered()).isFalse();
        TriadConfig c = TriadConfig.parse("""
                site:
                  id: site-b
                  cluster: acme
                data: /var/lib/triad
                cluster:
                  electionTimeoutMinMillis: 200
                  electionTimeoutMaxMillis: 400
                  leaseTimeoutMillis: 1500
                  peers:
                    - {id: site-a, host: 10.0.1.10}
                    - {id: site-b, host: 10.0.2.10}
                    - {id: witness, role: witness, host: 10.0.3.10, raftPort: 7500}
                """).validate();
        assertThat(c.clustered()).isTrue();
        assertThat(c.clusterTlsDir()).isEqualTo(Path.of("/var/lib/triad", "cluster-tls"));
        Path tls = dir.resolve("tls");
        io.triad.failover.ClusterCertificates.init(
                tls,
                "acme",
                java.util.List.of("site-a", "site-b", "witness"),
                java.time.Duration.ofDays(1),
                java.time.Clock.systemUTC());
        var r = FailoverConfigs.ratisConfig(c, io.triad.failover.ClusterCertificates.load(tls, "site-b"));
        assertThat(r.peers())
                .extracting(p -> p.id() + ":" + p.port() + ":" + p.priority())
                .containsExactly("site-a:7400:1", "site-b:7400:1", "witness:7500:0");
        assertThat(r.storage()).isEqualTo(Path.of("/var/lib/triad", "raft"));
        assertThat(r.leaseTimeout().toMillis()).isEqualTo(1500);

        assertThatThrownBy(() -> TriadConfig.parse("""
                        cluster:
                          leaseTimeoutMillis: 200
                          peers:
                            - {id: site-a, host: a}
                            - {id: site-b, host: b}
                        """).validate())
                .hasMessageContaining("cluster.leaseTimeoutMillis must be >= electionTimeoutMaxMillis")
                .hasMessageContaining("cluster.peers must list the three sites")
                .hasMessageContaining("exactly one witness; got: 0");
    }
}
