/** The appliance's configuration: one YAML file per site in which every key has a default. */
@NullMarked
package io.triad.appliance.config;

import org.jspecify.annotations.NullMarked;
