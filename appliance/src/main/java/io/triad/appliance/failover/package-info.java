/**
 * Failover coordination: the replicated cluster state (sites, health, components and their placement, the epoch that
 * fences promotions, license attestations, history), the {@link io.triad.appliance.failover.Coordinator} seam that
 * reads and changes it, and its two implementations: {@link io.triad.appliance.failover.RatisCoordinator} (one Apache
 * Ratis group of the three sites over mutual TLS) and {@link io.triad.appliance.failover.SingleSiteCoordinator} (a bare
 * single-site appliance). {@link io.triad.appliance.failover.ClusterCertificates} makes the cluster CA and the sites'
 * certificates that {@code triad cluster init} writes.
 */
@NullMarked
package io.triad.appliance.failover;

import org.jspecify.annotations.NullMarked;
