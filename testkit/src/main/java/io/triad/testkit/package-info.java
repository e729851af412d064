/**
 * Shared test support: {@link io.triad.testkit.MutableClock} (the one clock tests set and advance), {@link
 * io.triad.testkit.ChildJvm} (a child JVM that prints what it made durable and is killed with SIGKILL), and {@link
 * io.triad.testkit.Tools} (finds a real program on {@code PATH}; without it the test is skipped, or fails when
 * {@code -Dtriad.requireTools=true}, as {@code .ci/run} sets).
 */
@NullMarked
package io.triad.testkit;

import org.jspecify.annotations.NullMarked;
