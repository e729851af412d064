/**
 * What every codec shares: the {@link io.triad.collector.codec.ReceiveContext} an input hands to a codec and the
 * typed {@link io.triad.collector.codec.CodecException} a codec throws for input it rejects. A codec is a pure
 * function from bytes to events: no I/O, no clock reads, no DNS.
 *
 * <p>Not the module's API: its public types serve the module's codecs, inputs and correlation only.
 */
@NullMarked
package io.triad.collector.codec;

import org.jspecify.annotations.NullMarked;
