package io.triad.web.auth;

import io.triad.web.json.ApiErrors;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link UserStore}'s exceptions as JSON errors: unknown user 404, conflict 409, a failing database 500 (logged). */
final class StoreErrors {
    private static final Logger LOG = LoggerFactory.getLogger(StoreErrors.class);

    private StoreErrors() {}

    static final class UnknownUser implements ExceptionMapper<UserStore.UnknownUserException> {
        @Override
        public Response toResponse(UserStore.UnknownUserException e) {
            return ApiErrors.error(404, String.valueOf(e.getMessage()), null);
        }
    }

    static final class Conflict implements ExceptionMapper<UserStore.ConflictException> {
        @Override
        public Response toResponse(UserStore.ConflictException e) {
            return ApiErrors.error(409, String.valueOf(e.getMessage()), null);
        }
    }

    static final class Storage implements ExceptionMapper<UserStore.StorageException> {
        @Override
        public Response toResponse(UserStore.StorageException e) {
            LOG.error("the user database failed", e);
            return ApiErrors.error(500, "the user database failed: " + e.getMessage(), null);
        }
    }
}
