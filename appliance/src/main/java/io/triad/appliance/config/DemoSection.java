package io.triad.appliance.config;

import java.util.ArrayList;
import java.util.List;

/** {@code triad demo}'s simulated backbone components on a data site. */
public final class DemoSection {
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
