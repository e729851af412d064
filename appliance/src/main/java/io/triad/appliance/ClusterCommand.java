package io.triad.appliance;

import io.triad.failover.ClusterCertificates;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code triad cluster ...}: the three-site cluster. {@code init} makes the cluster's CA and one key and certificate
 * per site; copy {@code ca.crt}, {@code <site>.crt} and {@code <site>.key} to each site's {@code cluster.tlsDir} and
 * keep {@code ca.key} offline.
 */
@Command(
        name = "cluster",
        description = "The three-site cluster: init.",
        subcommands = {ClusterCommand.Init.class, CommandLine.HelpCommand.class})
final class ClusterCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.@Nullable CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(Subcommand.spec(spec).commandLine(), "expected a subcommand: init");
    }

    @Command(
            name = "init",
            description = "Make the cluster CA and a key and certificate for each site (PEM files, keys owner-only).")
    static final class Init extends Subcommand {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Option(names = "--out", description = "Directory to write to (default: cluster.tlsDir, or <data>/cluster-tls)")
        @Nullable
        Path out;

        @Option(
                names = "--site",
                description = "A site id (repeatable; default: cluster.peers, or site-a, site-b, witness)")
        List<String> sites = new ArrayList<>();

        @Option(names = "--cluster", description = "The cluster name (default: site.cluster)")
        @Nullable
        String cluster;

        @Option(names = "--days", description = "Validity of the site certificates in days (the CA's is twice as long)")
        int days = 3650;

        @Override
        public Integer call() throws Exception {
            var c = options.load();
            Path dir = out != null ? out : c.clusterTlsDir();
            List<String> ids = new ArrayList<>(sites);
            if (ids.isEmpty()) {
                c.cluster.peers.forEach(p -> ids.add(p.id()));
            }
            if (ids.isEmpty()) {
                ids.addAll(List.of("site-a", "site-b", "witness"));
            }
            if (days <= 0) {
                throw new IllegalArgumentException("--days must be > 0; got: " + days);
            }
            String name = cluster != null ? cluster : c.site.cluster();
            List<Path> files = ClusterCertificates.init(dir, name, ids, Duration.ofDays(days), Clock.systemUTC());
            out().println("cluster " + name + ": CA and certificates for " + String.join(", ", ids) + " in " + dir);
            for (Path f : files) {
                out().println("  " + f.getFileName());
            }
            out().println("copy ca.crt, <site>.crt and <site>.key to each site's cluster.tlsDir; keep ca.key offline");
            out().flush();
            return 0;
        }
    }
}
