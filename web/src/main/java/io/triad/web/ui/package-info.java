/** The browser UI: static ES modules, styles and the bundled ECharts library, served from the classpath. */
@NullMarked
package io.triad.web.ui;

import org.jspecify.annotations.NullMarked;
