package io.triad.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.triad.web.WebConfig;
import io.triad.web.WebServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The UI's files over a real Grizzly server on loopback. */
class UiResourceIT {
    static WebServer web;
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws IOException {
        web = WebServer.start(new WebConfig("127.0.0.1", 0), List.of(UiResource.fromClasspath()));
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("");
    }

    /** A Content-Type without spaces and lower case, so "text/html; charset=UTF-8" compares as written here. */
    static String type(HttpResponse<?> r) {
        return header(r, "Content-Type").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void theRootIsThePageWithItsSecurityHeaders() throws Exception {
        HttpResponse<byte[]> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(type(r)).isEqualTo("text/html;charset=utf-8");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("/ui/app.js");
        assertThat(header(r, "Content-Security-Policy")).contains("default-src 'self'");
        assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(r, "Cache-Control")).isEqualTo("no-cache");
        assertThat(header(r, "ETag")).startsWith("\"");
    }

    @Test
    void theRootWithAQueryStringIsStillThePage() throws Exception {
        HttpResponse<byte[]> r = get("/?view=search&q=host%3A%22eep-1%22&from=now-1h&to=now");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).startsWith("text/html");
    }

    @Test
    void modulesAndStylesCarryTheirContentTypes() throws Exception {
        assertThat(type(get("/ui/app.js"))).isEqualTo("text/javascript;charset=utf-8");
        assertThat(type(get("/ui/search.js"))).isEqualTo("text/javascript;charset=utf-8");
        assertThat(type(get("/ui/app.css"))).isEqualTo("text/css;charset=utf-8");
    }

    @Test
    void anUnchangedFileIsA304WithoutBody() throws Exception {
        HttpResponse<byte[]> first = get("/ui/app.js");
        String etag = header(first, "ETag");
        assertThat(etag).isNotEmpty();
        HttpResponse<byte[]> second = get("/ui/app.js", "If-None-Match", etag);
        assertThat(second.statusCode()).isEqualTo(304);
        assertThat(second.body()).isEmpty();
        assertThat(header(second, "ETag")).isEqualTo(etag);
        assertThat(get("/ui/app.js", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void echartsIsServedGzippedToClientsThatAcceptIt() throws Exception {
        HttpResponse<byte[]> plain = get("/ui/vendor/echarts.min.js");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(header(plain, "Content-Type")).startsWith("text/javascript");
        assertThat(header(plain, "Content-Encoding")).isEmpty();
        assertThat(plain.body().length).isGreaterThan(500_000);
        assertThat(new String(plain.body(), 0, 20_000, StandardCharsets.UTF_8)).contains("echarts");

        HttpResponse<byte[]> zipped = get("/ui/vendor/echarts.min.js", "Accept-Encoding", "gzip, deflate, br");
        assertThat(header(zipped, "Content-Encoding")).isEqualTo("gzip");
        assertThat(header(zipped, "Vary")).isEqualTo("Accept-Encoding");
        assertThat(header(zipped, "ETag")).isNotEqualTo(header(plain, "ETag"));
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        HttpResponse<byte[]> refused = get("/ui/vendor/echarts.min.js", "Accept-Encoding", "gzip;q=0, identity");
        assertThat(header(refused, "Content-Encoding")).isEmpty();
    }

    @Test
    void aMissingFileIsA404() throws Exception {
        assertThat(get("/ui/no-such-module.js").statusCode()).isEqualTo(404);
        assertThat(get("/ui/").statusCode()).isEqualTo(404);
        assertThat(get("/ui/vendor").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/ui/../pom.xml",
                "/ui/%2e%2e/%2e%2e/pom.xml",
                "/ui/..%2f..%2fpom.xml",
                "/ui/%2e%2e%2fMETA-INF/MANIFEST.MF",
                "/ui/io/triad/web/ui/UiResource.class",
                "/ui/..%5c..%5cpom.xml"
            })
    void pathsOutsideTheUiFolderAreNotServed(String path) throws Exception {
        int status = raw(path);
        assertThat(status).as(path).isIn(400, 404);
    }

    /** Sends the path exactly as written (no client-side normalization) and returns the status code. */
    private static int raw(String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), web.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).doesNotContain("<project").doesNotContain("Manifest-Version");
            return Integer.parseInt(response.substring(9, 12));
        }
    }
}
