/**
 * Failover coordination: the replicated cluster state (sites, health, components and their placement, the epoch that
 * fences promotions, license attestations, history), the {@link io.triad.failover.Coordinator} seam that
 * reads and changes it, and its two implementations: {@link io.triad.failover.RatisCoordinator} (one Apache
 * Ratis group of the three sites over mutual TLS) and {@link io.triad.failover.SingleSiteCoordinator} (a bare
 * single-site appliance). {@link io.triad.failover.ClusterCertificates} makes the cluster CA and the sites'
 * certificates that {@code triad cluster init} writes.
 *
 * <p>The module's API (used by {@code web} and {@code appliance}): {@code Coordinator} with its two implementations,
 * {@code ClusterState} and its records, {@code ClusterChange} (every change the state machine applies), {@code
 * ComponentSpec}, {@code FailoverPolicy}, {@code Lease}, {@code Controller} (the leader's placement loop), {@code
 * SiteAgent} (every site's reconciliation of its components), {@code ClusterCertificates} and {@code
 * RejectedChangeException}. The state machine, the planner, the per-component workers, the watchers and the JSON codec
 * are package-private. The module depends on no other Triad module but {@code durable}.
 */
@NullMarked
package io.triad.failover;

import org.jspecify.annotations.NullMarked;
