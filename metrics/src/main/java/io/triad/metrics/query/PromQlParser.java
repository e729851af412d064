package io.triad.metrics.query;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.Labels;
import io.triad.metrics.query.Expr.AggregateOp;
import io.triad.metrics.query.Expr.BinaryOp;
import io.triad.metrics.query.Expr.Cardinality;
import io.triad.metrics.query.Expr.Function;
import io.triad.metrics.query.Expr.VectorMatching;
import io.triad.metrics.query.Lexer.Kind;
import io.triad.metrics.query.Lexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A recursive-descent parser for the PromQL subset, with Prometheus's operator precedence ({@code ^} binds tightest
 * and to the right, then {@code * / %}, {@code + -}, comparisons, {@code and unless}, {@code or}) and its static type
 * checks. Errors are {@link PromQlException}s naming the 1-based column and what was expected.
 *
 * <p>NOTE: stateless entry point; each call parses independently.
 */
public final class PromQlParser {
    private static final Set<String> KEYWORDS = Set.of(
            "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset");

    private final List<Token> tokens;
    private int pos;

    private PromQlParser(String query) {
        this.tokens = Lexer.tokens(query);
    }

    /**
     * Parses a query.
     *
     * @throws PromQlException on a syntax or type error
     */
    public static Expr parse(String query) {
        PromQlParser p = new PromQlParser(query);
        if (p.peek().kind() == Kind.EOF) {
            throw PromQlException.unexpected(1, "end of input", "an expression");
        }
        Expr e = p.expression(0);
        Token t = p.peek();
        if (t.kind() != Kind.EOF) {
            throw PromQlException.unexpected(t.column(), t.describe(), "an operator or end of input");
        }
        return e;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peekAhead() {
        return tokens.get(Math.min(pos + 1, tokens.size() - 1));
    }

    private Token advance() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private Token expect(Kind kind, String expected) {
        Token t = peek();
        if (t.kind() != kind) {
            throw PromQlException.unexpected(t.column(), t.describe(), expected);
        }
        return advance();
    }

    private boolean isKeyword(Token t, String word) {
        return t.kind() == Kind.IDENT && t.text().toLowerCase(Locale.ROOT).equals(word);
    }

    // ---- binary expressions by precedence climbing

    private Expr expression(int minPrecedence) {
        Expr lhs = unary();
        while (true) {
            Token opToken = peek();
            BinaryOp op = binaryOp(opToken);
            if (op == null || op.precedence() < minPrecedence) {
                return lhs;
            }
            advance();
            boolean returnBool = false;
            if (isKeyword(peek(), "bool")) {
                Token b = advance();
                if (!op.isComparison()) {
                    throw PromQlException.at(b.column(), "bool modifier can only be used on comparison operators");
                }
                returnBool = true;
            }
            VectorMatching matching = matching(op);
            // '^' is right-associative: its right side may hold another '^' of the same precedence.
            Expr rhs = expression(op == BinaryOp.POW ? op.precedence() : op.precedence() + 1);
            lhs = binary(opToken, op, lhs, rhs, returnBool, matching);
        }
    }

    private static @Nullable BinaryOp binaryOp(Token t) {
        return switch (t.kind()) {
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case POW -> BinaryOp.POW;
            case EQLC -> BinaryOp.EQLC;
            case NEQ -> BinaryOp.NEQ;
            case LSS -> BinaryOp.LSS;
            case GTR -> BinaryOp.GTR;
            case LTE -> BinaryOp.LTE;
            case GTE -> BinaryOp.GTE;
            case IDENT ->
                switch (t.text().toLowerCase(Locale.ROOT)) {
                    case "and" -> BinaryOp.AND;
                    case "or" -> BinaryOp.OR;
                    case "unless" -> BinaryOp.UNLESS;
                    default -> null;
                };
            default -> null;
        };
    }

    private VectorMatching matching(BinaryOp op) {
        Token t = peek();
        boolean on;
        if (isKeyword(t, "on")) {
            on = true;
        } else if (isKeyword(t, "ignoring")) {
            on = false;
        } else {
            return VectorMatching.defaults(op.isSetOperator());
        }
        advance();
        List<String> labels = labelList();
        Cardinality card = op.isSetOperator() ? Cardinality.MANY_TO_MANY : Cardinality.ONE_TO_ONE;
        List<String> include = List.of();
        Token g = peek();
        if (isKeyword(g, "group_left") || isKeyword(g, "group_right")) {
            advance();
            if (op.isSetOperator()) {
                throw PromQlException.at(g.column(), "no grouping allowed for \"" + op.symbol() + "\" operation");
            }
            card = isKeyword(g, "group_left") ? Cardinality.MANY_TO_ONE : Cardinality.ONE_TO_MANY;
            if (peek().kind() == Kind.LPAREN) {
                include = labelList();
            }
            for (String l : include) {
                if (on && labels.contains(l)) {
                    throw PromQlException.at(
                            g.column(), "label \"" + l + "\" must not occur in ON and GROUP clause at once");
                }
            }
        }
        return new VectorMatching(card, labels, on, include);
    }

    private Expr binary(Token opToken, BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching m) {
        int col = opToken.column();
        List<Expr> sides = List.of(lhs, rhs);
        for (int i = 0; i < 2; i++) {
            Expr.Type type = sides.get(i).type();
            if (type != Expr.Type.SCALAR && type != Expr.Type.VECTOR) {
                throw PromQlException.at(
                        col,
                        "binary expression must contain only scalar and instant vector types; got " + type + " on the "
                                + (i == 0 ? "left" : "right") + " of '" + op.symbol() + "'");
            }
        }
        boolean bothVectors = lhs.type() == Expr.Type.VECTOR && rhs.type() == Expr.Type.VECTOR;
        if (op.isSetOperator() && !bothVectors) {
            throw PromQlException.at(
                    col, "set operator \"" + op.symbol() + "\" not allowed in binary scalar expression");
        }
        if (op.isComparison() && !returnBool && lhs.type() == Expr.Type.SCALAR && rhs.type() == Expr.Type.SCALAR) {
            throw PromQlException.at(col, "comparisons between scalars must use BOOL modifier");
        }
        boolean explicitMatching = m.on()
                || !m.labels().isEmpty()
                || m.cardinality() == Cardinality.MANY_TO_ONE
                || m.cardinality() == Cardinality.ONE_TO_MANY;
        if (explicitMatching && !bothVectors) {
            throw PromQlException.at(col, "vector matching only allowed between instant vectors");
        }
        return new Expr.Binary(op, lhs, rhs, returnBool, m);
    }

    private Expr unary() {
        Token t = peek();
        if (t.kind() == Kind.ADD || t.kind() == Kind.SUB) {
            advance();
            // Unary minus binds less tightly than '^': -2^2 is -(2^2).
            Expr e = expression(BinaryOp.POW.precedence());
            if (e.type() != Expr.Type.SCALAR && e.type() != Expr.Type.VECTOR) {
                throw PromQlException.at(
                        t.column(), "unary expression only allowed on expressions of type scalar or instant vector");
            }
            if (t.kind() == Kind.ADD) {
                return e;
            }
            return e instanceof Expr.NumberLiteral n ? new Expr.NumberLiteral(-n.value()) : new Expr.Negation(e);
        }
        return postfix(primary());
    }

    // ---- postfix: [range] and offset

    private Expr postfix(Expr e) {
        Expr result = e;
        if (peek().kind() == Kind.LBRACKET) {
            Token open = advance();
            if (!(result instanceof Expr.VectorSelector vs) || vs.offsetMillis() != 0) {
                throw PromQlException.at(open.column(), "ranges only allowed for vector selectors");
            }
            long range = duration("a range duration such as 5m");
            // ":1m" lexes as an identifier (metric names may contain colons).
            if (peek().kind() == Kind.COLON
                    || (peek().kind() == Kind.IDENT && peek().text().startsWith(":"))) {
                throw PromQlException.at(peek().column(), "subqueries are not supported");
            }
            expect(Kind.RBRACKET, "']'");
            if (range <= 0) {
                throw PromQlException.at(open.column(), "range must be positive; got " + Expr.duration(range));
            }
            result = new Expr.MatrixSelector(vs, range);
        }
        if (isKeyword(peek(), "offset")) {
            Token off = advance();
            long offset = duration("an offset duration such as 1h");
            if (result instanceof Expr.VectorSelector vs && vs.offsetMillis() == 0) {
                result = new Expr.VectorSelector(vs.name(), vs.matchers(), offset);
            } else if (result instanceof Expr.MatrixSelector ms && ms.selector().offsetMillis() == 0) {
                Expr.VectorSelector s = ms.selector();
                result = new Expr.MatrixSelector(
                        new Expr.VectorSelector(s.name(), s.matchers(), offset), ms.rangeMillis());
            } else {
                throw PromQlException.at(
                        off.column(),
                        "offset modifier must be preceded by an instant vector selector or range vector selector");
            }
        }
        if (peek().kind() == Kind.AT) {
            throw PromQlException.at(peek().column(), "the @ modifier is not supported");
        }
        if (peek().kind() == Kind.LBRACKET) {
            throw PromQlException.at(peek().column(), "ranges only allowed for vector selectors");
        }
        return result;
    }

    private long duration(String expected) {
        Token t = peek();
        if (t.kind() != Kind.DURATION) {
            throw PromQlException.unexpected(t.column(), t.describe(), expected);
        }
        advance();
        return parseDuration(t);
    }

    static long parseDuration(Token t) {
        String s = t.text();
        long total = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (start == i) {
                throw PromQlException.at(t.column(), "bad duration '" + s + "'");
            }
            long n = Long.parseLong(s.substring(start, i));
            long unit;
            if (s.startsWith("ms", i)) {
                unit = 1;
                i += 2;
            } else {
                if (i >= s.length()) {
                    throw PromQlException.at(t.column(), "bad duration '" + s + "': a number needs a unit");
                }
                unit = switch (s.charAt(i)) {
                    case 's' -> 1000L;
                    case 'm' -> 60_000L;
                    case 'h' -> 3_600_000L;
                    case 'd' -> 86_400_000L;
                    case 'w' -> 7 * 86_400_000L;
                    case 'y' -> 365 * 86_400_000L;
                    default -> throw PromQlException.at(t.column(), "bad duration '" + s + "'");
                };
                i++;
            }
            total = Math.addExact(total, Math.multiplyExact(n, unit));
        }
        return total;
    }

