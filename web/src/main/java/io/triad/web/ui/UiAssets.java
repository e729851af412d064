package io.triad.web.ui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The files of the browser UI, read from the classpath under {@code ui/} and kept in memory once read, each with its
 * content type, a strong ETag and, for text, a gzip copy.
 *
 * <p>A name is a relative path of segments of letters, digits, {@code . _ -} that do not start with a dot (so
 * {@code ..} and hidden files cannot be named), ending in a known extension; anything else is not found. The vendored
 * ECharts library ({@code vendor/echarts.min.js}) comes from the {@code org.mvnpm:echarts} jar.
 *
 * <p>NOTE: thread safe. Only files that exist are cached, so unknown names cannot grow the cache; the classpath does not
 * change while the appliance runs.
 */
final class UiAssets {
    /** Longest name served; longer ones are not found. */
    static final int MAX_NAME_LENGTH = 200;

    /** The name of the vendored ECharts build. */
    static final String ECHARTS = "vendor/echarts.min.js";

    private static final String ROOT = "ui/";
    private static final String ECHARTS_POM = "META-INF/maven/org.mvnpm/echarts/pom.properties";
    private static final int GZIP_MIN_BYTES = 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"));

    private final ClassLoader loader;
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    /** Assets of the given class loader. */
    public UiAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** Assets of the class loader that loaded the UI. */
    public static UiAssets fromClasspath() {
        ClassLoader l = UiAssets.class.getClassLoader();
        return new UiAssets(l != null ? l : ClassLoader.getSystemClassLoader());
    }

    /**
     * The file of that name, or empty when the name is not acceptable or no such file exists.
     *
     * @throws UncheckedIOException when the file exists but cannot be read
     */
    public Optional<Asset> find(String name) {
        Asset cached = cache.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        String type = contentType(name);
        if (type == null) {
            return Optional.empty();
        }
        @Nullable String resource = name.equals(ECHARTS) ? echartsResource() : ROOT + name;
        if (resource == null) {
            return Optional.empty();
        }
        URL url = loader.getResource(resource);
        if (url == null || isDirectory(url)) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = url.openStream()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the UI file " + resource + ": " + e.getMessage(), e);
        }
        boolean text = type.startsWith("text/") || type.startsWith("application/json") || type.startsWith("image/svg");
        Asset asset = new Asset(name, type, bytes, text ? gzip(bytes) : null, etag(bytes));
        cache.put(name, asset);
        return Optional.of(asset);
    }

    /** The content type served for a name, or null when the name is not acceptable (shape, length, extension). */
    static @Nullable String contentType(String name) {
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            return null;
        }
        int dot = name.lastIndexOf('.');
        int slash = name.lastIndexOf('/');
        if (dot <= slash + 1) {
            return null;
        }
        return TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private @Nullable String echartsResource() {
        URL pom = loader.getResource(ECHARTS_POM);
        if (pom == null) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = pom.openStream()) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ECHARTS_POM + ": " + e.getMessage(), e);
        }
        String version = p.getProperty("version");
        return version == null ? null : "META-INF/resources/_static/echarts/" + version + "/dist/echarts.min.js";
    }

    private static boolean isDirectory(URL url) {
        if (url.getProtocol().equals("file")) {
            try {
                return Files.isDirectory(Path.of(url.toURI()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                return true;
            }
        }
        return url.getPath().endsWith("/");
    }

    private static byte @Nullable [] gzip(byte[] bytes) {
        if (bytes.length < GZIP_MIN_BYTES) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] z = out.toByteArray();
        return z.length < bytes.length ? z : null;
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * One UI file: its name under {@code /ui/}, the {@code Content-Type} to serve it with, its content, a gzip copy
     * when compression pays, and a strong ETag derived from the content.
     *
     * <p>NOTE: immutable; the arrays it hands out must not be modified.
     */
    public static final class Asset {
        private final String name;
        private final String contentType;
        private final byte[] bytes;
        private final byte @Nullable [] gzip;
        private final String etag;

        Asset(String name, String contentType, byte[] bytes, byte @Nullable [] gzip, String etag) {
            this.name = name;
            this.contentType = contentType;
            this.bytes = bytes;
            this.gzip = gzip;
            this.etag = etag;
        }

        public String name() {
            return name;
        }

        public String contentType() {
            return contentType;
        }

        /** The content (shared, do not modify). */
        public byte[] bytes() {
            return bytes;
        }

        /** The content gzip-compressed (shared, do not modify), or null when compression does not pay. */
        public byte @Nullable [] gzip() {
            return gzip;
        }

        /** The strong ETag of the content, quoted. */
        public String etag() {
            return etag;
        }

        /** The ETag of the gzip copy (a different representation, so a different tag). */
        public String gzipEtag() {
            return etag.substring(0, etag.length() - 1) + "-gz\"";
        }
    }
}
