package io.triad.appliance.config;

/**
 * One component of the backbone (or the user's) and how this site checks and drives it.
 *
 * @param mode {@code active-active} or {@code active-standby}
 * @param preferredSite the site that is primary while both data sites are well; empty = spread over the data sites
 * @param hooks shell command lines run with {@code sh -c}; a hook left empty does nothing
 */
public record ComponentSection(
        String name, String mode, String preferredSite, HealthSection health, HooksSection hooks) {
    /** The defaults. */
    public ComponentSection() {
        this("", "active-active", "", new HealthSection(), new HooksSection());
    }

    public ComponentSection withPreferredSite(String preferredSite) {
        return new ComponentSection(name, mode, preferredSite, health, hooks);
    }

    public ComponentSection withHealth(HealthSection health) {
        return new ComponentSection(name, mode, preferredSite, health, hooks);
    }

    public ComponentSection withHooks(HooksSection hooks) {
        return new ComponentSection(name, mode, preferredSite, health, hooks);
    }

    void check(Problems p, String key) {
        if (!"active-active".equals(mode) && !"active-standby".equals(mode)) {
            p.add(key + ".mode must be 'active-active' or 'active-standby'; got: '" + mode + "'");
        }
        if (hooks.timeoutSeconds() <= 0) {
            p.add(key + ".hooks.timeoutSeconds must be > 0; got: " + hooks.timeoutSeconds());
        }
    }
}
