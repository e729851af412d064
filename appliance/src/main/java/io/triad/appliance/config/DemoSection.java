package io.triad.appliance.config;

import java.util.List;

/**
 * {@code triad demo}'s simulated backbone components on a data site.
 *
 * @param backbone runs the simulated backbone in this appliance
 * @param port the port of the components' health, metrics and inter-site endpoints (loopback); 0 = any free port
 * @param peers the other data sites' backbone endpoints, {@code site=http://host:port}
 * @param flowsPerSecond alarm flows a second a site originates at full weight
 * @param apiUser the user the components follow the placement API with (viewer or more), and its password
 */
public record DemoSection(
        boolean backbone, int port, List<String> peers, double flowsPerSecond, String apiUser, String apiPassword) {
    /** The defaults. */
    public DemoSection() {
        this(false, 0, List.of(), 2, "admin", "");
    }

    public DemoSection {
        peers = List.copyOf(peers);
    }
}
