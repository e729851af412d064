package io.triad.collector.input;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits at most a fixed number of concurrent connections to one input. A connection beyond the limit is closed at
 * once (before any handler sees a byte) and counted as an error with reason {@code connection_limit}.
 *
 * <p>NOTE: thread safe; the child channel initializer of every event loop calls {@link #admit(Channel)}.
 */
@SuppressWarnings("FutureReturnValueIgnored") // Netty channel futures: outcomes are handled by listeners
final class ConnectionLimit {
    private final int max;
    private final InputMeters meters;

    ConnectionLimit(int max, InputMeters meters) {
        if (max <= 0) {
            throw new IllegalArgumentException("max connections must be > 0; got: " + max);
        }
        this.max = max;
        this.meters = meters;
    }

    /**
     * Counts a new connection and arranges for its close to be counted, or closes it when the input already holds
     * the maximum.
     *
     * @return whether the connection was admitted
     */
    boolean admit(Channel channel) {
        AtomicInteger open = meters.connections();
        while (true) {
            int n = open.get();
            if (n >= max) {
                meters.error(InputMeters.CONNECTION_LIMIT);
                channel.close();
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                break;
            }
        }
        channel.closeFuture().addListener(f -> open.decrementAndGet());
        return true;
    }
}
