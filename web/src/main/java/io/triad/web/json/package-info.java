/**
 * The JSON every web resource speaks: the shared mapper ({@link io.triad.web.json.Json}) and the error body that
 * every resource and filter answers with ({@link io.triad.web.json.ApiErrors}). Both are API: the appliance's
 * resources use them too.
 */
@NullMarked
package io.triad.web.json;

import org.jspecify.annotations.NullMarked;
