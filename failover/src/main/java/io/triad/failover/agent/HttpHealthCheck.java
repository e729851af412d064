package io.triad.failover.agent;

import io.triad.failover.agent.HealthCheck.Result;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@code http} check: one GET over HTTP/1.1 with its own {@link HttpClient} (connect timeout = the spec's timeout,
 * redirects not followed); healthy on 2xx and 3xx. The whole exchange, body included, is bounded by the timeout.
 */
final class HttpHealthCheck implements HealthCheck {
    private final long timeoutMillis;
    private final HttpClient client;
    private final HttpRequest request;

    HttpHealthCheck(HealthCheckSpec spec) {
        URI uri = HealthCheckSpec.httpUri(spec.target());
        this.timeoutMillis = spec.timeoutMillis();
        Duration timeout = Duration.ofMillis(timeoutMillis);
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("User-Agent", "triad-health-check")
                .GET()
                .build();
    }

    @Override
    public Result check() {
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<Void>> response =
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            int status = response.get(timeoutMillis, TimeUnit.MILLISECONDS).statusCode();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Result(status >= 200 && status < 400, "HTTP " + status + " in " + ms + " ms");
        } catch (TimeoutException e) {
            response.cancel(true);
            return new Result(false, "timed out after " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        } catch (ExecutionException e) {
            return new Result(false, describe(e.getCause() == null ? e : e.getCause()));
        }
    }

    private String describe(Throwable t) {
        if (t instanceof HttpConnectTimeoutException) {
            return "connect timed out after " + timeoutMillis + " ms";
        }
        if (t instanceof HttpTimeoutException) {
            return "timed out after " + timeoutMillis + " ms";
        }
        if (t instanceof ConnectException) {
            String m = t.getMessage();
            return m == null || m.toLowerCase(Locale.ROOT).contains("refused")
                    ? "connect refused"
                    : "connect failed: " + m;
        }
        if (t instanceof IOException && t.getCause() instanceof ConnectException c) {
            return describe(c);
        }
        String m = t.getMessage();
        return (t instanceof IOException ? "I/O error: " : "failed: ")
                + (m == null ? t.getClass().getSimpleName() : m);
    }
}
