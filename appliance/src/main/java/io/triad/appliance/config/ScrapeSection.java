package io.triad.appliance.config;

/** One scrape target. */
public final class ScrapeSection {
    /** The job, e.g. {@code eap}. */
    public String job = "";

    /** The endpoint, e.g. {@code http://eap-a1:9100/metrics}. */
    public String url = "";

    /** The {@code component} label of its series, e.g. {@code EAP}. */
    public String component = "";

    /** The {@code host} label of its series (default: the URL's host). */
    public String host = "";

    public int intervalSeconds = 15;

    /** An {@code Authorization} header value, e.g. {@code Bearer ...} (empty: none). */
    public String authorization = "";

    void check(Problems p, String key) {
        if (job.isBlank()) {
            p.add(key + ".job is required");
        }
        try {
            java.net.URI u = java.net.URI.create(url);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                p.add(key + ".url must be an http or https URL; got: '" + url + "'");
            }
        } catch (IllegalArgumentException e) {
            p.add(key + ".url is not a URL: '" + url + "'");
        }
        p.positive(key + ".intervalSeconds", intervalSeconds);
    }
}
