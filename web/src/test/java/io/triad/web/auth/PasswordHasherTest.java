package io.triad.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    @Test
    void hashesAreArgon2idWithTheStatedParametersAndAFreshSalt() {
        String a = PasswordHasher.hash("s3cret-enough".toCharArray());
        String b = PasswordHasher.hash("s3cret-enough".toCharArray());
        assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(a).isNotEqualTo(b);
        assertThat(PasswordHasher.verify("s3cret-enough".toCharArray(), a)).isTrue();
        assertThat(PasswordHasher.verify("s3cret-enough".toCharArray(), b)).isTrue();
    }

    @Test
    void aWrongPasswordOrAMalformedHashDoesNotVerify() {
        String h = PasswordHasher.hash("s3cret-enough".toCharArray());
        assertThat(PasswordHasher.verify("s3cret-enougH".toCharArray(), h)).isFalse();
        assertThat(PasswordHasher.verify("".toCharArray(), h)).isFalse();
        assertThat(PasswordHasher.verify("s3cret-enough".toCharArray(), "not a hash"))
                .isFalse();
        assertThat(PasswordHasher.verify("s3cret-enough".toCharArray(), h.substring(0, h.length() - 4)))
                .isFalse();
        assertThat(PasswordHasher.verifyNobody("anything".toCharArray())).isFalse();
    }
}
