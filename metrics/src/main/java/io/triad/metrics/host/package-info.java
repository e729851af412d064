/**
 * Host telemetry: {@link io.triad.metrics.host.HostProbe} reads CPU, memory, swap, pressure stall information,
 * file systems, disks, network interfaces, file descriptors and processes through OSHI (and {@code /proc/pressure}),
 * named as Prometheus's node_exporter names them; {@link io.triad.metrics.host.HostTelemetry} samples it on a fixed
 * interval into a {@link io.triad.metrics.model.SampleSink}.
 *
 * <p>The module's API here: {@link io.triad.metrics.host.HostProbe} (what to probe) and {@link
 * io.triad.metrics.host.HostTelemetry} (the schedule); the samples and the pressure stall reader are package-private.
 */
@NullMarked
package io.triad.metrics.host;

import org.jspecify.annotations.NullMarked;
