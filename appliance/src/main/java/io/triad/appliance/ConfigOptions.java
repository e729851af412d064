package io.triad.appliance;

import io.triad.appliance.config.TriadConfig;
import java.io.IOException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --config} and {@code --data} options every command that reads the configuration has (a picocli mixin),
 * and the configuration they select ({@link Main#loadConfig}).
 */
final class ConfigOptions {
    @Option(names = "--config", description = "YAML configuration file (default: ./triad.yaml if present)")
    @Nullable
    Path config;

    @Option(names = "--data", description = "Data directory (overrides the configuration's 'data')")
    @Nullable
    Path data;

    /** The configuration the options select, validated. */
    TriadConfig load() throws IOException {
        return Main.loadConfig(config, data);
    }
}
