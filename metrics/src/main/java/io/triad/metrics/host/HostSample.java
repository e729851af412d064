package io.triad.metrics.host;

import io.triad.metrics.model.Labels;

/** One value of one host series at one probe. */
record HostSample(Labels labels, double value) {}
