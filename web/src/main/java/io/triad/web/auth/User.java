package io.triad.web.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One user of the web API (the password hash never leaves {@link UserStore}).
 *
 * @param name the login name: 1 to 64 of letters, digits and {@code . _ @ -}, starting with a letter or digit
 * @param role what the user may do
 * @param created when the user was created
 */
public record User(String name, Role role, Instant created) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    public User {
        checkName(name);
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(created, "created");
    }

    /**
     * Checks a user name.
     *
     * @throws IllegalArgumentException saying what a name may hold and what came
     */
    public static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "user name must be 1 to 64 of letters, digits and . _ @ - (starting with a letter or digit); got: '"
                            + name + "'");
        }
        return name;
    }
}
