/**
 * The site agent's view of its own components: {@link io.triad.failover.agent.HealthCheck}s described by a
 * {@link io.triad.failover.agent.HealthCheckSpec} ({@code http}, {@code tcp}, {@code process}, {@code
 * script}, {@code none}), the {@link io.triad.failover.agent.HealthMonitor} that runs one at its interval and
 * debounces it with rise and fall thresholds (as HAProxy's health checks do), and the
 * {@link io.triad.failover.agent.HookRunner} that runs the operators' hook scripts (start, stop, promote,
 * demote, set-weight, update) with a timeout, a bounded output capture and a kill of the whole process tree.
 *
 * <p>API: {@code HealthCheckSpec} and {@code HookRunner} (configured by the appliance); {@code HealthCheck} and {@code
 * HealthMonitor} are public for the site agent in {@code io.triad.failover} only. The check kinds are
 * package-private.
 */
@NullMarked
package io.triad.failover.agent;

import org.jspecify.annotations.NullMarked;
