/**
 * Syslog: RFC 5424 and RFC 3164 parsers, RFC 6587 TCP framing (octet counting and non-transparent framing
 * detected per connection) and the RFC 5425 TLS transport.
 *
 * <p>{@link io.triad.collector.syslog.SyslogFrameDecoder} splits a TCP or TLS stream into frames;
 * {@link io.triad.collector.syslog.SyslogCodec} turns one frame or one UDP datagram into a
 * {@link io.triad.collector.model.LogEvent}, choosing between the package-private {@code Rfc5424Parser} and
 * {@code Rfc3164Parser}. Bad input never throws and is never dropped: it becomes an event that keeps the text whole
 * and says in {@code parseError} what was expected where.
 *
 * <p>Not the module's API: {@code SyslogCodec} and {@code SyslogFrameDecoder} are public for {@code
 * collector.input} and {@code collector.correlation} only.
 */
@NullMarked
package io.triad.collector.syslog;

import org.jspecify.annotations.NullMarked;
