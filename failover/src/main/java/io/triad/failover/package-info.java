/**
 * Failover coordination: the replicated cluster state (sites, health, components and their placement, the epoch that
 * fences promotions, license attestations, history), the {@link io.triad.failover.Coordinator} seam that
 * reads and changes it, and its two implementations: {@link io.triad.failover.RatisCoordinator} (one Apache
 * Ratis group of the three sites over mutual TLS) and {@link io.triad.failover.SingleSiteCoordinator} (a bare
 * single-site appliance). {@link io.triad.failover.ClusterCertificates} makes the cluster CA and the sites'
 * certificates that {@code triad cluster init} writes.
 */
@NullMarked
package io.triad.failover;

import org.jspecify.annotations.NullMarked;
