package io.triad.web.auth;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a user may do, in increasing order: a {@link #VIEWER} reads, an {@link #OPERATOR} also changes operational
 * state, an {@link #ADMIN} also manages users. A higher role may do whatever a lower one may.
 */
public enum Role {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** The name used in the API, the CLI, {@code @RolesAllowed} and the database: {@code viewer}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role may do what {@code required} may. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    /**
     * The role named {@code id} ({@code viewer}, {@code operator} or {@code admin}, any case).
     *
     * @throws IllegalArgumentException naming the allowed values when {@code id} is none of them
     */
    public static Role parse(String id) {
        for (Role r : values()) {
            if (r.id().equalsIgnoreCase(id.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException(
                "role must be one of " + Arrays.stream(values()).map(Role::id).toList() + "; got: '" + id + "'");
    }

    @Override
    public String toString() {
        return id();
    }
}
