/**
 * Netty servers for every ingestion protocol (syslog UDP/TCP/TLS, GELF UDP/TCP/HTTP, OTLP/HTTP, NDJSON) and the
 * {@link io.triad.collector.input.EventSink} they deliver to, with back-pressure and per-input counters.
 */
@NullMarked
package io.triad.collector.input;

import org.jspecify.annotations.NullMarked;
