package io.triad.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.junit.jupiter.api.Test;

class LogAnalyzerTest {

    private final Analyzer analyzer = LogAnalyzer.forIndexing();

    private List<String> tokens(String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("message", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        }
        return out;
    }

    @Test
    void ipv4AddressIsKeptWholeAndSplitIntoOctets() throws IOException {
        assertThat(tokens("connection from 10.1.2.3 refused"))
                .contains("connection", "from", "10.1.2.3", "10", "1", "2", "3", "refused");
    }

    @Test
    void ipv6AddressIsKeptWhole() throws IOException {
        assertThat(tokens("peer fe80::1ff:fe23:4567:890a up")).contains("fe80::1ff:fe23:4567:890a", "fe80", "890a");
    }

    @Test
    void pathIsKeptWholeAndByItsParts() throws IOException {
        assertThat(tokens("cannot open /var/log/messages:")).contains("/var/log/messages:", "var", "log", "messages");
    }

    @Test
    void requestIdKeepsLettersAndDigitsTogether() throws IOException {
        assertThat(tokens("req-3f2a9c01 done")).contains("req-3f2a9c01", "req", "3f2a9c01");
    }

    @Test
    void uuidAndHexIdsAreSearchableWhole() throws IOException {
        assertThat(tokens("id=550e8400-e29b-41d4-a716-446655440000 addr 0xDEADbeef"))
                .contains("id=550e8400-e29b-41d4-a716-446655440000", "550e8400", "446655440000", "0xdeadbeef");
    }

    @Test
    void dottedIdentifiersAndKeyValuePairsAreSplit() throws IOException {
        assertThat(tokens("at com.acme.Foo user=Alice"))
                .contains("com.acme.foo", "com", "acme", "foo", "user=alice", "user", "alice");
    }

    @Test
    void tokensAreLowercasedAndPunctuationSeparates() throws IOException {
        assertThat(tokens("ERROR: Disk \"sda\" (FULL), retry;"))
                .contains("error:", "error", "disk", "sda", "full", "retry");
        assertThat(tokens("ERROR Disk")).containsExactly("error", "disk");
    }

    @Test
    void overLongTokensAreCut() throws IOException {
        List<String> t = tokens("x".repeat(100_000));
        assertThat(t)
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(LogAnalyzer.MAX_TOKEN_CHARS));
    }

    @Test
    void offsetsPointIntoTheOriginalText() throws IOException {
        String text = "from 10.1.2.3";
        try (TokenStream ts = analyzer.tokenStream("message", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                assertThat(text.substring(off.startOffset(), off.endOffset()).toLowerCase(java.util.Locale.ROOT))
                        .isEqualTo(term.toString());
            }
            ts.end();
        }
    }
}
