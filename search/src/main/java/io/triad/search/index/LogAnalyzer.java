package io.triad.search.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;

/**
 * The analyzer of log messages: case-insensitive, and it keeps the tokens logs are searched by whole (IPv4 and IPv6
 * addresses, paths such as {@code /var/log/messages}, hex ids, UUIDs, dotted identifiers such as {@code
 * com.acme.Foo}, {@code key=value} pairs) while also indexing their parts ({@code 10}, {@code messages}, {@code
 * acme}, {@code key}, {@code value}).
 *
 * <p>Tokens are split on whitespace, quotes, brackets, commas, semicolons and {@code |}, and sentence punctuation is
 * trimmed from their ends ({@code open.} is {@code open}). The {@linkplain #forIndexing() indexing} form then adds the
 * runs of letters and digits inside a token at the same position; letters and digits are not split from each other,
 * so {@code req-3f2a9c} gives {@code req-3f2a9c}, {@code req} and {@code 3f2a9c}. The {@linkplain #forQueries() query}
 * form emits whole tokens only, so a query for a whole token matches exactly that token and a query for a part
 * matches the part. Tokens longer than {@value #MAX_TOKEN_CHARS} chars are cut, so no term ever exceeds Lucene's term
 * size limit. See {@link LogTokenizer}.
 *
 * <p>NOTE: thread safe, like every {@link Analyzer}; share one instance.
 */
public final class LogAnalyzer extends Analyzer {

    /** Longest token kept; longer runs of token characters are split at this length. */
    public static final int MAX_TOKEN_CHARS = 255;

    private final boolean indexing;

    private LogAnalyzer(boolean indexing) {
        this.indexing = indexing;
    }

    /** The analyzer that builds index terms: whole tokens and, stacked on them, their letter-and-digit parts. */
    public static LogAnalyzer forIndexing() {
        return new LogAnalyzer(true);
    }

    /** The analyzer for query text: whole tokens only (a part is matched by querying the part). */
    public static LogAnalyzer forQueries() {
        return new LogAnalyzer(false);
    }

    static boolean isSeparator(int c) {
        return switch (c) {
            case ' ',
                    '\t',
                    '\n',
                    '\r',
                    '\f',
                    0x0B,
                    '"',
                    '\'',
                    '`',
                    '(',
                    ')',
                    '[',
                    ']',
                    '{',
                    '}',
                    '<',
                    '>',
                    ',',
                    ';',
                    '|' -> true;
            default -> Character.isWhitespace(c);
        };
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        return new TokenStreamComponents(new LogTokenizer(indexing));
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(in);
    }
}
