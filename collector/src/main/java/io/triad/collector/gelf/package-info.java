/**
 * GELF 1.1: the JSON codec, the TCP framer (messages ended by a NUL byte), UDP chunk reassembly and gzip/zlib/plain
 * payload detection.
 *
 * <p>Not the module's API: {@code GelfCodec}, {@code GelfChunkAssembler} and {@code GelfFrameDecoder} are public
 * for {@code collector.input} only.
 */
@NullMarked
package io.triad.collector.gelf;

import org.jspecify.annotations.NullMarked;
