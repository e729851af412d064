/** The composition root: command line, configuration and the wiring that builds and closes every component. */
@NullMarked
package io.triad.appliance;

import org.jspecify.annotations.NullMarked;
