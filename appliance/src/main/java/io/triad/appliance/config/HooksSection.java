package io.triad.appliance.config;

/** A component's hooks. */
public final class HooksSection {
    public String start = "";
    public String stop = "";
    public String promote = "";
    public String demote = "";
    public String setWeight = "";
    public String update = "";

    /** How long one hook may run before it is killed. */
    public int timeoutSeconds = 30;
}
