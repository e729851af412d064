package io.triad.metrics.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Fetches a Prometheus or OpenMetrics text exposition over HTTP(S), with a timeout and a size limit.
 *
 * <p>NOTE: thread safe.
 */
public final class HttpFetch implements ScrapeTarget.Fetch {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private final URI url;
    private final Duration timeout;
    private final long maxBytes;
    private final @Nullable String authorization;

    /**
     * @param authorization an {@code Authorization} header value, or null
     * @param maxBytes the largest exposition accepted; a larger one fails the scrape
     */
    public HttpFetch(URI url, Duration timeout, long maxBytes, @Nullable String authorization) {
        this.url = url;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.authorization = authorization;
    }

    @Override
    public String get() throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Accept", "text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.5")
                .GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                throw new IOException("GET " + url + " answered " + r.statusCode() + "; expected 200");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                out.write(buf, 0, n);
                if (out.size() > maxBytes) {
                    throw new IOException(
                            "exposition of " + url + " is larger than the allowed " + maxBytes + " bytes");
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
