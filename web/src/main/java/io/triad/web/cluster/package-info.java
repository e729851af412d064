/**
 * The cluster API under {@code /api/v1/cluster}: the placement, sites, health and history of failover coordination,
 * its live stream ({@code /cluster/watch}, SSE), operators' controls (move, pin, drain, maintenance) and rolling
 * updates.
 */
@NullMarked
package io.triad.web.cluster;

import org.jspecify.annotations.NullMarked;
