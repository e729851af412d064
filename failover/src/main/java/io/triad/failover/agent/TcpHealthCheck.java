package io.triad.failover.agent;

import io.triad.failover.agent.HealthCheck.Result;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A {@code tcp} check: opens a connection and closes it at once. The host name is looked up on each check (so a
 * changed address is seen); the lookup counts against the timeout but is not cut short by it. The connect is on an
 * interruptible channel, so closing the monitor ends it at once.
 */
final class TcpHealthCheck implements HealthCheck {
    private final HostPort target;
    private final long timeoutMillis;

    TcpHealthCheck(HealthCheckSpec spec) {
        this.target = HostPort.parse(spec.target());
        this.timeoutMillis = spec.timeoutMillis();
    }

    @Override
    public Result check() {
        long start = System.nanoTime();
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        if (address.isUnresolved()) {
            return new Result(false, "unknown host " + target.host());
        }
        long left = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (left <= 0) {
            return new Result(false, "timed out after " + timeoutMillis + " ms (looking up " + target.host() + ")");
        }
        try (SocketChannel channel = SocketChannel.open()) {
            channel.socket().connect(address, (int) left);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Result(true, "connected to " + target + " in " + ms + " ms");
        } catch (SocketTimeoutException e) {
            return new Result(false, "timed out after " + timeoutMillis + " ms");
        } catch (ClosedByInterruptException e) {
            Thread.currentThread().interrupt(); // already set by the channel; made explicit
            return new Result(false, "interrupted");
        } catch (ConnectException e) {
            String m = e.getMessage();
            return new Result(
                    false,
                    m == null || m.toLowerCase(Locale.ROOT).contains("refused")
                            ? "connect refused"
                            : "connect failed: " + m);
        } catch (IOException e) {
            String m = e.getMessage();
            return new Result(
                    false, "connect failed: " + (m == null ? e.getClass().getSimpleName() : m));
        }
    }
}
