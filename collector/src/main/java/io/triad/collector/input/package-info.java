/**
 * Netty servers for every ingestion protocol (syslog UDP/TCP/TLS, GELF UDP/TCP/HTTP, OTLP/HTTP, NDJSON), which
 * deliver to an {@link io.triad.collector.sink.EventSink}, with back-pressure and per-input counters.
 *
 * <p>{@link io.triad.collector.input.Inputs} starts the inputs an {@link io.triad.collector.input.InputsConfig}
 * enables on one shared event loop group. Each stream pipeline is transport, framer, codec handler, then an
 * {@link io.triad.collector.input.EventBatcher} that submits a batch per read burst and pauses reading under
 * back-pressure; HTTP ports run {@link io.triad.collector.input.HttpIngestHandler}, which answers only once the
 * sink made the events durable. {@link io.triad.collector.input.TlsMaterial} supplies the key of syslog over TLS.
 * Other modules serve further paths on the OTLP/HTTP port (OTLP metrics, Prometheus remote_write) through {@link
 * io.triad.collector.input.ExternalHttpRoute}, without this module knowing their payloads.
 *
 * <p>API of the module: {@link io.triad.collector.input.Inputs}, {@link io.triad.collector.input.InputsConfig},
 * {@link io.triad.collector.input.TlsMaterial} and {@link io.triad.collector.input.ExternalHttpRoute}; every other
 * type is package-private.
 */
@NullMarked
package io.triad.collector.input;

import org.jspecify.annotations.NullMarked;
