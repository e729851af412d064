/**
 * The browser UI: static ES modules, styles and the bundled ECharts library, served from the classpath.
 *
 * <p>API (registered by the appliance): {@link io.triad.web.ui.UiResource#fromClasspath()}; the asset cache is
 * package-private.
 */
@NullMarked
package io.triad.web.ui;

import org.jspecify.annotations.NullMarked;
