package io.triad.appliance.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.web.WebServer;
import io.triad.web.auth.Access;
import io.triad.web.auth.Role;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorization table of the whole API, checked against the appliance as it runs: for EVERY resource method of
 * every resource the appliance registers (taken from Jersey's resource model, so a new resource is covered without
 * touching this test), a request without credentials is 401 (only public methods, such as health and login, let it
 * through), a caller with each role below the required one gets 403, and callers with the required role or a higher
 * one get neither 401 nor 403.
 */
class AuthorizationIT {
    static final Pattern TEMPLATE = Pattern.compile("\\{([^}:]+)(?::[^}]*)?}");
    static final Map<Role, String> PASSWORDS =
            Map.of(Role.VIEWER, "viewer password", Role.OPERATOR, "operator password");

    @TempDir
    Path dir;

    @Test
    void everyResourceMethodAnswersAsItsRoleRequires() throws Exception {
        try (RunningAppliance triad = RunningAppliance.start(dir)) {
            for (Map.Entry<Role, String> u : PASSWORDS.entrySet()) {
                String body = "{\"username\":\"" + u.getKey().id() + "-user\",\"password\":\"" + u.getValue()
                        + "\",\"role\":\"" + u.getKey().id() + "\"}";
                HttpResponse<String> r = triad.http.send(
                        HttpRequest.newBuilder(URI.create(triad.api() + "/users"))
                                .header("Authorization", admin())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }

            List<WebServer.Endpoint> endpoints = triad.appliance.webEndpoints();
            assertThat(endpoints)
                    .extracting(WebServer.Endpoint::toString)
                    .contains(
                            "GET /api/v1/health",
                            "POST /api/v1/auth/login",
                            "GET /api/v1/search",
                            "GET /api/v1/events/{id}",
                            "GET /metrics",
                            "GET /api/v1/users",
                            "DELETE /api/v1/saved-searches/{id}",
                            "GET /api/v1/alerts",
                            "GET /api/v1/rules",
                            "POST /api/v1/silences",
                            "DELETE /api/v1/silences/{id}");
            List<String> undeclared = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            int checked = 0;
            for (WebServer.Endpoint e : endpoints) {
                Access access = Access.of(e.resourceClass(), e.method());
                if (!access.declared()) {
                    undeclared.add(e + " (" + e.method() + ")");
                }
                String path = fill(e.path());
                int anonymous = status(triad, e.httpMethod(), path, null, contentType(e));
                StringBuilder row = new StringBuilder()
                        .append(e)
                        .append(" needs ")
                        .append(access)
                        .append(": none=")
                        .append(anonymous);
                if (access.isPublic()) {
                    expect(failures, e, "no credentials", anonymous != 401 && anonymous != 403, anonymous);
                } else {
                    expect(failures, e, "no credentials", anonymous == 401, anonymous);
                }
                for (Role role : Role.values()) {
                    int s = status(triad, e.httpMethod(), path, credentials(role), contentType(e));
                    row.append(' ').append(role.id()).append('=').append(s);
                    if (access.isPublic() || role.includes(access.role())) {
                        expect(failures, e, role.id(), s != 401 && s != 403, s);
                    } else {
                        expect(failures, e, role.id(), s == 403, s);
                    }
                }
                System.out.println(row); // the table, in the test's output file
                checked++;
            }
            assertThat(undeclared)
                    .as("resource methods without @RolesAllowed or @PermitAll (they fall back to admin)")
                    .isEmpty();
            assertThat(failures).as("of %d endpoints", checked).isEmpty();
            assertThat(checked).isGreaterThanOrEqualTo(10);
        }
    }

    private static void expect(List<String> failures, WebServer.Endpoint e, String who, boolean ok, int status) {
        if (!ok) {
            failures.add(e + " as " + who + " (needs " + Access.of(e.resourceClass(), e.method()) + "): got " + status);
        }
    }

    private static String admin() {
        return RunningAppliance.basic("admin", RunningAppliance.ADMIN_PASSWORD);
    }

    private static String credentials(Role role) {
        return role == Role.ADMIN ? admin() : RunningAppliance.basic(role.id() + "-user", PASSWORDS.get(role));
    }

    /** The path with every template parameter replaced by a plain value ({@code 1}; regex templates unsupported). */
    static String fill(String template) {
        Matcher m = TEMPLATE.matcher(template);
        return m.replaceAll("1");
    }

    /**
     * The status of one request; -1 when no answer came within 3 s (a streaming resource that let the caller in and
     * is now waiting for events: not a refusal, which the filters give at once).
     */
    /** The first media type the method consumes (a form for Grafana's POSTs), JSON when it declares none. */
    private static String contentType(WebServer.Endpoint e) {
        jakarta.ws.rs.Consumes c = e.method().getAnnotation(jakarta.ws.rs.Consumes.class);
        if (c == null) {
            c = e.resourceClass().getAnnotation(jakarta.ws.rs.Consumes.class);
        }
        return c != null && c.value().length > 0 ? c.value()[0] : "application/json";
    }

    private static int status(
            RunningAppliance triad, String method, String path, @Nullable String authorization, String contentType)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + triad.port("web") + path))
                .timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        boolean withBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        boolean json = contentType.equals("application/json");
        r.method(
                method,
                withBody ? HttpRequest.BodyPublishers.ofString(json ? "{}" : "") : HttpRequest.BodyPublishers.noBody());
        if (withBody) {
            r.header("Content-Type", contentType);
        }
        CompletableFuture<HttpResponse<InputStream>> f =
                triad.http.sendAsync(r.build(), HttpResponse.BodyHandlers.ofInputStream());
        try {
            HttpResponse<InputStream> response = f.get(3, TimeUnit.SECONDS);
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200 || !isStream(response)) {
                    body.readAllBytes();
                }
            }
            return response.statusCode();
        } catch (TimeoutException e) {
            f.cancel(true);
            return -1;
        }
    }

    private static boolean isStream(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
    }
}
