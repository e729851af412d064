/**
 * JAX-RS resources of the REST API under /api/v1 and the JSON shapes they answer.
 *
 * <p>API (registered by the appliance): the {@code *Resource} classes and {@link io.triad.web.api.SearchErrors}; they
 * stay public because Jersey invokes resource methods by reflection. {@link io.triad.web.api.EventView} is the public
 * JSON shape of an event. Everything else is package-private. Depends on {@code web.auth} (the caller) and {@code
 * web.json}, never the reverse.
 */
@NullMarked
package io.triad.web.api;

import org.jspecify.annotations.NullMarked;
