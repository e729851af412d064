package io.triad.appliance.config;

/**
 * One scrape target.
 *
 * @param job the job, e.g. {@code eap}
 * @param url the endpoint, e.g. {@code http://eap-a1:9100/metrics}
 * @param component the {@code component} label of its series, e.g. {@code EAP}
 * @param host the {@code host} label of its series (default: the URL's host)
 * @param authorization an {@code Authorization} header value, e.g. {@code Bearer ...} (empty: none)
 */
public record ScrapeSection(
        String job, String url, String component, String host, int intervalSeconds, String authorization) {
    /** The defaults. */
    public ScrapeSection() {
        this("", "", "", "", 15, "");
    }

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
