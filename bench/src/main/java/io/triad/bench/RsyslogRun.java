package io.triad.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Step d of {@code bench/ingest.sh}, the second baseline: sends the event file with {@link TcpFileSender} to a
 * private rsyslogd (imtcp to omfile) and counts the lines of its output file as they arrive, reading only the new
 * bytes every 10 ms. Events/s = events / (first byte sent .. the output file holding every line).
 */
final class RsyslogRun {
    private static final long STALL_NANOS = 60_000_000_000L;

    private RsyslogRun() {}

    /** {@code RsyslogRun PORT EVENT_FILE CONNECTIONS OUTPUT_FILE RESULT_FILE}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: RsyslogRun PORT EVENT_FILE CONNECTIONS OUTPUT_FILE RESULT_FILE");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]);
        int connections = Integer.parseInt(args[2]);
        Path output = Path.of(args[3]);
        Path resultFile = Path.of(args[4]);
        EventFileMeta meta = EventFileMeta.read(file);

        AtomicReference<TcpFileSender.Result> sent = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread sender = new Thread(
                () -> {
                    try {
                        sent.set(new TcpFileSender().send(new InetSocketAddress("127.0.0.1", port), file, connections));
                    } catch (Exception e) {
                        failure.set(e);
                    }
                },
                "send");
        sender.start();
        long lines = 0;
        long offset = 0;
        long lastProgress = System.nanoTime();
        ByteBuffer buf = ByteBuffer.allocateDirect(4 << 20);
        while (lines < meta.events()) {
            Thread.sleep(10);
            if (failure.get() != null) {
                throw new IOException("sending to rsyslogd failed", failure.get());
            }
            if (!Files.exists(output)) {
                continue;
            }
            try (FileChannel fc = FileChannel.open(output, StandardOpenOption.READ)) {
                int n;
                while ((n = fc.read(buf.clear(), offset)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf.get(i) == '\n') {
                            lines++;
                        }
                    }
                    offset += n;
                    lastProgress = System.nanoTime();
                }
            }
            if (System.nanoTime() - lastProgress > STALL_NANOS) {
                break;
            }
        }
        long done = System.nanoTime();
        sender.join();
        TcpFileSender.Result s = sent.get();
        if (s == null) {
            throw new IOException("sending to rsyslogd failed", failure.get());
        }
        double seconds = (done - s.firstByteNanos()) / 1e9;
        new ResultFile()
                .put("rsyslog.lines", lines)
                .put("rsyslog.events", meta.events())
                .put("rsyslog.seconds", seconds)
                .put("rsyslog.sendSeconds", (s.lastByteNanos() - s.firstByteNanos()) / 1e9)
                .put("rsyslog.eventsPerSecond", lines == meta.events() ? meta.events() / seconds : 0)
                .write(resultFile);
        System.err.printf(
                Locale.ROOT,
                "rsyslog: %d of %d lines written in %.1f s: %.0f events/s%n",
                lines,
                meta.events(),
                seconds,
                lines / seconds);
    }
}
