package io.triad.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a file of LF-terminated lines to a TCP port over several connections, as fast as the receiver accepts: the
 * file is cut at line boundaries into one contiguous slice per connection, and one thread per connection writes its
 * slice in 1 MiB writes (RFC 6587 section 3.4.2 non-transparent framing: the lines already end with LF).
 *
 * <p>NOTE: one {@link #send} at a time per instance; the instance holds no state between sends.
 */
final class TcpFileSender {
    private static final int CHUNK = 1 << 20;

    /**
     * What a send took.
     *
     * @param firstByteNanos {@link System#nanoTime()} just before the first write
     * @param lastByteNanos {@link System#nanoTime()} after the last write of the last connection returned
     * @param bytes bytes written in all
     */
    record Result(long firstByteNanos, long lastByteNanos, long bytes) {}

    /**
     * Connects {@code connections} sockets to {@code address}, then sends the whole file and half-closes each.
     *
     * @throws IOException when a connection fails; the other connections are abandoned
     */
    Result send(InetSocketAddress address, Path file, int connections) throws IOException, InterruptedException {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1; got: " + connections);
        }
        long[] bounds = slices(file, connections);
        List<SocketChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                SocketChannel ch = SocketChannel.open(address);
                ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
                channels.add(ch);
            }
            AtomicLong sent = new AtomicLong();
            List<Throwable> failures = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                SocketChannel ch = channels.get(i);
                long from = bounds[i];
                long to = bounds[i + 1];
                Thread t = new Thread(
                        () -> {
                            try {
                                sent.addAndGet(sendSlice(file, from, to, ch));
                                ch.shutdownOutput();
                            } catch (IOException e) {
                                synchronized (failures) {
                                    failures.add(e);
                                }
                            }
                        },
                        "sender-" + i);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            long end = System.nanoTime();
            if (!failures.isEmpty()) {
                throw new IOException("sending to " + address + " failed", failures.get(0));
            }
            return new Result(start, end, sent.get());
        } finally {
            for (SocketChannel ch : channels) {
                ch.close();
            }
        }
    }

    private static long sendSlice(Path file, long from, long to, SocketChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        long pos = from;
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
            while (pos < to) {
                buf.clear();
                buf.limit((int) Math.min(CHUNK, to - pos));
                int n = fc.read(buf, pos);
                if (n < 0) {
                    throw new IOException("file ended at " + pos + " before the expected " + to + ": " + file);
                }
                pos += n;
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        }
        return pos - from;
    }

    /** The byte offsets where the slices start, plus the file's size: each slice ends just after a line feed. */
    static long[] slices(Path file, int n) throws IOException {
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = fc.size();
            long[] b = new long[n + 1];
            b[n] = size;
            ByteBuffer one = ByteBuffer.allocate(4096);
            for (int i = 1; i < n; i++) {
                long p = Math.max(b[i - 1], size * i / n);
                b[i] = nextLineStart(fc, p, size, one);
            }
            return b;
        }
    }

    private static long nextLineStart(FileChannel fc, long from, long size, ByteBuffer buf) throws IOException {
        if (from == 0) {
            return 0;
        }
        long p = from - 1; // a slice may start at 'from' when the byte before it is a line feed
        while (p < size) {
            buf.clear();
            int n = fc.read(buf, p);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    return p + i + 1;
                }
            }
            p += n;
        }
        return size;
    }

    /** {@code TcpFileSender HOST PORT FILE CONNECTIONS}: sends and prints the bytes and seconds. */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: TcpFileSender HOST PORT FILE CONNECTIONS");
            System.exit(2);
        }
        Result r = new TcpFileSender()
                .send(
                        new InetSocketAddress(args[0], Integer.parseInt(args[1])),
                        Path.of(args[2]),
                        Integer.parseInt(args[3]));
        System.out.printf(
                java.util.Locale.ROOT,
                "sent %d bytes in %.3f s%n",
                r.bytes(),
                (r.lastByteNanos() - r.firstByteNanos()) / 1e9);
    }
}
