package io.triad.search.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterIterator;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * The analyzer of log messages: case-insensitive, and it keeps the tokens logs are searched by whole (IPv4 and IPv6
 * addresses, paths such as {@code /var/log/messages}, hex ids, UUIDs, dotted identifiers such as {@code
 * com.acme.Foo}, {@code key=value} pairs) while also indexing their parts ({@code 10}, {@code messages}, {@code
 * acme}, {@code key}, {@code value}).
 *
 * <p>Tokens are split on whitespace, quotes, brackets, commas, semicolons and {@code |}; a {@link
 * WordDelimiterGraphFilter} with {@code PRESERVE_ORIGINAL} then adds the parts split at the remaining punctuation.
 * Letters and digits are not split from each other, so {@code req-3f2a9c} gives {@code req-3f2a9c}, {@code req} and
 * {@code 3f2a9c}. Tokens longer than {@value #MAX_TOKEN_CHARS} chars are cut, so no term ever exceeds Lucene's term
 * size limit.
 *
 * <p>The {@linkplain #forIndexing() indexing} form flattens the token graph (the index stores no graphs); the
 * {@linkplain #forQueries() query} form keeps the graph, so the query parser matches a whole token either as the
 * original term or as the phrase of its parts.
 *
 * <p>NOTE: thread safe, like every {@link Analyzer}; share one instance.
 */
public final class LogAnalyzer extends Analyzer {

    /** Longest token kept; longer runs of token characters are split at this length. */
    public static final int MAX_TOKEN_CHARS = 255;

    private static final int FLAGS = WordDelimiterGraphFilter.GENERATE_WORD_PARTS
            | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
            | WordDelimiterGraphFilter.PRESERVE_ORIGINAL;

    private final boolean flatten;

    private LogAnalyzer(boolean flatten) {
        this.flatten = flatten;
    }

    /** The analyzer that builds index terms (a flattened token graph). */
    public static LogAnalyzer forIndexing() {
        return new LogAnalyzer(true);
    }

    /** The analyzer for query text (a token graph). */
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
        Tokenizer tokenizer = new CharTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, MAX_TOKEN_CHARS) {
            @Override
            protected boolean isTokenChar(int c) {
                return !isSeparator(c);
            }
        };
        TokenStream stream = new LowerCaseFilter(tokenizer);
        stream =
                new WordDelimiterGraphFilter(stream, true, WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE, FLAGS, null);
        if (flatten) {
            stream = new FlattenGraphFilter(stream);
        }
        return new TokenStreamComponents(tokenizer, stream);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(in);
    }
}
