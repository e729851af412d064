package io.triad.web.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A search a user saved to run again.
 *
 * @param id its number, unique in the appliance
 * @param name what the user called it (unique per user)
 * @param query the query text
 * @param from the start of the time range as typed ({@code now-15m} or an ISO 8601 instant)
 * @param to the end of the time range as typed
 * @param state the UI's URL query string (columns, sort, ...), opaque to the server
 * @param created when it was saved
 */
public record SavedSearch(long id, String name, String query, String from, String to, String state, Instant created) {
    /** The longest name. */
    public static final int MAX_NAME = 200;

    /** The longest query and the longest state string. */
    public static final int MAX_TEXT = 10_000;

    /** The longest {@code from} and {@code to}. */
    public static final int MAX_TIME = 100;

    public SavedSearch {
        check("name", name, MAX_NAME);
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        check("query", query, MAX_TEXT);
        check("from", from, MAX_TIME);
        check("to", to, MAX_TIME);
        check("state", state, MAX_TEXT);
        Objects.requireNonNull(created, "created");
    }

    private static void check(String field, String value, int max) {
        Objects.requireNonNull(value, field);
        if (value.length() > max) {
            throw new IllegalArgumentException(
                    field + " must be at most " + max + " characters; got: " + value.length());
        }
    }
}
