package io.triad.collector.codec;

import java.util.Objects;

/**
 * Where and when an input received bytes; a codec copies these values into every event it makes.
 *
 * @param site the receiving site's id
 * @param input the input's name ({@code syslog-tcp}, {@code gelf-udp}, {@code otlp}, ...)
 * @param source the sender's address as {@code host:port}, empty when unknown
 * @param receivedMicros receive time, microseconds since the epoch; also the event time when the bytes carry none
 */
public record ReceiveContext(String site, String input, String source, long receivedMicros) {
    public ReceiveContext {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(source, "source");
    }
}
