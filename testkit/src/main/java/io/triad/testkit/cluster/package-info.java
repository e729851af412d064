/**
 * Failover safety measured from the outside, shared by the end-to-end tests and the failover benchmark: {@link
 * io.triad.testkit.cluster.ClusterWatch} follows a site's {@code /api/v1/cluster/watch} stream, {@link
 * io.triad.testkit.cluster.PrimaryChecker} checks every state seen and the hooks' own log for two primaries, {@link
 * io.triad.testkit.cluster.HookLine} reads that log.
 */
@NullMarked
package io.triad.testkit.cluster;

import org.jspecify.annotations.NullMarked;
