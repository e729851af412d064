package io.triad.web.ui;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The browser UI: {@code /} is the single page ({@code index.html}), {@code /ui/**} its modules, styles and the
 * vendored ECharts library ({@code /ui/vendor/echarts.min.js}).
 *
 * <p>Public (the login form is part of the UI; every call it makes to {@code /api/v1} is authenticated). Files are
 * revalidated on every use ({@code Cache-Control: no-cache} with a strong ETag, so an unchanged file costs a 304) and
 * sent gzip-compressed to clients that accept it. A name that is not a plain relative path with a known extension, or
 * names no file, is a 404.
 */
@Path("/")
@PermitAll
public final class UiResource {
    /** The page's content security policy: everything from this origin; ECharts sets inline styles. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final UiAssets assets;

    UiResource(UiAssets assets) {
        this.assets = assets;
    }

    /** The UI served from the classpath. */
    public static UiResource fromClasspath() {
        return new UiResource(UiAssets.fromClasspath());
    }

    @GET
    public Response index(
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) @Nullable String ifNoneMatch,
            @HeaderParam(HttpHeaders.ACCEPT_ENCODING) @Nullable String acceptEncoding) {
        return serve("index.html", ifNoneMatch, acceptEncoding);
    }

    @GET
    @Path("ui/{name: .+}")
    public Response file(
            @PathParam("name") String name,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) @Nullable String ifNoneMatch,
            @HeaderParam(HttpHeaders.ACCEPT_ENCODING) @Nullable String acceptEncoding) {
        return serve(name, ifNoneMatch, acceptEncoding);
    }

    private Response serve(String name, @Nullable String ifNoneMatch, @Nullable String acceptEncoding) {
        UiAssets.Asset a =
                assets.find(name).orElseThrow(() -> new NotFoundException("no UI file named '" + name + "'"));
        byte[] gzip = a.gzip();
        byte[] body = a.bytes();
        boolean compressed = false;
        if (gzip != null && acceptsGzip(acceptEncoding)) {
            body = gzip;
            compressed = true;
        }
        String etag = compressed ? a.gzipEtag() : a.etag();
        Response.ResponseBuilder r;
        if (matches(ifNoneMatch, etag)) {
            r = Response.notModified();
        } else {
            r = Response.ok(body).type(a.contentType());
            if (compressed) {
                r.header(HttpHeaders.CONTENT_ENCODING, "gzip");
            }
        }
        if (gzip != null) {
            r.header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        }
        r.header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Content-Type-Options", "nosniff");
        if (a.contentType().startsWith("text/html")) {
            r.header("Content-Security-Policy", CSP)
                    .header("X-Frame-Options", "DENY")
                    .header("Referrer-Policy", "same-origin");
        }
        return r.build();
    }

    /** Whether an {@code If-None-Match} header names the tag (weak comparison, RFC 9110 section 13.1.2). */
    static boolean matches(@Nullable String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String t : ifNoneMatch.split(",", -1)) {
            String tag = t.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an {@code Accept-Encoding} header accepts gzip (named, or {@code *}, with a q-value above 0). */
    static boolean acceptsGzip(@Nullable String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",", -1)) {
            String[] p = part.trim().split(";", -1);
            String coding = p[0].trim().toLowerCase(Locale.ROOT);
            if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("*")) {
                continue;
            }
            double q = 1;
            for (int i = 1; i < p.length; i++) {
                String param = p[i].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            return q > 0;
        }
        return false;
    }
}
