package io.triad.appliance.config;

/**
 * The site's identity.
 *
 * @param role {@code data} for a data center, {@code witness} for the third site
 * @param cluster the cluster this site belongs to; a license is bound to it
 */
public record SiteSection(String id, String role, String cluster) {
    /** The defaults. */
    public SiteSection() {
        this("site-a", "data", "triad-demo");
    }

    public SiteSection withId(String id) {
        return new SiteSection(id, role, cluster);
    }

    public SiteSection withRole(String role) {
        return new SiteSection(id, role, cluster);
    }

    public SiteSection withCluster(String cluster) {
        return new SiteSection(id, role, cluster);
    }

    void check(Problems p) {
        if (!id.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
            p.add("site.id must match [a-z0-9][a-z0-9_-]{0,62}; got: '" + id + "'");
        }
        if (!cluster.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            p.add("site.cluster must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}; got: '" + cluster + "'");
        }
        if (!"data".equals(role) && !"witness".equals(role)) {
            p.add("site.role must be 'data' or 'witness'; got: '" + role + "'");
        }
    }

    /** Whether this site is the witness, which only votes (it stores no logs). */
    public boolean witness() {
        return "witness".equals(role);
    }
}
