/** JAX-RS resources of the REST API under /api/v1 and the JSON shapes they answer. */
@NullMarked
package io.triad.web.api;

import org.jspecify.annotations.NullMarked;
