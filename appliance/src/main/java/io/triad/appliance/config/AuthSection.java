package io.triad.appliance.config;

/** Users, sessions and logins of the web API (users live in {@code <data>/web}). */
public final class AuthSection {
    /**
     * The password of the first admin, {@code admin}, made at the first start (when there is no admin yet).
     * Empty = the environment variable {@code TRIAD_ADMIN_PASSWORD}, else a generated one printed once.
     */
    public String adminPassword = "";

    public int sessionIdleMinutes = 30;
    public int sessionMaxHours = 12;

    /** How long a verified Basic user and password stay verified in memory (0 = verify every request). */
    public int credentialCacheSeconds = 10;

    public int minPasswordLength = 8;

    /** Failed logins of one user from one address before each further attempt must wait. */
    public int loginFreeFailures = 5;

    /** The longest wait after failed logins. */
    public int loginMaxDelaySeconds = 300;

    public int maxSavedSearchesPerUser = 500;

    void check(Problems p) {
        p.positive("web.auth.sessionIdleMinutes", sessionIdleMinutes);
        p.positive("web.auth.sessionMaxHours", sessionMaxHours);
        if (credentialCacheSeconds < 0) {
            p.add("web.auth.credentialCacheSeconds must be >= 0; got: " + credentialCacheSeconds);
        }
        p.positive("web.auth.minPasswordLength", minPasswordLength);
        p.positive("web.auth.loginFreeFailures", loginFreeFailures);
        p.positive("web.auth.loginMaxDelaySeconds", loginMaxDelaySeconds);
        p.positive("web.auth.maxSavedSearchesPerUser", maxSavedSearchesPerUser);
    }
}
