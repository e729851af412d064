package io.triad.web.api;

import io.triad.search.query.QueryCostException;
import io.triad.search.query.QueryException;
import io.triad.web.json.ApiErrors;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A query that does not parse, or costs more than its limits allow, is the client's error: 400 with the parser's
 * message, the column where it failed (1-based, when known) and {@code "kind": "syntax"} or {@code "cost"}.
 */
public final class SearchErrors implements ExceptionMapper<QueryException> {
    @Override
    public Response toResponse(QueryException e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", e instanceof QueryCostException ? "cost" : "syntax");
        if (e.column() > 0) {
            details.put("column", e.column());
        }
        return ApiErrors.error(400, String.valueOf(e.getMessage()), details);
    }
}
