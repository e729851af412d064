package io.triad.appliance.config;

/** One component of the backbone (or the user's) and how this site checks and drives it. */
public final class ComponentSection {
    public String name = "";

    /** {@code active-active} or {@code active-standby}. */
    public String mode = "active-active";

    /** The site that is primary while both data sites are well; empty = spread over the data sites. */
    public String preferredSite = "";

    public HealthSection health = new HealthSection();

    /** Shell command lines run with {@code sh -c}; a hook left empty does nothing. */
    public HooksSection hooks = new HooksSection();

    void check(Problems p, String key) {
        if (!"active-active".equals(mode) && !"active-standby".equals(mode)) {
            p.add(key + ".mode must be 'active-active' or 'active-standby'; got: '" + mode + "'");
        }
        if (hooks.timeoutSeconds() <= 0) {
            p.add(key + ".hooks.timeoutSeconds must be > 0; got: " + hooks.timeoutSeconds());
        }
    }
}
