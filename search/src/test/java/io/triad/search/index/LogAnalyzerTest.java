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
    void ipv4AddressIsKeptWholeAndSplitIntoItsLongerOctets() throws IOException {
        assertThat(tokens("connection from 192.168.100.7 refused"))
                .containsExactly("connection", "from", "192.168.100.7", "192", "168", "100", "refused");
    }

    @Test
    void singleCharactersAndOneOrTwoDigitPartsAreNotIndexed() throws IOException {
        assertThat(tokens("10.1.2.3 a-b x=y at 12:30:45"))
                .containsExactly("10.1.2.3", "a-b", "x=y", "y", "at", "12:30:45", "12:30");
    }

    @Test
    void ipv6AddressIsKeptWhole() throws IOException {
        assertThat(tokens("peer fe80::1ff:fe23:4567:890a up")).contains("fe80::1ff:fe23:4567:890a", "fe80", "890a");
    }

    @Test
    void pathIsKeptWholeAndByItsParts() throws IOException {
        assertThat(tokens("cannot open /var/log/messages:")).contains("/var/log/messages", "var", "log", "messages");
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
                .containsExactly("error", "disk", "sda", "full", "retry");
        assertThat(tokens("ERROR Disk")).containsExactly("error", "disk");
    }

    @Test
    void sentencePunctuationIsTrimmedSoTrailingIdsMatchWhole() throws IOException {
        assertThat(tokens("raised ALM-1042. cleared ALM-1043, done")).contains("alm-1042", "alm-1043", "1042");
        assertThat(tokens("raised ALM-1042.")).doesNotContain("alm-1042.");
    }

    @Test
    void partsStackOnTheWholeTokenSoPhrasePositionsStay() throws IOException {
        List<Integer> increments = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("message", "door 192.168.100.7 open")) {
            org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute inc =
                    ts.addAttribute(org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                increments.add(inc.getPositionIncrement());
            }
            ts.end();
        }
        assertThat(increments).containsExactly(1, 1, 0, 0, 0, 1);
    }

    @Test
    void queryTextKeepsWholeTokensOnly() throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = LogAnalyzer.forQueries().tokenStream("message", "From 10.1.2.3: denied")) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        }
        assertThat(out).containsExactly("from", "10.1.2.3", "denied");
    }

    @Test
    void aSpanIsStackedOnceAndALeadingPlusIsTrimmed() throws IOException {
        assertThat(tokens("fd=174 to +41798520907")).containsExactly("fd=174", "fd", "174", "to", "41798520907");
    }

    @Test
    void punctuationOnlyTokensAreDropped() throws IOException {
        assertThat(tokens("a -- b ... c")).containsExactly("a", "b", "c");
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
