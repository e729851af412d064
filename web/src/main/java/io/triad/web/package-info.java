/** The HTTP server (Jersey on Grizzly) that serves the REST API under /api/v1 and the browser UI. */
@NullMarked
package io.triad.web;

import org.jspecify.annotations.NullMarked;
