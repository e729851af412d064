/** Whole-file replacement for licensing's small files (licenses, emulated dongles, site reports). */
@NullMarked
package io.triad.licensing.files;

import org.jspecify.annotations.NullMarked;
