package io.triad.web.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.nio.CharBuffer;
import java.util.concurrent.Semaphore;

/**
 * Password hashes: Argon2id (RFC 9106) by password4j, stored in the PHC string format ({@code $argon2id$v=19$m=...})
 * so a hash made with other parameters still verifies after they change.
 *
 * <p>Parameters (the first of the OWASP Password Storage Cheat Sheet's Argon2id settings): memory 19 MiB (19,456
 * KiB), 2 iterations, 1 lane, a 16-byte random salt, a 32-byte output, version 0x13. One hash costs about 19 MiB and a
 * few tens of milliseconds, which is why verified Basic credentials are cached briefly
 * ({@link AuthConfig#credentialCacheTtl()}).
 *
 * <p>At most {@value #MAX_CONCURRENT} hashes are computed at once (about 76 MiB); more callers wait their turn, so a
 * burst of logins or Basic guesses cannot exhaust the heap.
 *
 * <p>NOTE: thread safe.
 */
final class PasswordHasher {
    static final int MAX_CONCURRENT = 4;

    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    static final int OUTPUT_BYTES = 32;
    static final int SALT_BYTES = 16;
    static final int VERSION = 0x13;

    private static final Semaphore SLOTS = new Semaphore(MAX_CONCURRENT, true);

    private static final Argon2Function ARGON2 =
            Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, OUTPUT_BYTES, Argon2.ID, VERSION);

    /** A hash to verify against when the user does not exist, so the answer takes as long as for a real user. */
    private static final String DUMMY = hash("not a password of anyone".toCharArray());

    private PasswordHasher() {}

    /** The PHC string of a new Argon2id hash of {@code password} with a fresh random salt. */
    static String hash(char[] password) {
        SLOTS.acquireUninterruptibly();
        try {
            return Password.hash(CharBuffer.wrap(password))
                    .addRandomSalt(SALT_BYTES)
                    .with(ARGON2)
                    .getResult();
        } finally {
            SLOTS.release();
        }
    }

    /** Whether {@code password} matches {@code stored} (a PHC string made by {@link #hash}); false when malformed. */
    static boolean verify(char[] password, String stored) {
        SLOTS.acquireUninterruptibly();
        try {
            return Password.check(CharBuffer.wrap(password), stored).with(Argon2Function.getInstanceFromHash(stored));
        } catch (RuntimeException e) {
            return false; // a malformed stored hash verifies nothing
        } finally {
            SLOTS.release();
        }
    }

    /** Spends the time of one verification and returns false (for unknown users). */
    static boolean verifyNobody(char[] password) {
        verify(password, DUMMY);
        return false;
    }
}
