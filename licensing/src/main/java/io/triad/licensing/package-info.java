/** Licensing: the site dongle, signed license documents and the cluster-wide license state. */
@NullMarked
package io.triad.licensing;

import org.jspecify.annotations.NullMarked;
