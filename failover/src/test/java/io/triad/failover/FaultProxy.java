package io.triad.failover;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * A userspace TCP proxy in front of one Raft member, for fault injection where the kernel has no netem: every peer
 * dials the member through it, and a test can blackhole, delay or drop the connections of each dialling site.
 *
 * <p>The dialling site is told apart by its TLS ClientHello (RFC 8446 section 4.1.2), read before anything is
 * forwarded: each test site lists TLS 1.3's cipher suites in its own order, so the first suite names the site (the
 * proxy never decrypts; the TLS between the members stays end to end).
 *
 * <p>Faults, per dialling site: <b>blackhole</b> (nothing passes in either direction and nothing is read, connections
 * stay open, as on a partitioned link; when lifted, the held bytes flow on as TCP would deliver them), <b>delay</b>
 * (each chunk is forwarded that much later) and <b>drop</b> (the live connections are closed at once). Thread safe;
 * one thread per direction and connection.
 */
final class FaultProxy implements AutoCloseable {
    private final String target;
    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final IntFunction<String> siteOfFirstSuite;
    private final Set<String> blackholed = ConcurrentHashMap.newKeySet();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param siteOfFirstSuite the site whose ClientHello lists this TLS 1.3 suite (0x1301..0x1303) first
     */
    FaultProxy(String target, int upstreamPort, IntFunction<String> siteOfFirstSuite) throws IOException {
        this.target = target;
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
        this.siteOfFirstSuite = siteOfFirstSuite;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("fault-proxy-" + target).start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Makes the bytes between {@code from} and this proxy's member vanish (or flow again). */
    void blackhole(String from, boolean on) {
        if (on) {
            blackholed.add(from);
        } else {
            blackholed.remove(from);
        }
    }

    /** Delays every chunk between {@code from} and the member by {@code d} (zero: none). */
    void delay(String from, Duration d) {
        if (d.isZero()) {
            delays.remove(from);
        } else {
            delays.put(from, d);
        }
    }

    /** Closes the live connections from {@code from}. */
    void drop(String from) {
        for (Connection c : connections) {
            if (from.equals(c.source)) {
                c.close();
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread.ofPlatform()
                        .daemon()
                        .name("fault-proxy-" + target + "-conn")
                        .start(() -> serve(s));
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("proxy to " + target + " failed to accept", e);
                }
            }
        }
    }

    private void serve(Socket client) {
        Connection c = new Connection(client);
        connections.add(c);
        try {
            byte[] hello = readRecord(client.getInputStream());
            String source = siteOfFirstSuite.apply(firstTls13Suite(hello));
            c.source = source;
            stallWhileBlackholed(source, c);
            Socket up = new Socket();
            up.setTcpNoDelay(true);
            up.connect(upstream, 1000);
            c.upstream = up;
            if (c.isClosed()) {
                up.close();
                return;
            }
            pump(c, new java.io.ByteArrayInputStream(hello), up.getOutputStream(), false);
            Thread.ofPlatform()
                    .daemon()
                    .name("fault-proxy-" + target + "-down")
                    .start(() -> pumpQuietly(c, up, client));
            pumpQuietly(c, client, up);
        } catch (IOException e) {
            c.close();
        }
    }

    private void pumpQuietly(Connection c, Socket from, Socket to) {
        try {
            pump(c, from.getInputStream(), to.getOutputStream(), true);
        } catch (IOException e) {
            // the connection ended or was dropped
        } finally {
            c.close();
        }
    }

    private void pump(Connection c, InputStream in, OutputStream out, boolean loop) throws IOException {
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            long received = System.nanoTime();
            String source = c.source;
            if (source != null) {
                stallWhileBlackholed(source, c);
            }
            Duration d = source == null ? null : delays.get(source);
            if (d != null) {
                long wait = received + d.toNanos() - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(Duration.ofNanos(wait));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SocketException("interrupted");
                    }
                }
            }
            out.write(buf, 0, n);
            out.flush();
            if (!loop) {
                return;
            }
        }
    }

    /**
     * Holds a chunk while its source is blackholed: nothing is read meanwhile, so the senders' TCP windows fill up as
     * on a dead link, and nothing is lost, so a link that comes back carries the same TLS stream on (as TCP's
     * retransmissions would after a short partition).
     */
    private void stallWhileBlackholed(String source, Connection c) throws IOException {
        while (blackholed.contains(source)) {
            if (c.isClosed() || closed) {
                throw new SocketException("closed while blackholed");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SocketException("interrupted");
            }
        }
    }

    /** One TLS record: the 5-byte header and its body. */
    private static byte[] readRecord(InputStream in) throws IOException {
        byte[] header = in.readNBytes(5);
        if (header.length < 5 || header[0] != 0x16) {
            throw new IOException("not a TLS handshake record");
        }
        int len = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
        byte[] body = in.readNBytes(len);
        byte[] all = new byte[5 + body.length];
        System.arraycopy(header, 0, all, 0, 5);
        System.arraycopy(body, 0, all, 5, body.length);
        return all;
    }

    /** The first TLS 1.3 cipher suite (0x13xx) a ClientHello offers, or -1. */
    static int firstTls13Suite(byte[] record) {
        int p = 5; // record header
        if (record.length < p + 4 || record[p] != 1) {
            return -1; // not a ClientHello
        }
        p += 4; // handshake type and length
        p += 2 + 32; // legacy_version, random
        p += 1 + (record[p] & 0xff); // legacy_session_id
        int suitesLen = ((record[p] & 0xff) << 8) | (record[p + 1] & 0xff);
        p += 2;
        for (int i = 0; i + 1 < suitesLen && p + i + 1 < record.length; i += 2) {
            int suite = ((record[p + i] & 0xff) << 8) | (record[p + i + 1] & 0xff);
            if ((suite & 0xff00) == 0x1300) {
                return suite;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        connections.forEach(Connection::close);
    }

    private final class Connection {
        final Socket client;
        volatile @org.jspecify.annotations.Nullable Socket upstream;
        volatile @org.jspecify.annotations.Nullable String source;
        private volatile boolean done;

        Connection(Socket client) {
            this.client = client;
        }

        boolean isClosed() {
            return done;
        }

        void close() {
            done = true;
            connections.remove(this);
            try {
                client.close();
            } catch (IOException e) {
                // closing anyway
            }
            Socket up = upstream;
            if (up != null) {
                try {
                    up.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
