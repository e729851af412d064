package io.triad.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.collector.input.InputsConfig;
import io.triad.collector.input.TlsMaterial;
import io.triad.web.WebConfig;
import io.triad.web.WebServer;
import io.triad.web.api.HealthResource;
import io.triad.web.api.MetricsResource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication over a real Grizzly server on loopback (HTTP and HTTPS): login, cookie, CSRF, logout, Bearer,
 * Basic, 401 and 403, the user and saved-search resources, and throttled logins.
 */
class AuthIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN_PASSWORD = "admin password 1";

    @TempDir
    static Path dir;

    static UserStore store;
    static WebServer web;
    static SimpleMeterRegistry registry;
    static HttpClient http;
    static HttpClient https;

    /** A resource that needs an operator and changes state. */
    @jakarta.ws.rs.Path("/api/v1/test-operator")
    @RolesAllowed("operator")
    public static final class OperatorResource {
        @POST
        public String act() {
            return "done";
        }
    }

    @BeforeAll
    static void start() throws Exception {
        store = UserStore.inMemory(AuthConfig.defaults(), Clock.systemUTC());
        store.addUser("admin", Role.ADMIN, ADMIN_PASSWORD.toCharArray());
        store.addUser("viewer", Role.VIEWER, "viewer password".toCharArray());
        registry = new SimpleMeterRegistry();
        TlsMaterial tls = TlsMaterial.load(InputsConfig.Tls.selfSigned(dir.resolve("tls")), Clock.systemUTC());
        WebAuth auth = new WebAuth(store, Clock.systemUTC(), registry);
        web = WebServer.start(
                new WebConfig("127.0.0.1", 0, 0, tls.sslContext()),
                auth.with(List.of(
                        new HealthResource(() -> new HealthResource.HealthReport(true, Map.of())),
                        new MetricsResource(() -> "x_total 1.0\n"),
                        new OperatorResource())));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("triad", tls.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        https = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(client)
                .build();
    }

    @AfterAll
    static void stop() {
        web.close();
        store.close();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path));
    }

    static HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> login(HttpClient client, String base, String user, String password) throws Exception {
        String body = JSON.writeValueAsString(Map.of("username", user, "password", password));
        return client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String sessionCookie(HttpResponse<String> login) {
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void withoutCredentialsTheApiAnswers401WithAChallengeAndAJsonError() throws Exception {
        HttpResponse<String> r = send(request("/metrics").GET());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"triad\"");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asInt()).isEqualTo(401);
        assertThat(body.path("error").asText()).startsWith("authentication required");

        HttpResponse<String> fetch =
                send(request("/metrics").header("X-Requested-With", "fetch").GET());
        assertThat(fetch.statusCode()).isEqualTo(401);
        assertThat(fetch.headers().firstValue("WWW-Authenticate")).isEmpty();

        HttpResponse<String> eventSource = send(request("/metrics")
                .header("Accept", "text/event-stream, */*;q=0.1")
                .GET());
        assertThat(eventSource.statusCode()).isEqualTo(401);
        assertThat(eventSource.headers().firstValue("WWW-Authenticate")).isEmpty();

        assertThat(send(request("/api/v1/health").GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void basicCredentialsAuthenticateAndWrongOnesAre401() throws Exception {
        assertThat(send(request("/metrics")
                                .header("Authorization", basic("admin", ADMIN_PASSWORD))
                                .GET())
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(request("/metrics")
                                .header("Authorization", basic("admin", ADMIN_PASSWORD))
                                .GET())
                        .statusCode())
                .as("cached")
                .isEqualTo(200);
        HttpResponse<String> wrong = send(request("/metrics")
                .header("Authorization", basic("admin", "wrong"))
                .GET());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).path("error").asText()).isEqualTo("wrong user name or password");
        HttpResponse<String> garbage =
                send(request("/metrics").header("Authorization", "Basic %%%").GET());
        assertThat(garbage.statusCode()).isEqualTo(401);
        assertThat(send(request("/metrics").header("Authorization", "Digest x").GET())
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aBearerTokenAuthenticatesItsUser() throws Exception {
        String token = store.createToken("viewer");
        HttpResponse<String> me = send(request("/api/v1/auth/me")
                .header("Authorization", "Bearer " + token)
                .GET());
        assertThat(me.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(me.body());
        assertThat(body.path("username").asText()).isEqualTo("viewer");
        assertThat(body.path("role").asText()).isEqualTo("viewer");
        assertThat(body.has("csrfToken")).isFalse();
        assertThat(send(request("/metrics")
                                .header("Authorization", "Bearer triad_unknown")
                                .GET())
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aRoleBelowTheRequiredOneIs403() throws Exception {
        HttpResponse<String> r = send(request("/api/v1/test-operator")
                .header("Authorization", basic("viewer", "viewer password"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).path("error").asText())
                .isEqualTo("this needs the role operator or higher; 'viewer' is viewer");
        assertThat(send(request("/api/v1/users")
                                .header("Authorization", basic("viewer", "viewer password"))
                                .GET())
                        .statusCode())
                .isEqualTo(403);
        assertThat(send(request("/api/v1/test-operator")
                                .header("Authorization", basic("admin", ADMIN_PASSWORD))
                                .POST(HttpRequest.BodyPublishers.noBody()))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void loginGivesACookieWhoseStateChangingRequestsNeedTheCsrfTokenUntilLogout() throws Exception {
        HttpResponse<String> bad = login(http, "http://127.0.0.1:" + web.port(), "admin", "not it");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().firstValue("WWW-Authenticate")).isEmpty();

        HttpResponse<String> ok = login(http, "http://127.0.0.1:" + web.port(), "admin", ADMIN_PASSWORD);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(ok.body());
        assertThat(body.path("username").asText()).isEqualTo("admin");
        assertThat(body.path("role").asText()).isEqualTo("admin");
        String csrf = body.path("csrfToken").asText();
        assertThat(csrf).hasSize(43);
        String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie)
                .startsWith("triad_session=")
                .contains("; Path=/", "; HttpOnly", "; SameSite=Strict")
                .doesNotContain("Secure");
        String cookie = sessionCookie(ok);

        JsonNode me = JSON.readTree(
                send(request("/api/v1/auth/me").header("Cookie", cookie).GET()).body());
        assertThat(me.path("csrfToken").asText()).isEqualTo(csrf);
        assertThat(send(request("/metrics").header("Cookie", cookie).GET()).statusCode())
                .isEqualTo(200);

        HttpResponse<String> noCsrf = send(
                request("/api/v1/test-operator").header("Cookie", cookie).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(noCsrf.body()).path("error").asText()).startsWith("missing X-CSRF-Token");
        assertThat(send(request("/api/v1/test-operator")
                                .header("Cookie", cookie)
                                .header("X-CSRF-Token", csrf + "x")
                                .POST(HttpRequest.BodyPublishers.noBody()))
                        .statusCode())
                .isEqualTo(403);
        assertThat(send(request("/api/v1/test-operator")
                                .header("Cookie", cookie)
                                .header("X-CSRF-Token", csrf)
                                .POST(HttpRequest.BodyPublishers.noBody()))
                        .statusCode())
                .isEqualTo(200);

        assertThat(send(request("/api/v1/auth/logout")
                                .header("Cookie", cookie)
                                .POST(HttpRequest.BodyPublishers.noBody()))
                        .statusCode())
                .as("logout is state-changing too")
                .isEqualTo(403);
        HttpResponse<String> out = send(request("/api/v1/auth/logout")
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("triad_session=;")
                .contains("Max-Age=0");
        HttpResponse<String> after =
                send(request("/metrics").header("Cookie", cookie).GET());
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(after.body()).path("error").asText()).contains("session has expired");
    }

    @Test
    void httpsServesTheSameApiAndMarksTheCookieSecure() throws Exception {
        String base = "https://127.0.0.1:" + web.httpsPort();
        assertThat(web.httpsPort()).isPositive().isNotEqualTo(web.port());
        HttpResponse<String> ok = login(https, base, "viewer", "viewer password");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Set-Cookie").orElseThrow()).endsWith("; Secure");
        HttpResponse<String> metrics = https.send(
                HttpRequest.newBuilder(URI.create(base + "/metrics"))
                        .header("Cookie", sessionCookie(ok))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.sslSession()).isPresent();
        assertThat(metrics.sslSession().get().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
    }

    @Test
    void adminsManageUsersAndEveryoneTheirOwnSavedSearches() throws Exception {
        String admin = basic("admin", ADMIN_PASSWORD);
        String newUser =
                JSON.writeValueAsString(Map.of("username", "olga", "password", "olga password", "role", "operator"));
        HttpResponse<String> created = send(request("/api/v1/users")
                .header("Authorization", admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(newUser)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).path("role").asText()).isEqualTo("operator");
        assertThat(send(request("/api/v1/users")
                                .header("Authorization", admin)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(newUser)))
                        .statusCode())
                .isEqualTo(409);
        HttpResponse<String> badRole = send(request("/api/v1/users")
                .header("Authorization", admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"x\",\"password\":\"long enough\",\"role\":\"root\"}")));
        assertThat(badRole.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badRole.body()).path("error").asText()).contains("got: 'root'");
        JsonNode users = JSON.readTree(
                send(request("/api/v1/users").header("Authorization", admin).GET())
                        .body());
        assertThat(users.findValuesAsText("username")).contains("admin", "olga", "viewer");

        String olga = basic("olga", "olga password");
        HttpResponse<String> saved = send(request("/api/v1/saved-searches")
                .header("Authorization", olga)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"errors\",\"query\":\"severity:3\",\"from\":\"now-1h\",\"state\":\"cols=host\"}")));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        long id = JSON.readTree(saved.body()).path("id").asLong();
        JsonNode mine = JSON.readTree(send(request("/api/v1/saved-searches")
                        .header("Authorization", olga)
                        .GET())
                .body());
        assertThat(mine.size()).isEqualTo(1);
        assertThat(mine.get(0).path("to").asText()).isEqualTo("now");
        JsonNode theirs = JSON.readTree(send(request("/api/v1/saved-searches")
                        .header("Authorization", admin)
                        .GET())
                .body());
        assertThat(theirs.size()).isZero();
        assertThat(send(request("/api/v1/saved-searches/" + id)
                                .header("Authorization", admin)
                                .DELETE())
                        .statusCode())
                .isEqualTo(404);
        assertThat(send(request("/api/v1/saved-searches")
                                .header("Authorization", olga)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("[1]")))
                        .statusCode())
                .isEqualTo(400);

        assertThat(send(request("/api/v1/users/olga")
                                .header("Authorization", admin)
                                .DELETE())
                        .statusCode())
                .isEqualTo(204);
        assertThat(send(request("/api/v1/users/olga")
                                .header("Authorization", admin)
                                .DELETE())
                        .statusCode())
                .isEqualTo(404);
        assertThat(send(request("/api/v1/auth/me").header("Authorization", olga).GET())
                        .statusCode())
                .as("a removed user's cached Basic credentials are forgotten")
                .isEqualTo(401);
        HttpResponse<String> last = send(
                request("/api/v1/users/admin").header("Authorization", admin).DELETE());
        assertThat(last.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(last.body()).path("error").asText()).contains("last admin");
    }

    @Test
    void repeatedFailedLoginsAreCountedAndMustWait() throws Exception {
        store.addUser("victim", Role.VIEWER, "victim password".toCharArray());
        String base = "http://127.0.0.1:" + web.port();
        for (int i = 0; i < AuthConfig.defaults().loginFreeFailures(); i++) {
            assertThat(login(http, base, "victim", "guess " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = login(http, base, "victim", "victim password");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).contains("1");
        assertThat(JSON.readTree(throttled.body()).path("error").asText()).contains("127.0.0.1");
        double failures = registry.get("triad.auth.failures")
                .tag("method", "login")
                .tag("reason", "bad_credentials")
                .counter()
                .count();
        assertThat(failures).isGreaterThanOrEqualTo(AuthConfig.defaults().loginFreeFailures());
        Thread.sleep(1100);
        assertThat(login(http, base, "victim", "victim password").statusCode()).isEqualTo(200);
    }
}
