/** {@code triad demo}: the three sites on loopback, each a process, with a simulated security backbone. */
@NullMarked
package io.triad.appliance.demo;

import org.jspecify.annotations.NullMarked;
