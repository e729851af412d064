package io.triad.appliance.config;

/** The site's identity. */
public final class SiteSection {
    public String id = "site-a";

    /** {@code data} for a data center, {@code witness} for the third site. */
    public String role = "data";

    /** The cluster this site belongs to; a license is bound to it. */
    public String cluster = "triad-demo";

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
