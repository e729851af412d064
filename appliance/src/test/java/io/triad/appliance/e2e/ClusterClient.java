package io.triad.appliance.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.triad.testkit.cluster.ClusterWatch;
import io.triad.testkit.cluster.PrimaryChecker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The HTTP API of the sites of a failover test whose sites run as processes of their own (DemoFailoverIT,
 * NetnsFailoverIT), as their admin: every cluster view it reads, and every view of the watch streams it starts, goes to
 * one {@link PrimaryChecker}. A site that does not answer is not an error until a caller insists ({@link #get}).
 *
 * <p>NOTE: thread-safe as far as its parts are (the site functions are called from the test's thread only).
 */
final class ClusterClient {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    /** How a test's sites are reached and watched over. */
    interface Sites {
        /** The site's web root, {@code http://host:port}. */
        String url(String site);

        /** Where the site logs, for the messages of failed waits. */
        String log(String site);

        /** Why waiting for the site is pointless (its process exited, with how), or empty. */
        Optional<String> gone(String site);
    }

    private final Sites sites;
    private final String authorization;
    private final Duration requestTimeout;
    private final Duration pollEvery;
    private final PrimaryChecker checker;

    /**
     * As {@code admin} with {@code password}; each request given up after {@code requestTimeout}, {@link #awaitView}
     * asking every {@code pollEvery}.
     */
    ClusterClient(Sites sites, String password, Duration requestTimeout, Duration pollEvery, PrimaryChecker checker) {
        this.sites = sites;
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        this.requestTimeout = requestTimeout;
        this.pollEvery = pollEvery;
        this.checker = checker;
    }

    /** The answer of {@code GET <site's url><pathAndQuery>} when it is a 200, else (or when none comes) empty. */
    Optional<JsonNode> tryGet(String site, String pathAndQuery) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(sites.url(site) + pathAndQuery))
                            .header("Authorization", authorization)
                            .timeout(requestTimeout)
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return r.statusCode() == 200 ? Optional.of(RunningAppliance.JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The 200 answer of {@code GET <site's url><pathAndQuery>}; an AssertionError otherwise. */
    JsonNode get(String site, String pathAndQuery) {
        return tryGet(site, pathAndQuery)
                .orElseThrow(() -> new AssertionError("GET " + pathAndQuery + " of " + site + " did not answer 200"));
    }

    /** The site's {@code GET /api/v1/cluster}, checked; an AssertionError when it does not answer 200. */
    JsonNode view(String site) {
        JsonNode v = get(site, "/api/v1/cluster");
        checker.observe(site, v);
        return v;
    }

    /** The site's {@code GET /api/v1/cluster}, checked, or empty when it does not answer 200. */
    Optional<JsonNode> tryView(String site) {
        Optional<JsonNode> v = tryGet(site, "/api/v1/cluster");
        v.ifPresent(x -> checker.observe(site, x));
        return v;
    }

    /**
     * Polls a site's {@code GET /api/v1/cluster} (each view checked) until one passes; the last view otherwise. An
     * AssertionError when the site's process is gone or it never answered.
     */
    JsonNode awaitView(String site, Predicate<JsonNode> until, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode last = null;
        while (System.nanoTime() - deadline < 0) {
            Optional<JsonNode> v = tryView(site);
            if (v.isPresent()) {
                last = v.get();
                if (until.test(last)) {
                    return last;
                }
            }
            Optional<String> gone = sites.gone(site);
            if (gone.isPresent()) {
                throw new AssertionError(site + " " + gone.get() + "; see " + sites.log(site));
            }
            Thread.sleep(pollEvery.toMillis());
        }
        if (last == null) {
            throw new AssertionError(site + " did not answer GET /api/v1/cluster within " + within.toSeconds()
                    + " s; see " + sites.log(site));
        }
        return last;
    }

    /** Starts following the site's watch stream into the checker. */
    ClusterWatch watch(String site) {
        return ClusterWatch.start(site, URI.create(sites.url(site)), HTTP, authorization, checker::observe);
    }
}
