package io.triad.metrics.query;

import java.util.ArrayList;
import java.util.List;

/** Splits a PromQL query into tokens; a pure function of the text. */
final class Lexer {

    enum Kind {
        IDENT,
        NUMBER,
        DURATION,
        STRING,
        LBRACE,
        RBRACE,
        LPAREN,
        RPAREN,
        LBRACKET,
        RBRACKET,
        COMMA,
        COLON,
        AT,
        ADD,
        SUB,
        MUL,
        DIV,
        MOD,
        POW,
        EQLC,
        NEQ,
        LSS,
        GTR,
        LTE,
        GTE,
        ASSIGN,
        EQ_REGEX,
        NEQ_REGEX,
        EOF
    }

    /** One token; {@code column} is 1-based; {@code value} is the unquoted text of a string. */
    record Token(Kind kind, String text, String value, int column) {
        String describe() {
            return switch (kind) {
                case EOF -> "end of input";
                case STRING -> "string " + text;
                case NUMBER -> "number " + text;
                case DURATION -> "duration " + text;
                case IDENT -> "identifier '" + text + "'";
                default -> "'" + text + "'";
            };
        }
    }

    private final String in;
    private int pos;

    private Lexer(String in) {
        this.in = in;
    }

    static List<Token> tokens(String query) {
        Lexer l = new Lexer(query);
        List<Token> out = new ArrayList<>();
        while (true) {
            Token t = l.next();
            out.add(t);
            if (t.kind() == Kind.EOF) {
                return out;
            }
        }
    }

    private Token next() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == '#') {
                while (pos < in.length() && in.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                break;
            }
        }
        int start = pos;
        if (pos >= in.length()) {
            return new Token(Kind.EOF, "", "", start + 1);
        }
        char c = in.charAt(pos);
        if (isIdentStart(c)) {
            while (pos < in.length() && (isIdentStart(in.charAt(pos)) || isDigit(in.charAt(pos)))) {
                pos++;
            }
            return token(Kind.IDENT, start);
        }
        if (isDigit(c) || (c == '.' && pos + 1 < in.length() && isDigit(in.charAt(pos + 1)))) {
            return number(start);
        }
        if (c == '"' || c == '\'' || c == '`') {
            return string(start, c);
        }
        pos++;
        char n = pos < in.length() ? in.charAt(pos) : '\0';
        return switch (c) {
            case '{' -> token(Kind.LBRACE, start);
            case '}' -> token(Kind.RBRACE, start);
            case '(' -> token(Kind.LPAREN, start);
            case ')' -> token(Kind.RPAREN, start);
            case '[' -> token(Kind.LBRACKET, start);
            case ']' -> token(Kind.RBRACKET, start);
            case ',' -> token(Kind.COMMA, start);
            case ':' -> token(Kind.COLON, start);
            case '@' -> token(Kind.AT, start);
            case '+' -> token(Kind.ADD, start);
            case '-' -> token(Kind.SUB, start);
            case '*' -> token(Kind.MUL, start);
            case '/' -> token(Kind.DIV, start);
            case '%' -> token(Kind.MOD, start);
            case '^' -> token(Kind.POW, start);
            case '=' ->
                n == '=' ? two(Kind.EQLC, start) : n == '~' ? two(Kind.EQ_REGEX, start) : token(Kind.ASSIGN, start);
            case '!' -> {
                if (n == '=') {
                    yield two(Kind.NEQ, start);
                }
                if (n == '~') {
                    yield two(Kind.NEQ_REGEX, start);
                }
                throw PromQlException.unexpected(start + 1, "character '!'", "'!=' or '!~'");
            }
            case '<' -> n == '=' ? two(Kind.LTE, start) : token(Kind.LSS, start);
            case '>' -> n == '=' ? two(Kind.GTE, start) : token(Kind.GTR, start);
            default -> throw PromQlException.unexpected(start + 1, "character '" + c + "'", "a token");
        };
    }

    private Token two(Kind kind, int start) {
        pos++;
        return token(kind, start);
    }

    private Token token(Kind kind, int start) {
        String text = in.substring(start, pos);
        return new Token(kind, text, text, start + 1);
    }

    private Token number(int start) {
        if (in.startsWith("0x", pos) || in.startsWith("0X", pos)) {
            pos += 2;
            while (pos < in.length() && Character.digit(in.charAt(pos), 16) >= 0) {
                pos++;
            }
            return token(Kind.NUMBER, start);
        }
        while (pos < in.length() && isDigit(in.charAt(pos))) {
            pos++;
        }
        if (pos < in.length() && isDurationUnit(pos)) {
            // 5m, 1h30m, 100ms: a duration.
            while (pos < in.length() && (isDigit(in.charAt(pos)) || isDurationUnit(pos))) {
                pos += in.startsWith("ms", pos) ? 2 : 1;
            }
            return token(Kind.DURATION, start);
        }
        if (pos < in.length() && in.charAt(pos) == '.') {
            pos++;
            while (pos < in.length() && isDigit(in.charAt(pos))) {
                pos++;
            }
        }
        if (pos < in.length() && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < in.length() && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < in.length() && isDigit(in.charAt(pos))) {
                while (pos < in.length() && isDigit(in.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        return token(Kind.NUMBER, start);
    }

    private boolean isDurationUnit(int at) {
        char c = in.charAt(at);
        if (c == 'm' && in.startsWith("ms", at)) {
            return true;
        }
        if ("smhdwy".indexOf(c) < 0) {
            return false;
        }
        // "5m" but not "5max": the unit must not run into an identifier.
        int after = c == 'm' && in.startsWith("ms", at) ? at + 2 : at + 1;
        return after >= in.length() || !Character.isLetter(in.charAt(after)) || isDurationUnit(after);
    }

    private Token string(int start, char quote) {
        StringBuilder b = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= in.length()) {
                throw PromQlException.unexpected(
                        pos + 1, "end of input", "the closing " + quote + " of the string at " + (start + 1));
            }
            char c = in.charAt(pos++);
            if (c == quote) {
                break;
            }
            if (c == '\\' && quote != '`') {
                if (pos >= in.length()) {
                    continue;
                }
                char e = in.charAt(pos++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case '\\', '"', '\'' -> b.append(e);
                    case 'u' -> {
                        if (pos + 4 > in.length()) {
                            throw PromQlException.at(pos, "invalid escape sequence \\u");
                        }
                        try {
                            b.append((char) Integer.parseInt(in.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw PromQlException.at(pos, "invalid escape sequence \\u" + in.substring(pos, pos + 4));
                        }
                        pos += 4;
                    }
                    default -> throw PromQlException.at(pos, "unknown escape sequence '\\" + e + "'");
                }
            } else {
                b.append(c);
            }
        }
        return new Token(Kind.STRING, in.substring(start, pos), b.toString(), start + 1);
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
