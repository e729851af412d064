/**
 * Syslog: RFC 5424 and RFC 3164 parsers, RFC 6587 TCP framing (octet counting and non-transparent framing
 * detected per connection) and the RFC 5425 TLS transport.
 */
@NullMarked
package io.triad.collector.syslog;

import org.jspecify.annotations.NullMarked;
