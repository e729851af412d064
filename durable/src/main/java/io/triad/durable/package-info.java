/**
 * Durable whole-file writes: a file is replaced by writing a temporary sibling, forcing it to the device, renaming it
 * atomically over the old one and forcing the directory, so that after a crash or a power loss a reader finds the old
 * content or the new one, never a part or nothing.
 *
 * <p>The module's API is {@link io.triad.durable.DurableFiles}; it depends on nothing but the JDK and every other
 * module may use it.
 */
@NullMarked
package io.triad.durable;

import org.jspecify.annotations.NullMarked;
