package io.triad.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UiAssetsTest {
    private final UiAssets assets = UiAssets.fromClasspath();

    @Test
    void theUiFilesOnTheClasspathAreFoundWithTheirContentTypes() {
        assertThat(assets.find("index.html")).get().satisfies(a -> {
            assertThat(a.contentType()).isEqualTo("text/html; charset=utf-8");
            assertThat(new String(a.bytes(), StandardCharsets.UTF_8))
                    .contains("<script type=\"module\" src=\"/ui/app.js\">");
        });
        assertThat(assets.find("app.js"))
                .get()
                .extracting(UiAssets.Asset::contentType)
                .isEqualTo("text/javascript; charset=utf-8");
        assertThat(assets.find("app.css"))
                .get()
                .extracting(UiAssets.Asset::contentType)
                .isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void everyModuleTheAppImportsExists() throws IOException {
        for (String module : new String[] {
            "app.js",
            "api.js",
            "state.js",
            "format.js",
            "charts.js",
            "login.js",
            "search.js",
            "querybar.js",
            "timepicker.js",
            "histogram.js",
            "fields.js",
            "hits.js",
            "event.js",
            "saved.js",
            "timeline.js",
            "transaction.js",
            "transactions.js",
            "tail.js",
            "dashboards.js",
            "dashpanel.js",
            "dashquery.js",
            "alerts.js"
        }) {
            String text = new String(assets.find(module).orElseThrow().bytes(), StandardCharsets.UTF_8);
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("from '\\./([a-z]+\\.js)'").matcher(text);
            while (m.find()) {
                assertThat(assets.find(m.group(1)))
                        .as("%s imports %s", module, m.group(1))
                        .isPresent();
            }
        }
        String index = new String(assets.find("index.html").orElseThrow().bytes(), StandardCharsets.UTF_8);
        java.util.regex.Matcher links =
                java.util.regex.Pattern.compile("(?:href|src)=\"/ui/([^\"]+)\"").matcher(index);
        int count = 0;
        while (links.find()) {
            assertThat(assets.find(links.group(1)))
                    .as("index.html links %s", links.group(1))
                    .isPresent();
            count++;
        }
        assertThat(count).as("files index.html links").isGreaterThan(10);
    }

    @Test
    void dashboardDefinitionsAreServedAsJsonFromTheirFolder() {
        assertThat(UiAssets.contentType("dashboards/overview.json")).isEqualTo("application/json");
        UiAssets.Asset index = assets.find("dashboards/index.json").orElseThrow();
        assertThat(index.contentType()).isEqualTo("application/json");
        assertThat(new String(index.bytes(), StandardCharsets.UTF_8)).contains("\"overview\"");
        UiAssets.Asset hosts = assets.find("dashboards/hosts.json").orElseThrow();
        assertThat(hosts.gzip())
                .as("a definition of several KiB is sent compressed")
                .isNotNull();
        assertThat(assets.find("dashboards/../dashboards/index.json")).isEmpty();
    }

    @Test
    void echartsComesFromTheMvnpmJarCompressed() throws IOException {
        UiAssets.Asset echarts = assets.find(UiAssets.ECHARTS).orElseThrow();
        assertThat(echarts.contentType()).startsWith("text/javascript");
        assertThat(echarts.bytes().length).isGreaterThan(500_000);
        byte[] gzip = echarts.gzip();
        assertThat(gzip).isNotNull();
        assertThat(gzip.length).isLessThan(echarts.bytes().length / 2);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            assertThat(in.readAllBytes()).isEqualTo(echarts.bytes());
        }
        assertThat(echarts.gzipEtag())
                .isNotEqualTo(echarts.etag())
                .startsWith("\"")
                .endsWith("-gz\"");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../pom.xml",
                "..",
                "a/../app.js",
                "./app.js",
                "/app.js",
                "/etc/passwd",
                ".hidden.js",
                "app.js/",
                "a//app.js",
                "ui\\app.js",
                "app.js%00.html",
                "app",
                "app.exe",
                "app.JS.class",
                "META-INF/MANIFEST.MF",
                ""
            })
    void namesThatAreNotPlainRelativePathsWithAKnownExtensionAreNotFound(String name) {
        assertThat(UiAssets.contentType(name)).isNull();
        assertThat(assets.find(name)).isEmpty();
    }

    @Test
    void aNameLongerThanTheLimitIsNotFound() {
        String name = "a".repeat(UiAssets.MAX_NAME_LENGTH) + ".js";
        assertThat(UiAssets.contentType(name)).isNull();
        assertThat(UiAssets.contentType("a".repeat(UiAssets.MAX_NAME_LENGTH - 3) + ".js"))
                .isNotNull();
    }

    @Test
    void aMissingFileIsNotFound() {
        assertThat(assets.find("no-such-file.js")).isEmpty();
        assertThat(assets.find("vendor/no-such-file.js")).isEmpty();
    }

    @Test
    void theEtagFollowsTheContentAndADirectoryIsNotAFile(@TempDir Path dir) throws IOException {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        Files.createDirectories(one.resolve("ui/sub.js"));
        Files.createDirectories(two.resolve("ui"));
        Files.writeString(one.resolve("ui/a.js"), "export const a = 1;\n", StandardCharsets.UTF_8);
        Files.writeString(two.resolve("ui/a.js"), "export const a = 2;\n", StandardCharsets.UTF_8);
        Files.writeString(two.resolve("ui/b.js"), "export const a = 1;\n", StandardCharsets.UTF_8);
        try (URLClassLoader l1 = new URLClassLoader(new URL[] {one.toUri().toURL()}, null);
                URLClassLoader l2 = new URLClassLoader(new URL[] {two.toUri().toURL()}, null)) {
            UiAssets a1 = new UiAssets(l1);
            UiAssets a2 = new UiAssets(l2);
            String e1 = a1.find("a.js").orElseThrow().etag();
            assertThat(a1.find("a.js").orElseThrow().etag()).isEqualTo(e1);
            assertThat(a2.find("a.js").orElseThrow().etag()).isNotEqualTo(e1);
            assertThat(a2.find("b.js").orElseThrow().etag()).isEqualTo(e1);
            assertThat(a1.find("sub.js")).isEmpty();
            assertThat(a1.find("a.js").orElseThrow().gzip())
                    .as("a file too small to gain from gzip")
                    .isNull();
        }
    }
}
