package io.triad.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.triad.metrics.model.LabelMatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromQlParserTest {

    private static String parsed(String query) {
        return PromQlParser.parse(query).toString();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "1 + 2 * 3                  | (1 + (2 * 3))",
                "1 * 2 + 3                  | ((1 * 2) + 3)",
                "1 - 2 - 3                  | ((1 - 2) - 3)",
                "2 ^ 3 ^ 2                  | (2 ^ (3 ^ 2))",
                "-2 ^ 2                     | -(2 ^ 2)",
                "2 ^ -1                     | (2 ^ -1)",
                "-1 * 2                     | (-1 * 2)",
                "a or b and c               | (a or (b and c))",
                "a and b or c unless d      | ((a and b) or (c unless d))",
                "a > bool b + 1             | (a > bool (b + 1))",
                "a + b > c * 2              | ((a + b) > (c * 2))",
                "a == b or c                | ((a == b) or c)",
                "(1 + 2) * 3                | ((1 + 2) * 3)",
                "a % 2 / 3                  | ((a % 2) / 3)",
            })
    void binaryOperatorsFollowPrometheusPrecedenceAndAssociativity(String query, String expected) {
        assertThat(parsed(query)).isEqualTo(expected);
    }

    @Test
    void selectorsParseNameMatchersOffsetAndRange() {
        Expr e = PromQlParser.parse("http_requests_total{job!=\"api\", instance=~\"h.*\", path!~'/a', code=\"200\",}");
        assertThat(e).isInstanceOf(Expr.VectorSelector.class);
        Expr.VectorSelector vs = (Expr.VectorSelector) e;
        assertThat(vs.name()).isEqualTo("http_requests_total");
        assertThat(vs.matchers())
                .extracting(LabelMatcher::toString)
                .containsExactly(
                        "__name__=\"http_requests_total\"",
                        "job!=\"api\"",
                        "instance=~\"h.*\"",
                        "path!~\"/a\"",
                        "code=\"200\"");
        assertThat(parsed("{job=\"api\"}")).isEqualTo("{job=\"api\"}");
        assertThat(parsed("up offset 5m")).isEqualTo("up offset 5m");
        assertThat(parsed("x[1h30m] offset 1d")).isEqualTo("x[1h30m] offset 1d");
        Expr.MatrixSelector ms = (Expr.MatrixSelector) PromQlParser.parse("x[90s] offset 500ms");
        assertThat(ms.rangeMillis()).isEqualTo(90_000);
        assertThat(ms.selector().offsetMillis()).isEqualTo(500);
        assertThat(ms.type()).isEqualTo(Expr.Type.MATRIX);
        assertThat(parsed("job:rate5m:sum")).isEqualTo("job:rate5m:sum");
    }

    @Test
    void aggregationsTakeTheirGroupingBeforeOrAfterTheArgument() {
        assertThat(parsed("sum by (job, site) (rate(x[5m]))")).isEqualTo("sum by (job, site) (rate(x[5m]))");
        assertThat(parsed("sum(rate(x[5m])) by (job, site)")).isEqualTo("sum by (job, site) (rate(x[5m]))");
        assertThat(parsed("avg without (instance) (x)")).isEqualTo("avg without (instance) (x)");
        assertThat(parsed("max(x) without ()")).isEqualTo("max without () (x)");
        assertThat(parsed("topk(3, x)")).isEqualTo("topk (3, x)");
        assertThat(parsed("bottomk by (job) (2, x)")).isEqualTo("bottomk by (job) (2, x)");
        assertThat(parsed("count(x) by (on, bool)")).isEqualTo("count by (on, bool) (x)");
    }

    @Test
    void functionsNumbersAndStringsParse() {
        assertThat(parsed("histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))"))
                .isEqualTo("histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))");
        assertThat(parsed("predict_linear(disk_free[6h], 4 * 3600)"))
                .isEqualTo("predict_linear(disk_free[6h], (4 * 3600))");
        assertThat(parsed("clamp_max(clamp_min(abs(x), 0), 1)")).isEqualTo("clamp_max(clamp_min(abs(x), 0), 1)");
        assertThat(parsed("scalar(vector(time()))")).isEqualTo("scalar(vector(time()))");
        assertThat(parsed("irate(x[1m]) + increase(y[1m])")).isEqualTo("(irate(x[1m]) + increase(y[1m]))");
        assertThat(((Expr.NumberLiteral) PromQlParser.parse("0x1f")).value()).isEqualTo(31);
        assertThat(((Expr.NumberLiteral) PromQlParser.parse("1.5e3")).value()).isEqualTo(1500);
        assertThat(((Expr.NumberLiteral) PromQlParser.parse("-Inf")).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(((Expr.NumberLiteral) PromQlParser.parse("NaN")).value()).isNaN();
        Expr s = PromQlParser.parse("\"a\\\"b\\n\"");
        assertThat(s.type()).isEqualTo(Expr.Type.STRING);
        assertThat(((Expr.StringLiteral) s).value()).isEqualTo("a\"b\n");
        assertThat(((Expr.StringLiteral) PromQlParser.parse("`raw\\d`")).value())
                .isEqualTo("raw\\d");
    }

    @Test
    void vectorMatchingModifiersParse() {
        assertThat(parsed("a / on(job) b")).isEqualTo("(a / on(job) b)");
        assertThat(parsed("a / ignoring(instance, code) b")).isEqualTo("(a / ignoring(instance, code) b)");
        assertThat(parsed("a * on(job) group_left(team) b")).isEqualTo("(a * on(job) group_left(team) b)");
        assertThat(parsed("a * ignoring(x) group_right b")).isEqualTo("(a * ignoring(x) group_right() b)");
        assertThat(parsed("a == bool on(job) b")).isEqualTo("(a == bool on(job) b)");
        assertThat(parsed("a and on(job) b")).isEqualTo("(a and on(job) b)");
        Expr.Binary b = (Expr.Binary) PromQlParser.parse("a * on(job) group_left(team) b");
        assertThat(b.matching().cardinality()).isEqualTo(Expr.Cardinality.MANY_TO_ONE);
        assertThat(b.matching().include()).containsExactly("team");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                // query | message
                "rate(x[5m]) + )           | unexpected ')' at 15; expected an expression",
                "sum(rate(x[5m])))         | unexpected ')' at 17; expected an operator or end of input",
                "``                        | ",
                "1 +                       | unexpected end of input at 4; expected an expression",
                "x{job=\"a\"               | unexpected end of input at 10; expected ',' or '}'",
                "x{job~\"a\"}              | unexpected character '~' at 6; expected a token",
                "x{job>\"a\"}              | unexpected '>' at 6; expected a label matching operator (=, !=, =~, !~)",
                "x{job=a}                  | unexpected identifier 'a' at 7; expected a quoted label value",
                "x[5]                      | unexpected number 5 at 3; expected a range duration such as 5m",
                "x[5m:1m]                  | subqueries are not supported at 5",
                "x @ 100                   | the @ modifier is not supported at 3",
                "(x)[5m]                   | ranges only allowed for vector selectors at 4",
                "x[5m][5m]                 | ranges only allowed for vector selectors at 6",
                "1 offset 5m               | offset modifier must be preceded by an instant vector selector or range vector selector at 3",
                "{}                        | vector selector must contain at least one non-empty matcher at 1",
                "{job=\"\"}                | vector selector must contain at least one non-empty matcher at 1",
                "{job=~\".*\"}             | vector selector must contain at least one non-empty matcher at 1",
                "x{job=~\"(\"}             | label matcher job=~\"(\" is not a valid regular expression: Unclosed group at 8",
                "rate(x)                   | expected type range vector in call to function \"rate\", got instant vector at 6",
                "abs(x[5m])                | expected type instant vector in call to function \"abs\", got range vector at 5",
                "clamp_min(x)              | expected 2 argument(s) in call to \"clamp_min\", got 1 at 1",
                "time(1)                   | expected 0 argument(s) in call to \"time\", got 1 at 1",
                "foo(x)                    | unknown function with name \"foo\" at 1",
                "sum(x, y)                 | wrong number of arguments for aggregate expression provided, expected 1, got 2 at 1",
                "topk(x)                   | wrong number of arguments for aggregate expression provided, expected 2, got 1 at 1",
                "topk(x, y)                | expected type scalar in aggregation parameter of topk, got instant vector at 6",
                "sum(x[5m])                | expected type instant vector in aggregation expression, got range vector at 5",
                "sum by job (x)            | unexpected identifier 'job' at 8; expected '(' and a list of label names",
                "1 > 2                     | comparisons between scalars must use BOOL modifier at 3",
                "x + bool y                | bool modifier can only be used on comparison operators at 5",
                "1 and x                   | set operator \"and\" not allowed in binary scalar expression at 3",
                "x + on(job) 1             | vector matching only allowed between instant vectors at 3",
                "x and on(a) group_left y  | no grouping allowed for \"and\" operation at 13",
                "x * on(a) group_left(a) y | label \"a\" must not occur in ON and GROUP clause at once at 11",
                "x[5m] + 1                 | binary expression must contain only scalar and instant vector types; got range vector on the left of '+' at 7",
                "-x[5m]                    | unary expression only allowed on expressions of type scalar or instant vector at 1",
                "x{__name__=\"y\"}         | metric name must not be set twice: \"x\" at 3",
                "by                        | unexpected keyword 'by' at 1; expected an expression",
                "\"abc                     | unexpected end of input at 5; expected the closing \" of the string at 1",
                "x ! y                     | unexpected character '!' at 3; expected '!=' or '!~'",
            })
    void invalidQueriesFailWithMessageAndColumn(String query, String message) {
        String expected = message == null ? "unexpected end of input at 1; expected an expression" : message;
        assertThatThrownBy(() -> PromQlParser.parse(query))
                .isInstanceOf(PromQlException.class)
                .hasMessage(expected)
                .satisfies(e -> assertThat(((PromQlException) e).errorType()).isEqualTo("bad_data"));
    }

    @Test
    void errorColumnIsReported() {
        assertThatThrownBy(() -> PromQlParser.parse("sum(x) by (job) )"))
                .isInstanceOfSatisfying(
                        PromQlException.class, e -> assertThat(e.column()).isEqualTo(17));
    }
}
