/**
 * The HTTP server (Jersey on Grizzly) that serves the REST API under /api/v1 and the browser UI.
 *
 * <p>API (used by the appliance): {@link io.triad.web.WebServer}, {@link io.triad.web.WebConfig} and {@link
 * io.triad.web.HttpMetrics}. This package wires the ones below it; none of them depends on it (checked by {@code
 * PackageCyclesTest}).
 */
@NullMarked
package io.triad.web;

import org.jspecify.annotations.NullMarked;
