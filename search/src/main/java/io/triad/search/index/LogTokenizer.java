package io.triad.search.index;

import java.io.IOException;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Splits log text at white space and bracketing punctuation into lowercased tokens, trims sentence punctuation from
 * their ends, and — when it indexes — also emits the letter-and-digit runs inside a token at the same position: {@code
 * "10.1.2.3,"} gives {@code 10.1.2.3} (one- and two-digit parts and single characters are not worth their postings);
 * {@code 192.168.100.7} gives {@code 192.168.100.7}, {@code 192}, {@code 168}, {@code 100}; {@code /var/log/messages:} gives {@code
 * /var/log/messages}, {@code var}, {@code log}, {@code messages}. The value of a {@code key=value} token and the
 * address of an {@code address:port} token are stacked as whole tokens too.
 *
 * <p>The parts are stacked on the whole token (position increment 0), so phrase queries over whole tokens keep their
 * positions. Query text is tokenized without parts: a query for {@code 10.1.2.3} matches the whole term, a query for
 * {@code messages} matches the part. Tokens without a letter or digit are dropped; runs longer than {@link
 * LogAnalyzer#MAX_TOKEN_CHARS} are cut into pieces of that length.
 *
 * <p>One pass over the characters with no token graph to flatten: indexing log lines is its hot path.
 *
 * <p>NOTE: like every {@link Tokenizer}, an instance is used by one thread at a time and reused through {@link
 * #reset()}.
 */
final class LogTokenizer extends Tokenizer {
    private static final int MAX = LogAnalyzer.MAX_TOKEN_CHARS;

    private final boolean emitParts;
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);

    private char[] text = new char[1024];
    private int length;
    private int cursor;
    /** Spans [start, end) of {@link #text} still to emit, stacked on the last whole token. */
    private int[] pending = new int[64];

    private int pendingCount;
    private int pendingNext;

    LogTokenizer(boolean emitParts) {
        this.emitParts = emitParts;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        length = 0;
        for (int n = input.read(text, 0, text.length); n != -1; n = input.read(text, length, text.length - length)) {
            length += n;
            if (length == text.length) {
                char[] bigger = new char[text.length * 2];
                System.arraycopy(text, 0, bigger, 0, length);
                text = bigger;
            }
        }
        cursor = 0;
        pendingCount = 0;
        pendingNext = 0;
    }

    @Override
    public boolean incrementToken() {
        clearAttributes();
        if (pendingNext < pendingCount) {
            emit(pending[2 * pendingNext], pending[2 * pendingNext + 1], 0);
            pendingNext++;
            return true;
        }
        pendingCount = 0;
        pendingNext = 0;
        while (cursor < length) {
            while (cursor < length && LogAnalyzer.isSeparator(text[cursor])) {
                cursor++;
            }
            int start = cursor;
            while (cursor < length && cursor - start < MAX && !LogAnalyzer.isSeparator(text[cursor])) {
                cursor++;
            }
            int end = cursor;
            while (start < end && isLeadingTrim(text[start])) {
                start++;
            }
            while (end > start && isTrailingTrim(text[end - 1])) {
                end--;
            }
            boolean alnum = false;
            boolean inner = false;
            for (int i = start; i < end; i++) {
                if (Character.isLetterOrDigit(text[i])) {
                    alnum = true;
                } else {
                    inner = true;
                }
            }
            if (!alnum) {
                continue;
            }
            emit(start, end, 1);
            if (emitParts && inner) {
                stackVariants(start, end);
                stackParts(start, end);
                sortPending();
            }
            return true;
        }
        return false;
    }

    /**
     * Stacks the whole-token variants people search by: the value of {@code key=value} ({@code path=/var/log/x} is
     * also {@code /var/log/x}) and the address of {@code address:port} ({@code 10.1.2.3:514} is also {@code
     * 10.1.2.3}).
     */
    private void stackVariants(int start, int end) {
        for (int i = start; i < end - 1; i++) {
            if (text[i] == '=') {
                push(i + 1, end);
                break;
            }
        }
        int colon = -1;
        for (int i = end - 1; i > start; i--) {
            if (text[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon > start && colon < end - 1) {
            boolean port = true;
            for (int i = colon + 1; i < end && port; i++) {
                port = text[i] >= '0' && text[i] <= '9';
            }
            if (port) {
                push(start, colon);
            }
        }
    }

    /** Stacks every run of letters and digits inside the token. */
    private void stackParts(int start, int end) {
        int i = start;
        while (i < end) {
            while (i < end && !Character.isLetterOrDigit(text[i])) {
                i++;
            }
            int partStart = i;
            while (i < end && Character.isLetterOrDigit(text[i])) {
                i++;
            }
            if (i > partStart && worthIndexing(partStart, i)) {
                push(partStart, i);
            }
        }
    }

    /**
     * Whether a part is worth its postings: single characters and numbers of one or two digits (IP octets, time
     * fields, list indexes) occur in nearly every log line, so searching by them alone finds nothing specific.
     */
    private boolean worthIndexing(int start, int end) {
        int n = end - start;
        if (n >= 3) {
            return true;
        }
        if (n == 1) {
            return false;
        }
        return !(Character.isDigit(text[start]) && Character.isDigit(text[start + 1]));
    }

    /** Orders the stacked spans by start offset (Lucene requires offsets never to go backwards); insertion sort. */
    private void sortPending() {
        for (int i = 1; i < pendingCount; i++) {
            int s0 = pending[2 * i];
            int e0 = pending[2 * i + 1];
            int j = i - 1;
            while (j >= 0 && pending[2 * j] > s0) {
                pending[2 * j + 2] = pending[2 * j];
                pending[2 * j + 3] = pending[2 * j + 1];
                j--;
            }
            pending[2 * j + 2] = s0;
            pending[2 * j + 3] = e0;
        }
    }

    private void push(int start, int end) {
        for (int i = 0; i < pendingCount; i++) {
            if (pending[2 * i] == start && pending[2 * i + 1] == end) {
                return; // already stacked ({@code fd=174}: the value and the part are the same span)
            }
        }
        if (2 * pendingCount + 2 > pending.length) {
            int[] bigger = new int[pending.length * 2];
            System.arraycopy(pending, 0, bigger, 0, pending.length);
            pending = bigger;
        }
        pending[2 * pendingCount] = start;
        pending[2 * pendingCount + 1] = end;
        pendingCount++;
    }

    private void emit(int start, int end, int increment) {
        char[] buffer = term.resizeBuffer(end - start);
        for (int i = start; i < end; i++) {
            buffer[i - start] = Character.toLowerCase(text[i]);
        }
        term.setLength(end - start);
        offset.setOffset(correctOffset(start), correctOffset(end));
        posInc.setPositionIncrement(increment);
    }

    /** Leading {@code +} too: it is the query syntax's MUST operator, so nobody can search for it anyway. */
    private static boolean isLeadingTrim(char c) {
        return c == '.' || c == ',' || c == ';' || c == '!' || c == '?' || c == '+';
    }

    private static boolean isTrailingTrim(char c) {
        return c == '.' || c == ',' || c == ':' || c == ';' || c == '!' || c == '?';
    }

    @Override
    public void end() throws IOException {
        super.end();
        int end = correctOffset(length);
        offset.setOffset(end, end);
    }
}
