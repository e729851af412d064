/** OpenTelemetry OTLP/HTTP logs: protobuf and JSON request codecs to log events. */
@NullMarked
package io.triad.collector.otlp;

import org.jspecify.annotations.NullMarked;
