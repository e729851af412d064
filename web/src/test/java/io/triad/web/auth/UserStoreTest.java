package io.triad.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserStoreTest {
    static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final AuthConfig config = new AuthConfig(
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofSeconds(10), 100, 8, 5, Duration.ofMinutes(5), 3);
    UserStore store;

    @BeforeEach
    void open() throws Exception {
        store = UserStore.inMemory(config, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void passwordsVerifyOnlyWhenRight() {
        User alice = store.addUser("alice", Role.OPERATOR, "correct horse".toCharArray());
        assertThat(alice.created()).isEqualTo(T0);
        assertThat(store.authenticate("alice", "correct horse".toCharArray())).contains(alice);
        assertThat(store.authenticate("alice", "correct horsE".toCharArray())).isEmpty();
        assertThat(store.authenticate("alice", new char[0])).isEmpty();
        assertThat(store.authenticate("bob", "correct horse".toCharArray())).isEmpty();
        assertThat(store.user("alice")).contains(alice);
        assertThat(store.users()).containsExactly(alice);
        assertThat(store.userCount()).isEqualTo(1);
    }

    @Test
    void badNamesShortPasswordsAndDuplicatesAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> store.addUser("no spaces", Role.VIEWER, "long enough".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got: 'no spaces'");
        assertThatThrownBy(() -> store.addUser("bob", Role.VIEWER, "short".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("password must be at least 8 characters; got: 5");
        store.addUser("bob", Role.VIEWER, "long enough".toCharArray());
        assertThatThrownBy(() -> store.addUser("bob", Role.ADMIN, "long enough".toCharArray()))
                .isInstanceOf(UserStore.ConflictException.class)
                .hasMessage("user 'bob' exists already");
        assertThat(store.userCount()).isEqualTo(1);
    }

    @Test
    void aNewPasswordReplacesTheOldAndEndsTheSessions() {
        User bob = store.addUser("bob", Role.VIEWER, "first password".toCharArray());
        Session s = store.createSession(bob);
        store.setPassword("bob", "second password".toCharArray());
        assertThat(store.authenticate("bob", "first password".toCharArray())).isEmpty();
        assertThat(store.authenticate("bob", "second password".toCharArray())).contains(bob);
        assertThat(store.session(s.id())).isEmpty();
        assertThatThrownBy(() -> store.setPassword("nobody", "whatever123".toCharArray()))
                .isInstanceOf(UserStore.UnknownUserException.class)
                .hasMessage("no user named 'nobody'");
    }

    @Test
    void anApiTokenIdentifiesItsUserUntilRevoked() {
        User carol = store.addUser("carol", Role.ADMIN, "carol's password".toCharArray());
        String token = store.createToken("carol");
        assertThat(token).startsWith("triad_").hasSize("triad_".length() + 43);
        assertThat(store.createToken("carol")).isNotEqualTo(token);
        assertThat(store.userForToken(token)).contains(carol);
        assertThat(store.userForToken(token + "x")).isEmpty();
        assertThat(store.userForToken("triad_" + "A".repeat(43))).isEmpty();
        assertThat(store.userForToken("not-a-token")).isEmpty();
        assertThat(store.tokenCount("carol")).isEqualTo(2);
        assertThat(store.revokeTokens("carol")).isEqualTo(2);
        assertThat(store.userForToken(token)).isEmpty();
        assertThatThrownBy(() -> store.createToken("nobody")).isInstanceOf(UserStore.UnknownUserException.class);
    }

    @Test
    void aSessionEndsWhenIdleLongerThanTheIdleTimeout() {
        User dave = store.addUser("dave", Role.VIEWER, "dave's password".toCharArray());
        Session s = store.createSession(dave);
        assertThat(s.csrfToken()).isNotEqualTo(s.id()).hasSize(43);
        clock.advance(Duration.ofMinutes(29));
        assertThat(store.session(s.id())).map(Session::user).contains(dave);
        clock.advance(Duration.ofMinutes(29)); // 58 minutes after login, 29 after the last use
        Optional<Session> again = store.session(s.id());
        assertThat(again).isPresent();
        assertThat(again.get().csrfToken()).isEqualTo(s.csrfToken());
        clock.advance(Duration.ofMinutes(31));
        assertThat(store.session(s.id())).isEmpty();
        assertThat(store.session(s.id())).isEmpty();
    }

    @Test
    void aSessionEndsAtItsMaximumLifetimeHoweverBusy() {
        User erin = store.addUser("erin", Role.VIEWER, "erin's password".toCharArray());
        Session s = store.createSession(erin);
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(store.session(s.id()))
                    .as("after %d minutes", (i + 1) * 20)
                    .isPresent();
        }
        clock.advance(Duration.ofMinutes(1)); // 2 h 1 min after login
        assertThat(store.session(s.id())).isEmpty();
    }

    @Test
    void endingASessionAndPurgingExpiredOnes() {
        User f = store.addUser("frank", Role.VIEWER, "frank's password".toCharArray());
        Session a = store.createSession(f);
        Session b = store.createSession(f);
        store.endSession(a.id());
        assertThat(store.session(a.id())).isEmpty();
        assertThat(store.session(b.id())).isPresent();
        clock.advance(Duration.ofHours(3));
        assertThat(store.purgeExpiredSessions()).isEqualTo(1);
        assertThat(store.session("")).isEmpty();
    }

    @Test
    void removingAUserRemovesItsTokensSessionsAndSavedSearchesButNeverTheLastAdmin() {
        store.addUser("root", Role.ADMIN, "root password".toCharArray());
        User g = store.addUser("grace", Role.ADMIN, "grace password".toCharArray());
        String token = store.createToken("grace");
        Session s = store.createSession(g);
        store.saveSearch("grace", "errors", "severity:3", "now-1h", "now", "cols=host");
        store.removeUser("grace");
        assertThat(store.user("grace")).isEmpty();
        assertThat(store.userForToken(token)).isEmpty();
        assertThat(store.session(s.id())).isEmpty();
        assertThat(store.savedSearches("grace")).isEmpty();
        assertThatThrownBy(() -> store.removeUser("root"))
                .isInstanceOf(UserStore.ConflictException.class)
                .hasMessageContaining("last admin");
        assertThatThrownBy(() -> store.removeUser("grace")).isInstanceOf(UserStore.UnknownUserException.class);
    }

    @Test
    void savedSearchesBelongToTheirUserAndHaveLimits() {
        store.addUser("heidi", Role.VIEWER, "heidi password".toCharArray());
        store.addUser("ivan", Role.VIEWER, "ivan's password".toCharArray());
        SavedSearch a = store.saveSearch("heidi", "door alarms", "ALM-*", "now-1d", "now", "sort=asc");
        assertThat(a.id()).isPositive();
        assertThat(store.savedSearches("heidi")).containsExactly(a);
        assertThat(store.savedSearches("ivan")).isEmpty();
        assertThat(store.deleteSavedSearch("ivan", a.id())).isFalse();
        assertThatThrownBy(() -> store.saveSearch("heidi", "door alarms", "x", "now-1h", "now", ""))
                .isInstanceOf(UserStore.ConflictException.class)
                .hasMessageContaining("door alarms");
        store.saveSearch("heidi", "b", "", "now-1h", "now", "");
        store.saveSearch("heidi", "c", "", "now-1h", "now", "");
        assertThatThrownBy(() -> store.saveSearch("heidi", "d", "", "now-1h", "now", ""))
                .isInstanceOf(UserStore.ConflictException.class)
                .hasMessage("a user may keep at most 3 saved searches; 'heidi' has 3");
        assertThatThrownBy(() -> store.saveSearch("heidi", " ", "", "now-1h", "now", ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.saveSearch("ivan", "long", "q".repeat(10_001), "now-1h", "now", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("query must be at most 10000 characters; got: 10001");
        assertThat(store.deleteSavedSearch("heidi", a.id())).isTrue();
        assertThat(store.savedSearches("heidi")).extracting(SavedSearch::name).containsExactly("b", "c");
    }
}
