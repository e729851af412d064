package io.triad.appliance.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration of one site, read from {@code triad.yaml}. Every key has a default, so an empty file (or
 * none) runs a single-site appliance; unknown keys are errors that name the key and where it is.
 *
 * <p>NOTE: instances are plain mutable holders filled by Jackson and then only read; {@link #validate()} checks
 * every value once, after loading, each section its own keys. {@link ModuleConfigs} and {@link FailoverConfigs} turn
 * the sections into the immutable configuration records of each module.
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
        return new YAMLMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .registerModule(new SectionDefaults());
    }

    /**
     * Checks every value, section by section.
     *
     * @throws IllegalArgumentException naming every bad key, its value and what is allowed
     */
    public TriadConfig validate() {
        Problems p = new Problems();
        site.check(p);
        web.check(p);
        inputs.check(p);
        replication.check(p, journal);
        cluster.checkReplicationPorts(p);
        journal.check(p);
        index.check(p);
        search.check(p);
        metrics.check(p);
        licensing.check(p);
        alerts.check(p);
        cluster.checkComponents(p);
        if (p.isEmpty()) {
            // the components' own checks, once their keys are known to be sound
            p.translates("cluster.components: ", () -> FailoverConfigs.componentSpecs(this));
        }
        cluster.checkSites(p, site.id());
        p.translates("alerts.rules: ", () -> ModuleConfigs.alertRules(this));
        for (int i = 0; i < alerts.webhooks.size(); i++) {
            WebhookSection w = alerts.webhooks.get(i);
            p.translates("alerts.webhooks[" + i + "]: ", () -> ModuleConfigs.webhook(w, ""));
        }
        p.translates("correlation: ", () -> ModuleConfigs.correlationRules(this));
        p.throwIfAny();
        return this;
    }

    /** Whether this site is one of three (cluster.peers set) rather than a single-site appliance. */
    public boolean clustered() {
        return !cluster.peers.isEmpty();
    }

    /** The directory of the cluster's TLS files: {@code cluster.tlsDir}, or {@code <data>/cluster-tls}. */
    public Path clusterTlsDir() {
        return cluster.tlsDir.isEmpty() ? Path.of(data, "cluster-tls") : Path.of(cluster.tlsDir);
    }

    /** Whether this site replicates its logs with a peer: a clustered data site with replication enabled. */
    public boolean replicated() {
        return replication.enabled() && clustered() && !site.witness();
    }

    /** The other data site of the cluster (only when {@link #clustered()}). */
    public PeerSection dataPeer() {
        for (PeerSection p : cluster.peers) {
            if (!p.id().equals(site.id()) && !p.witness()) {
                return p;
            }
        }
        throw new IllegalStateException("cluster.peers has no data site other than " + site.id());
    }
}
