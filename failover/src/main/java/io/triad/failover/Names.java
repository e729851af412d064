package io.triad.failover;

import java.util.regex.Pattern;

/** The shapes of site ids and component names, checked where a record is made. */
final class Names {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private Names() {}

    static String requireId(String what, String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " must match " + ID + "; got: '" + id + "'");
        }
        return id;
    }

    static String requireName(String what, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must match " + NAME + "; got: '" + name + "'");
        }
        return name;
    }
}
