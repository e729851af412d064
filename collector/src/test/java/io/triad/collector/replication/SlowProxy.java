package io.triad.collector.replication;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback that forwards to a target port, the direction from the target to the client at most {@code
 * bytesPerSecond} (a slow link to the peer), the other at full speed. Blocking sockets, two threads a connection.
 */
final class SlowProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final long bytesPerSecond;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SlowProxy(int target, long bytesPerSecond) throws IOException {
        this.target = target;
        this.bytesPerSecond = bytesPerSecond;
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "slow-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 2000);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, 0);
                pump(upstream, client, bytesPerSecond);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, long rate) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[4096];
                    long start = System.nanoTime();
                    long sent = 0;
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(
                                        buf,
                                        0,
                                        rate > 0 ? (int) Math.min(buf.length, Math.max(1, rate / 20)) : buf.length))
                                >= 0) {
                            out.write(buf, 0, n);
                            out.flush();
                            sent += n;
                            if (rate > 0) {
                                long due = start + sent * 1_000_000_000L / rate;
                                long wait = due - System.nanoTime();
                                if (wait > 0) {
                                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                                }
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        // the connection ended
                    } finally {
                        close(from);
                        close(to);
                    }
                },
                "slow-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(SlowProxy::close);
    }
}
