package io.triad.appliance;

import io.triad.web.auth.Role;
import io.triad.web.auth.UserStore;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the first start (no admin yet, though {@code triad user add} may have made other users) creates the admin
 * {@value Appliance#FIRST_ADMIN} with the password of {@code web.auth.adminPassword}, else of the environment variable
 * {@value Appliance#ADMIN_PASSWORD_ENV}, else a generated one that is printed once on standard output (and never
 * logged).
 */
final class FirstAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(Appliance.class);

    private FirstAdmin() {}

    /** Creates the first admin in {@code users} unless there is an admin already; {@code configured} may be empty. */
    static void create(UserStore users, String configured) {
        String admin = Appliance.FIRST_ADMIN;
        if (users.users().stream().anyMatch(u -> u.role() == Role.ADMIN)) {
            return;
        }
        if (users.user(admin).isPresent()) {
            LOG.warn(
                    "there is no admin, and the user '{}' exists with a smaller role: add an admin with "
                            + "'triad user add NAME --role admin'",
                    admin);
            return;
        }
        String env = System.getenv(Appliance.ADMIN_PASSWORD_ENV);
        String source;
        String password;
        if (!configured.isEmpty()) {
            source = "web.auth.adminPassword";
            password = configured;
        } else if (env != null && !env.isEmpty()) {
            source = Appliance.ADMIN_PASSWORD_ENV;
            password = env;
        } else {
            source = null;
            password = UserStore.randomPassword();
        }
        try {
            users.addUser(admin, Role.ADMIN, password.toCharArray());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the first admin's password from " + source + ": " + e.getMessage(), e);
        }
        if (source == null) {
            PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
            out.println("Created the first admin user '" + admin + "' with the password " + password);
            out.println("  (shown only now; change it with: triad user passwd " + admin + ")");
            out.flush();
            LOG.info("created the first admin user '{}'; its generated password is on standard output", admin);
        } else {
            LOG.info("created the first admin user '{}' with the password from {}", admin, source);
        }
    }
}