    // ---- primary expressions

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER -> {
                advance();
                return new Expr.NumberLiteral(parseNumber(t));
            }
            case STRING -> {
                advance();
                return new Expr.StringLiteral(t.value());
            }
            case LPAREN -> {
                advance();
                Expr inner = expression(0);
                expect(Kind.RPAREN, "')'");
                return new Expr.Paren(inner);
            }
            case LBRACE -> {
                return selector(null, t);
            }
            case IDENT -> {
                return identifier(t);
            }
            default -> throw PromQlException.unexpected(t.column(), t.describe(), "an expression");
        }
    }

    private static double parseNumber(Token t) {
        String s = t.text();
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseLong(s.substring(2), 16);
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw PromQlException.at(t.column(), "bad number '" + s + "'");
        }
    }

    private Expr identifier(Token t) {
        String lower = t.text().toLowerCase(Locale.ROOT);
        if (lower.equals("inf") || lower.equals("nan")) {
            advance();
            return new Expr.NumberLiteral(lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN);
        }
        if (KEYWORDS.contains(lower)) {
            throw PromQlException.unexpected(t.column(), "keyword '" + t.text() + "'", "an expression");
        }
        AggregateOp agg = AggregateOp.byName(t.text());
        if (agg != null) {
            advance();
            return aggregate(agg, t);
        }
        if (peekAhead().kind() == Kind.LPAREN) {
            Function f = Function.byName(t.text());
            if (f == null) {
                throw PromQlException.at(t.column(), "unknown function with name \"" + t.text() + "\"");
            }
            advance();
            return call(f, t);
        }
        advance();
        return selector(t.text(), t);
    }

    private Expr call(Function f, Token nameToken) {
        expect(Kind.LPAREN, "'('");
        List<Integer> columns = new ArrayList<>();
        List<Expr> args = arguments(columns);
        expect(Kind.RPAREN, args.isEmpty() ? "an expression or ')'" : "',' or ')'");
        if (args.size() != f.argTypes().size()) {
            throw PromQlException.at(
                    nameToken.column(),
                    "expected " + f.argTypes().size() + " argument(s) in call to \"" + f.promName() + "\", got "
                            + args.size());
        }
        for (int i = 0; i < args.size(); i++) {
            Expr.Type want = f.argTypes().get(i);
            if (args.get(i).type() != want) {
                throw PromQlException.at(
                        columns.get(i),
                        "expected type " + want + " in call to function \"" + f.promName() + "\", got "
                                + args.get(i).type());
            }
        }
        return new Expr.Call(f, args);
    }

    /** Comma-separated expressions up to (not including) ')'; the column of each goes to {@code columns}. */
    private List<Expr> arguments(List<Integer> columns) {
        List<Expr> args = new ArrayList<>();
        if (peek().kind() == Kind.RPAREN) {
            return args;
        }
        while (true) {
            columns.add(peek().column());
            args.add(expression(0));
            if (peek().kind() != Kind.COMMA) {
                return args;
            }
            advance();
        }
    }

    private Expr aggregate(AggregateOp op, Token opToken) {
        List<String> grouping = List.of();
        boolean without = false;
        boolean grouped = false;
        if (isKeyword(peek(), "by") || isKeyword(peek(), "without")) {
            without = isKeyword(advance(), "without");
            grouping = labelList();
            grouped = true;
        }
        expect(Kind.LPAREN, "'(' after " + op.name().toLowerCase(Locale.ROOT));
        List<Integer> columns = new ArrayList<>();
        List<Expr> args = arguments(columns);
        expect(Kind.RPAREN, "',' or ')'");
        int want = op.hasParameter() ? 2 : 1;
        if (args.size() != want) {
            throw PromQlException.at(
                    opToken.column(),
                    "wrong number of arguments for aggregate expression provided, expected " + want + ", got "
                            + args.size());
        }
        if (!grouped && (isKeyword(peek(), "by") || isKeyword(peek(), "without"))) {
            without = isKeyword(advance(), "without");
            grouping = labelList();
        }
        Expr param = op.hasParameter() ? args.get(0) : null;
        Expr body = args.get(args.size() - 1);
        if (param != null && param.type() != Expr.Type.SCALAR) {
            throw PromQlException.at(
                    columns.get(0),
                    "expected type scalar in aggregation parameter of "
                            + op.name().toLowerCase(Locale.ROOT) + ", got " + param.type());
        }
        if (body.type() != Expr.Type.VECTOR) {
            throw PromQlException.at(
                    columns.get(columns.size() - 1),
                    "expected type instant vector in aggregation expression, got " + body.type());
        }
        return new Expr.Aggregate(op, param, body, grouping, without);
    }

    /** {@code (a, b, c)}: label names, keywords allowed, trailing comma allowed. */
    private List<String> labelList() {
        expect(Kind.LPAREN, "'(' and a list of label names");
        List<String> names = new ArrayList<>();
        while (peek().kind() != Kind.RPAREN) {
            Token n = expect(Kind.IDENT, "a label name or ')'");
            if (n.text().indexOf(':') >= 0) {
                throw PromQlException.at(n.column(), "invalid label name '" + n.text() + "'");
            }
            names.add(n.text());
            if (peek().kind() == Kind.COMMA) {
                advance();
            } else if (peek().kind() != Kind.RPAREN) {
                throw PromQlException.unexpected(peek().column(), peek().describe(), "',' or ')'");
            }
        }
        advance();
        return names;
    }

    private Expr selector(@Nullable String name, Token start) {
        List<LabelMatcher> matchers = new ArrayList<>();
        if (name != null) {
            matchers.add(LabelMatcher.eq(Labels.NAME, name));
        }
        if (peek().kind() == Kind.LBRACE) {
            advance();
            while (peek().kind() != Kind.RBRACE) {
                Token label = expect(Kind.IDENT, "a label name or '}'");
                Token op = advance();
                LabelMatcher.Type type = switch (op.kind()) {
                    case ASSIGN -> LabelMatcher.Type.EQ;
                    case NEQ -> LabelMatcher.Type.NEQ;
                    case EQ_REGEX -> LabelMatcher.Type.RE;
                    case NEQ_REGEX -> LabelMatcher.Type.NRE;
                    default ->
                        throw PromQlException.unexpected(
                                op.column(), op.describe(), "a label matching operator (=, !=, =~, !~)");
                };
                Token value = expect(Kind.STRING, "a quoted label value");
                if (name != null && label.text().equals(Labels.NAME)) {
                    throw PromQlException.at(label.column(), "metric name must not be set twice: \"" + name + "\"");
                }
                try {
                    matchers.add(LabelMatcher.of(label.text(), type, value.value()));
                } catch (IllegalArgumentException e) {
                    throw PromQlException.at(value.column(), String.valueOf(e.getMessage()));
                }
                if (peek().kind() == Kind.COMMA) {
                    advance();
                } else if (peek().kind() != Kind.RBRACE) {
                    throw PromQlException.unexpected(peek().column(), peek().describe(), "',' or '}'");
                }
            }
            advance();
        }
        if (matchers.isEmpty() || matchers.stream().allMatch(m -> m.matches(Labels.of()))) {
            throw PromQlException.at(start.column(), "vector selector must contain at least one non-empty matcher");
        }
        return new Expr.VectorSelector(name, matchers, 0);
    }
}
