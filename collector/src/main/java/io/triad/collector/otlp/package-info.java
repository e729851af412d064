/**
 * OpenTelemetry OTLP/HTTP logs: protobuf and JSON request codecs to log events.
 *
 * <p>Not the module's API: {@code OtlpLogsCodec} and {@code OtlpDecoded} are public for {@code collector.input}
 * only.
 */
@NullMarked
package io.triad.collector.otlp;

import org.jspecify.annotations.NullMarked;
