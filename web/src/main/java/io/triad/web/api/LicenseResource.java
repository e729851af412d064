package io.triad.web.api;

import io.triad.licensing.LicenseHistory;
import io.triad.licensing.LicenseJson;
import io.triad.licensing.LicenseService;
import io.triad.licensing.license.LicenseException;
import io.triad.licensing.status.LicenseStatus;
import io.triad.web.auth.Caller;
import io.triad.web.json.ApiErrors;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The license: {@code GET /api/v1/license} (the cluster's state as this site sees it, with the reason, grace left,
 * terms and every site's dongle), {@code GET /api/v1/license/history} (the audit trail, newest first), and {@code POST
 * /api/v1/license} (admin: install a signed license document; refused with 400 and the reason when it does not
 * verify). Installing is possible in every state, restricted mode included.
 */
@Path("/api/v1/license")
@Produces(MediaType.APPLICATION_JSON)
public final class LicenseResource {
    /** The most history entries one request returns. */
    static final int MAX_HISTORY = 1000;

    private final LicenseService license;

    /** The last status and its JSON: a status is immutable and replaced by each evaluation, so it is written once. */
    private volatile Rendered rendered = new Rendered(null, new byte[0]);

    private record Rendered(@Nullable LicenseStatus status, byte[] json) {}

    public LicenseResource(LicenseService license) {
        this.license = license;
    }

    @GET
    @RolesAllowed("viewer")
    public Response status() {
        LicenseStatus now = license.status();
        Rendered r = rendered;
        if (r.status() != now) {
            r = new Rendered(now, LicenseJson.bytes(now));
            rendered = r;
        }
        return Response.ok(r.json(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("history")
    @RolesAllowed("viewer")
    public Response history(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_HISTORY) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_HISTORY + "; got " + limit);
        }
        return json(
                200,
                Map.of(
                        "entries",
                        license.history(limit).stream()
                                .map(LicenseResource::entry)
                                .toList()));
    }

    /** The body is the license file as {@code triad license issue} wrote it. */
    @POST
    @RolesAllowed("admin")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN})
    public Response install(byte[] document, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        String by = caller == null ? "unknown" : caller.getName();
        try {
            return json(200, license.install(document, by));
        } catch (LicenseException e) {
            return ApiErrors.error(400, "the license is refused: " + e.getMessage(), null);
        }
    }

    private static Map<String, Object> entry(LicenseHistory.Entry e) {
        return Map.of(
                "id", e.id(),
                "at", e.at().toString(),
                "kind", e.kind(),
                "state", e.state(),
                "licenseId", e.licenseId(),
                "message", e.message());
    }

    private static Response json(int status, Object body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(LicenseJson.bytes(body))
                .build();
    }
}
