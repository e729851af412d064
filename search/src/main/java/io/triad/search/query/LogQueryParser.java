package io.triad.search.query;

import io.triad.collector.model.EventId;
import io.triad.collector.model.Severity;
import io.triad.search.index.LogAnalyzer;
import io.triad.search.index.LogSchema;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.queryparser.classic.TokenMgrError;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;

/**
 * The classic Lucene query syntax over the log schema: {@code message} is the default field and is analysed by
 * {@link LogAnalyzer}; every other field is a keyword field matched exactly. {@code severity} accepts names ({@code
 * severity:err}, {@code severity:warn*}, {@code severity:[emerg TO err]}) as well as numbers; {@code timestamp}
 * accepts {@link TimeExpressions} in ranges ({@code timestamp:[now-1h TO now]}).
 *
 * <p>NOTE: not thread safe; make one per parse.
 */
final class LogQueryParser extends QueryParser {

    private static final Analyzer ANALYZER = new DelegatingAnalyzerWrapper(Analyzer.PER_FIELD_REUSE_STRATEGY) {
        private final Analyzer message = LogAnalyzer.forQueries();
        private final Analyzer keyword = new KeywordAnalyzer();

        @Override
        protected Analyzer getWrappedAnalyzer(String fieldName) {
            return fieldName.equals(LogSchema.MESSAGE) ? message : keyword;
        }
    };

    private static final Pattern COLUMN = Pattern.compile("column (\\d+)");
    private static final String[][] SEVERITY_NAMES = {
        {"emerg", "emergency", "panic", "fatal"},
        {"alert"},
        {"crit", "critical"},
        {"err", "error"},
        {"warning", "warn"},
        {"notice"},
        {"info", "informational", "information"},
        {"debug", "trace"}
    };

    private final Clock clock;

    LogQueryParser(QueryLimits limits, Clock clock) {
        super(LogSchema.MESSAGE, ANALYZER);
        this.clock = clock;
        setAllowLeadingWildcard(limits.allowLeadingWildcard());
        setAutoGenerateMultiTermSynonymsPhraseQuery(true);
        setMultiTermRewriteMethod(MultiTermQuery.CONSTANT_SCORE_BLENDED_REWRITE);
    }

    /**
     * Parses a query; blank text matches every event.
     *
     * @throws QueryException with the parser's message and the column of the error
     */
    Query parseQuery(String text) {
        if (text.isBlank()) {
            return new MatchAllDocsQuery();
        }
        try {
            return parse(text);
        } catch (ParseException e) {
            throw new QueryException(String.valueOf(e.getMessage()), column(e), e);
        }
    }

