package io.triad.web.auth;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who may call one resource method: anyone ({@code @PermitAll}), or callers whose role includes {@link #role()}
 * ({@code @RolesAllowed}; with several roles named, the lowest of them, since roles are ordered). The method's
 * annotation wins over its class's. A method with neither is {@link #declared() undeclared} and needs
 * {@link Role#ADMIN}: a resource that forgot its annotation fails closed.
 *
 * @param isPublic whether no authentication is needed
 * @param role the lowest role allowed (unused when public)
 * @param declared whether the method or its class said so explicitly
 */
public record Access(boolean isPublic, Role role, boolean declared) {
    public Access {
        Objects.requireNonNull(role, "role");
    }

    /**
     * The access rule of a resource method, read from its annotations and its class's.
     *
     * @throws IllegalArgumentException when {@code @RolesAllowed} names no role or an unknown one
     */
    public static Access of(@Nullable Class<?> resourceClass, @Nullable Method method) {
        Access fromMethod = method == null ? null : declared(method);
        if (fromMethod != null) {
            return fromMethod;
        }
        Access fromClass = resourceClass == null ? null : declared(resourceClass);
        if (fromClass != null) {
            return fromClass;
        }
        return new Access(false, Role.ADMIN, false);
    }

    private static @Nullable Access declared(AnnotatedElement element) {
        if (element.isAnnotationPresent(PermitAll.class)) {
            return new Access(true, Role.VIEWER, true);
        }
        RolesAllowed allowed = element.getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            return null;
        }
        if (allowed.value().length == 0) {
            throw new IllegalArgumentException("@RolesAllowed on " + element + " names no role");
        }
        Role lowest = Role.ADMIN;
        for (String name : allowed.value()) {
            Role r = Role.parse(name);
            if (!r.includes(lowest)) {
                lowest = r;
            }
        }
        return new Access(false, lowest, true);
    }

    @Override
    public String toString() {
        return isPublic ? "public" : role.id() + (declared ? "" : " (undeclared)");
    }
}
