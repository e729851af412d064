package io.triad.appliance.config;

/**
 * Users, sessions and logins of the web API (users live in {@code <data>/web}).
 *
 * @param adminPassword the password of the first admin, {@code admin}, made at the first start (when there is no admin
 *     yet). Empty = the environment variable {@code TRIAD_ADMIN_PASSWORD}, else a generated one printed once
 * @param credentialCacheSeconds how long a verified Basic user and password stay verified in memory (0 = verify every
 *     request)
 * @param loginFreeFailures failed logins of one user from one address before each further attempt must wait
 * @param loginMaxDelaySeconds the longest wait after failed logins
 */
public record AuthSection(
        String adminPassword,
        int sessionIdleMinutes,
        int sessionMaxHours,
        int credentialCacheSeconds,
        int minPasswordLength,
        int loginFreeFailures,
        int loginMaxDelaySeconds,
        int maxSavedSearchesPerUser) {
    /** The defaults. */
    public AuthSection() {
        this("", 30, 12, 10, 8, 5, 300, 500);
    }

    public AuthSection withAdminPassword(String adminPassword) {
        return new AuthSection(
                adminPassword,
                sessionIdleMinutes,
                sessionMaxHours,
                credentialCacheSeconds,
                minPasswordLength,
                loginFreeFailures,
                loginMaxDelaySeconds,
                maxSavedSearchesPerUser);
    }

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
