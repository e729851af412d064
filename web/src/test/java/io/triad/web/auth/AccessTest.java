package io.triad.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

class AccessTest {
    @RolesAllowed("viewer")
    static final class Annotated {
        public void inherits() {}

        @RolesAllowed("admin")
        public void stricter() {}

        @PermitAll
        public void open() {}

        @RolesAllowed({"admin", "operator"})
        public void lowestOfSeveral() {}
    }

    static final class Forgotten {
        public void nothing() {}
    }

    static final class Misspelt {
        @RolesAllowed("viewr")
        public void typo() {}
    }

    static Method m(Class<?> c, String name) throws NoSuchMethodException {
        return c.getMethod(name);
    }

    @Test
    void theMethodsAnnotationWinsOverItsClasss() throws Exception {
        assertThat(Access.of(Annotated.class, m(Annotated.class, "inherits")))
                .isEqualTo(new Access(false, Role.VIEWER, true));
        assertThat(Access.of(Annotated.class, m(Annotated.class, "stricter")))
                .isEqualTo(new Access(false, Role.ADMIN, true));
        assertThat(Access.of(Annotated.class, m(Annotated.class, "open")).isPublic())
                .isTrue();
        assertThat(Access.of(Annotated.class, m(Annotated.class, "lowestOfSeveral"))
                        .role())
                .isEqualTo(Role.OPERATOR);
    }

    @Test
    void anUnannotatedMethodNeedsAdmin() throws Exception {
        Access a = Access.of(Forgotten.class, m(Forgotten.class, "nothing"));
        assertThat(a).isEqualTo(new Access(false, Role.ADMIN, false));
        assertThat(a.toString()).isEqualTo("admin (undeclared)");
        assertThat(Access.of(null, null).role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void anUnknownRoleNameIsAnError() {
        assertThatThrownBy(() -> Access.of(Misspelt.class, m(Misspelt.class, "typo")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("role must be one of [viewer, operator, admin]; got: 'viewr'");
    }

    @Test
    void rolesAreOrderedViewerOperatorAdmin() {
        assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
        assertThat(Role.OPERATOR.includes(Role.ADMIN)).isFalse();
        assertThat(Role.parse(" Operator ")).isEqualTo(Role.OPERATOR);
    }

    @Test
    void theSecurityContextFollowsTheRoleOrder() {
        User op = new User("op", Role.OPERATOR, UserStoreTest.T0);
        Caller.Context c = new Caller.Context(new Caller(op, Caller.Scheme.BASIC, null), true);
        assertThat(c.isUserInRole("viewer")).isTrue();
        assertThat(c.isUserInRole("operator")).isTrue();
        assertThat(c.isUserInRole("admin")).isFalse();
        assertThat(c.isUserInRole("root")).isFalse();
        assertThat(c.isSecure()).isTrue();
        assertThat(c.getAuthenticationScheme()).isEqualTo("BASIC");
        assertThat(c.getUserPrincipal().getName()).isEqualTo("op");
    }
}