    private static int column(ParseException e) {
        Throwable t = e.getCause() != null ? e.getCause() : e;
        if (t instanceof ParseException pe && pe.currentToken != null) {
            var next = pe.currentToken.next;
            return next != null ? next.beginColumn : pe.currentToken.endColumn;
        }
        String message = t.getMessage();
        if (t instanceof TokenMgrError && message != null) {
            Matcher m = COLUMN.matcher(message);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return 0;
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, boolean quoted) throws ParseException {
        if (field.equals(LogSchema.SEVERITY)) {
            return super.getFieldQuery(field, Integer.toString(severity(queryText)), quoted);
        }
        if (field.equals(LogSchema.TIMESTAMP)) {
            return LongPoint.newExactQuery(LogSchema.TIMESTAMP, time(queryText));
        }
        if (field.equals(LogSchema.ID)) {
            try {
                return LogSchema.idQuery(EventId.parse(queryText));
            } catch (IllegalArgumentException e) {
                throw new ParseException(e.getMessage());
            }
        }
        return super.getFieldQuery(field, queryText, quoted);
    }

    @Override
    protected Query getRangeQuery(
            String field, @Nullable String part1, @Nullable String part2, boolean startInclusive, boolean endInclusive)
            throws ParseException {
        if (field.equals(LogSchema.TIMESTAMP)) {
            long lo = part1 == null || part1.equals("*") ? Long.MIN_VALUE : time(part1);
            long hi = part2 == null || part2.equals("*") ? Long.MAX_VALUE : time(part2);
            if (!startInclusive && lo != Long.MIN_VALUE) {
                lo = Math.addExact(lo, 1);
            }
            if (!endInclusive && hi != Long.MAX_VALUE) {
                hi = Math.addExact(hi, -1);
            }
            return LongPoint.newRangeQuery(LogSchema.TIMESTAMP, lo, hi);
        }
        if (field.equals(LogSchema.SEVERITY)) {
            String lo = part1 == null || part1.equals("*") ? null : Integer.toString(severity(part1));
            String hi = part2 == null || part2.equals("*") ? null : Integer.toString(severity(part2));
            if (lo != null && hi != null && lo.compareTo(hi) > 0) {
                String t = lo;
                lo = hi;
                hi = t; // names run from emerg (0) to debug (7); accept either order
            }
            return super.getRangeQuery(field, lo, hi, startInclusive, endInclusive);
        }
        return super.getRangeQuery(field, part1, part2, startInclusive, endInclusive);
    }

    /** A group of only negated clauses ({@code -host:a}) means everything but those, not nothing. */
    @Override
    protected @Nullable Query getBooleanQuery(List<BooleanClause> clauses) throws ParseException {
        if (!clauses.isEmpty() && clauses.stream().allMatch(c -> c.occur() == BooleanClause.Occur.MUST_NOT)) {
            List<BooleanClause> withAll = new ArrayList<>(clauses);
            withAll.add(new BooleanClause(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER));
            return super.getBooleanQuery(withAll);
        }
        return super.getBooleanQuery(clauses);
    }

    @Override
    protected Query getWildcardQuery(String field, String termStr) throws ParseException {
        if (termStr.equals("*")) {
            // as in Kibana and Graylog: a bare * matches every event, field:* every event with the field
            if (field.equals(getField())) {
                return new MatchAllDocsQuery();
            }
            if (LogSchema.FACETS.contains(field)
                    || field.startsWith(LogSchema.FIELDS_PREFIX)
                    || field.startsWith(LogSchema.CORRELATION_PREFIX)) {
                return new org.apache.lucene.search.FieldExistsQuery(field);
            }
        }
        if (field.equals(LogSchema.SEVERITY)) {
            return severityMatching(globToRegex(termStr));
        }
        if (!getAllowLeadingWildcard() && (termStr.startsWith("*") || termStr.startsWith("?"))) {
            throw new QueryCostException("leading wildcards are not allowed; got: '" + termStr + "'");
        }
        return super.getWildcardQuery(field, termStr);
    }

    @Override
    protected Query getPrefixQuery(String field, String termStr) throws ParseException {
        if (field.equals(LogSchema.SEVERITY)) {
            return severityMatching(Pattern.quote(termStr.toLowerCase(Locale.ROOT)) + ".*");
        }
        return super.getPrefixQuery(field, termStr);
    }

    private static Query severityMatching(String regex) {
        Pattern p = Pattern.compile(regex);
        List<BytesRef> terms = new ArrayList<>();
        for (int s = 0; s < SEVERITY_NAMES.length; s++) {
            for (String name : SEVERITY_NAMES[s]) {
                if (p.matcher(name).matches() || p.matcher(Integer.toString(s)).matches()) {
                    terms.add(new BytesRef(Integer.toString(s)));
                    break;
                }
            }
        }
        return terms.isEmpty()
                ? new MatchNoDocsQuery("no severity matches " + regex)
                : new TermInSetQuery(LogSchema.SEVERITY, terms);
    }

    private static String globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }

    private static int severity(String text) throws ParseException {
        int s = Severity.parse(text);
        if (s < 0) {
            throw new ParseException("severity must be 0-7 or a name (emerg, alert, crit, err, warning, notice, info,"
                    + " debug); got: '" + text + "'");
        }
        return s;
    }

    private long time(String text) throws ParseException {
        try {
            return TimeExpressions.parse(text, clock);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ParseException(e.getMessage());
        }
    }
}
