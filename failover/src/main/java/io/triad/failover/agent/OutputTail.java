package io.triad.failover.agent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The last {@code capacity} bytes written to it (a ring buffer), and how many were written in all.
 *
 * <p>NOTE: thread safe: a process's output pump writes while the runner may already read the tail.
 */
final class OutputTail {
    private final byte[] ring;
    private long total;

    OutputTail(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1; got: " + capacity);
        }
        this.ring = new byte[capacity];
    }

    synchronized void write(byte[] b, int off, int len) {
        int cap = ring.length;
        if (len > cap) {
            total += len - cap;
            off += len - cap;
            len = cap;
        }
        int pos = (int) (total % cap);
        int first = Math.min(len, cap - pos);
        System.arraycopy(b, off, ring, pos, first);
        System.arraycopy(b, off + first, ring, 0, len - first);
        total += len;
    }

    /** Bytes written in all, the dropped ones included. */
    synchronized long total() {
        return total;
    }

    /** The bytes kept, oldest first. */
    synchronized byte[] bytes() {
        int cap = ring.length;
        if (total <= cap) {
            return Arrays.copyOf(ring, (int) total);
        }
        int pos = (int) (total % cap);
        byte[] out = new byte[cap];
        System.arraycopy(ring, pos, out, 0, cap - pos);
        System.arraycopy(ring, 0, out, cap - pos, pos);
        return out;
    }

    /**
     * The bytes kept as UTF-8 text (malformed input replaced). When older bytes were dropped, the partial character at
     * the cut (up to three UTF-8 continuation bytes) is left out too.
     */
    String text() {
        byte[] b;
        boolean cut;
        synchronized (this) {
            b = bytes();
            cut = total > ring.length;
        }
        int skip = 0;
        while (cut && skip < 3 && skip < b.length && (b[skip] & 0xC0) == 0x80) {
            skip++;
        }
        return new String(b, skip, b.length - skip, StandardCharsets.UTF_8);
    }
}
