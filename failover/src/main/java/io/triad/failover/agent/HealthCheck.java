package io.triad.failover.agent;

import java.util.Objects;

/**
 * One check of a component's health, run again and again by a {@link HealthMonitor}.
 *
 * <p>{@link #check()} never throws because the target is unhealthy or unreachable: that is an unhealthy {@link
 * Result} whose detail says why. It returns within the spec's timeout (a {@code tcp} check's name lookup and a
 * {@code script} check's kill after a timeout can add to it; see {@link HookRunner}). An interrupted check returns
 * promptly, unhealthy, with the thread's interrupt flag set.
 *
 * <p>NOTE: the implementations of {@link #of} are thread safe, but a monitor calls its check from one thread at a
 * time. They hold no resources that need closing (an {@code http} check's {@link java.net.http.HttpClient} is
 * released when the check is no longer referenced).
 */
@FunctionalInterface
public interface HealthCheck {

    /** Checks once; see the interface description. */
    Result check();

    /**
     * The check that {@code spec} describes.
     *
     * @param runner runs {@code script} checks (as hook {@code health-check}); unused by the other types
     */
    static HealthCheck of(HealthCheckSpec spec, HookRunner runner) {
        return switch (spec.type()) {
            case HealthCheckSpec.HTTP -> new HttpHealthCheck(spec);
            case HealthCheckSpec.TCP -> new TcpHealthCheck(spec);
            case HealthCheckSpec.PROCESS -> new ProcessHealthCheck(spec);
            case HealthCheckSpec.SCRIPT -> new ScriptHealthCheck(spec, runner);
            case HealthCheckSpec.NONE -> () -> new Result(true, "no check");
            default -> throw new IllegalArgumentException("unknown health check type: " + spec.type());
        };
    }

    /**
     * The outcome of one check.
     *
     * @param healthy whether the target passed
     * @param detail what was seen, for operators: {@code HTTP 200 in 3 ms}, {@code connect refused}, {@code timed out
     *     after 500 ms}, {@code exit 3: disk full}
     */
    record Result(boolean healthy, String detail) {
        public Result {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
