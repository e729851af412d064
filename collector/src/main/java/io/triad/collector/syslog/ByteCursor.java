package io.triad.collector.syslog;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * A read position in one syslog message's bytes, {@code [start, end)} of an array, with the error the parse met.
 * Offsets in error messages are relative to {@code start}, the first byte of the message.
 *
 * <p>NOTE: not thread safe; one instance serves one parse on one thread.
 */
final class ByteCursor {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    final byte[] b;
    final int start;
    final int end;
    int pos;

    /** Why the parse failed, null while it has not. */
    @Nullable
    String error;

    ByteCursor(byte[] b, int start, int end) {
        this.b = b;
        this.start = start;
        this.end = end;
        this.pos = start;
    }

    boolean atEnd() {
        return pos >= end;
    }

    /** The byte at the position as 0-255, or -1 at the end. */
    int peek() {
        return pos < end ? b[pos] & 0xFF : -1;
    }

    /** The byte at an absolute index as 0-255, or -1 at or past the end. */
    int at(int index) {
        return index < end ? b[index] & 0xFF : -1;
    }

    /**
     * Records a failure and returns false: {@code "<field>: expected <expected> at offset <n>; got <what is there>"}.
     */
    boolean fail(String field, String expected, int index) {
        error = field + ": expected " + expected + " at offset " + (index - start) + "; got " + describe(index);
        return false;
    }

    /** Records a failure whose actual value is given, and returns false. */
    boolean fail(String field, String expected, int index, String got) {
        error = field + ": expected " + expected + " at offset " + (index - start) + "; got " + got;
        return false;
    }

    /** How a byte reads in an error message: {@code 'x'}, {@code SP}, {@code byte 0x0A} or {@code end of input}. */
    String describe(int index) {
        if (index >= end) {
            return "end of input";
        }
        int c = b[index] & 0xFF;
        if (c == ' ') {
            return "SP";
        }
        if (c > 0x20 && c < 0x7F) {
            return "'" + (char) c + "'";
        }
        return "byte 0x" + HEX.toHexDigits((byte) c);
    }

    /** US-ASCII text of {@code [from, to)}; callers have checked the bytes are printable US-ASCII. */
    String ascii(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }

    /** UTF-8 text of {@code [from, to)}, malformed sequences replaced by U+FFFD. */
    String utf8(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    /** Whether a byte is PRINTUSASCII of RFC 5424 section 6 (%d33-126). */
    static boolean printable(int c) {
        return c > 0x20 && c < 0x7F;
    }

    static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }
}
