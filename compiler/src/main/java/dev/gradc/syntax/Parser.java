package dev.gradc.syntax;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.diag.SourceFile;
import dev.gradc.diag.Span;
import dev.gradc.grammar.GradLexer;
import dev.gradc.grammar.GradParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses one source file into an {@link Ast.Module}. Lexical and syntax errors become diagnostics;
 * ANTLR never prints to the console. Returns null when the file has syntax errors.
 */
public final class Parser {

    /** At most this many lexical and this many syntax errors are reported per file, as javac's -Xmaxerrs. */
    static final int MAX_ERRORS = 100;

    private Parser() {
    }

    /** The longest name a program may use (generated code keeps names, and derives longer ones from them). */
    public static final int MAX_IDENTIFIER = 1000;

    public static Ast.Module parse(SourceFile source, Diagnostics diagnostics) {
        String file = source.name();
        GradLexer lexer = new GradLexer(CharStreams.fromString(source.text(), file));
        lexer.removeErrorListeners();
        List<Token> good = new ArrayList<>();
        int before = diagnostics.errorCount();
        int lexical = 0;
        Token previous = null;
        for (Token t = lexer.nextToken(); ; t = lexer.nextToken()) {
            if (t.getType() == GradLexer.ERROR_CHAR) {
                // one diagnostic for a run of stray characters, and at most MAX_ERRORS of them: a binary file
                // must not give a diagnostic (and a copy of its longest line) per byte
                boolean run = previous != null && previous.getType() == GradLexer.ERROR_CHAR
                        && previous.getStopIndex() + 1 == t.getStartIndex();
                if (!run && lexical++ < MAX_ERRORS) {
                    diagnostics.error(Span.of(file, t.getLine(), t.getCharPositionInLine(), 1),
                            Messages.unexpectedCharacter(t.getText()));
                }
            } else if (t.getType() == GradLexer.UNTERMINATED_COMMENT) {
                diagnostics.error(Span.of(file, t.getLine(), t.getCharPositionInLine(), 2),
                        Messages.unterminatedComment());
            } else {
                if (t.getType() == GradLexer.ID && t.getText().length() > MAX_IDENTIFIER && lexical++ < MAX_ERRORS) {
                    // names become Java names and strings in the class file, whose constant pool holds 65,535 bytes
                    diagnostics.error(Span.of(file, t.getLine(), t.getCharPositionInLine(), t.getText().length()),
                            Messages.identifierTooLong(t.getText().length(), MAX_IDENTIFIER));
                }
                good.add(t);
            }
            previous = t;
            if (t.getType() == Token.EOF) {
                break;
            }
        }
        good = malformedNumbers(good, lexer, file, diagnostics);
        Token last = good.size() > 1 ? good.get(good.size() - 2) : null;
        boolean unterminated = diagnostics.sorted().stream()
                .anyMatch(d -> d.message().equals(Messages.unterminatedComment()));
        GradParser parser = new GradParser(new CommonTokenStream(new ListTokenSource(good, file)));
        parser.removeErrorListeners();
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col,
                                    String msg, RecognitionException e) {
                Token tok = offending instanceof Token t ? t : null;
                int len = tok == null || tok.getText() == null ? 1 : tok.getText().length();
                Span at = Span.of(file, line, col, len);
                if (tok != null && tok.getType() == Token.EOF && unterminated) {
                    return; // the unterminated comment, already reported, is why the file ends early
                }
                if (tok != null && tok.getType() == Token.EOF && last != null) {
                    // the end of the file is reported just after its last token, on a line with something on it
                    at = Span.of(file, last.getLine(), last.getCharPositionInLine() + last.getText().length(), 1);
                }
                Token before = previous(recognizer);
                if (tok != null && before != null && tok.getLine() > before.getLine() && expectsSemicolon(parser)) {
                    // like javac: a missing ';' is reported where it is missing, at the end of the line before
                    at = Span.of(file, before.getLine(), before.getCharPositionInLine() + before.getText().length(), 1);
                    diagnostics.error(at, Messages.missingSemicolon());
                } else {
                    diagnostics.error(at, syntaxMessage(parser, tok));
                }
                if (++syntaxErrors >= MAX_ERRORS) {
                    throw new ParseCancellationException("too many syntax errors");
                }
            }

            private int syntaxErrors;
        });
        parser.setErrorHandler(new ShallowRecovery());
        GradParser.FileContext tree;
        try {
            tree = parser.file();
        } catch (ParseCancellationException e) {
            return null; // deep in a broken expression: the first error is reported, the rest is not worth minutes
        }
        if (diagnostics.errorCount() > before) {
            return null;
        }
        return new AstBuilder(file, diagnostics).module(tree);
    }

    /**
     * A number that runs straight into more number, a point or a name ({@code 1.2.3}, {@code 1e}, {@code 2x})
     * lexes as several tokens; report it once as a malformed number and give the parser one number in its place.
     */
    private static List<Token> malformedNumbers(List<Token> tokens, GradLexer lexer, String file,
                                                Diagnostics diagnostics) {
        List<Token> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            int j = i + 1;
            StringBuilder text = new StringBuilder(t.getText());
            if (t.getType() == GradLexer.INT || t.getType() == GradLexer.NUMBER) {
                while (j < tokens.size() && touches(tokens.get(j - 1), tokens.get(j))
                        && continuesNumber(tokens.get(j), text, lexer)) {
                    text.append(tokens.get(j).getText());
                    j++;
                }
            }
            if (j == i + 1) {
                out.add(t);
                continue;
            }
            diagnostics.error(Span.of(file, t.getLine(), t.getCharPositionInLine(), text.length()),
                    Messages.malformedNumber(text.toString()));
            CommonToken number = new CommonToken(t);
            number.setType(GradLexer.NUMBER);
            number.setText(text.toString());
            number.setStopIndex(tokens.get(j - 1).getStopIndex());
            out.add(number);
            i = j - 1;
        }
        return out;
    }

    private static boolean touches(Token a, Token b) {
        return b.getType() != Token.EOF && b.getStartIndex() == a.getStopIndex() + 1;
    }

    private static boolean continuesNumber(Token t, CharSequence soFar, GradLexer lexer) {
        int type = t.getType();
        if (type == GradLexer.INT || type == GradLexer.NUMBER || type == GradLexer.ID) {
            return true;
        }
        String literal = lexer.getVocabulary().getLiteralName(type);
        char last = soFar.charAt(soFar.length() - 1);
        return "'.'".equals(literal)
                || ((last == 'e' || last == 'E') && ("'+'".equals(literal) || "'-'".equals(literal)));
    }

    /**
     * ANTLR's recovery, except deep inside nested rules: there each recovery walks the whole rule stack, once per
     * level as the levels unwind, which made 10,000 unclosed parentheses take minutes. Past {@link #DEEP} levels
     * the parse stops after its first error (which is reported) instead of recovering.
     */
    private static final class ShallowRecovery extends DefaultErrorStrategy {
        private static final int DEEP = 500;

        @Override
        public void recover(org.antlr.v4.runtime.Parser recognizer, RecognitionException e) {
            if (deep(recognizer)) {
                throw new ParseCancellationException(e);
            }
            super.recover(recognizer, e);
        }

        @Override
        public Token recoverInline(org.antlr.v4.runtime.Parser recognizer) {
            if (deep(recognizer)) {
                InputMismatchException e = new InputMismatchException(recognizer);
                reportError(recognizer, e);
                throw new ParseCancellationException(e);
            }
            return super.recoverInline(recognizer);
        }

        private static boolean deep(org.antlr.v4.runtime.Parser recognizer) {
            int depth = 0;
            for (org.antlr.v4.runtime.RuleContext c = recognizer.getContext(); c != null && depth <= DEEP; c = c.parent) {
                depth++;
            }
            return depth > DEEP;
        }
    }

    /** The token before the one the parser stopped at, or null at the start. */
    private static Token previous(Recognizer<?, ?> recognizer) {
        if (recognizer.getInputStream() instanceof org.antlr.v4.runtime.TokenStream ts && ts.index() > 0) {
            return ts.LT(-1);
        }
        return null;
    }

    private static boolean expectsSemicolon(GradParser parser) {
        try {
            int t = semicolon(parser);
            return t > 0 && parser.getExpectedTokens().contains(t);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int semicolon(GradParser parser) {
        for (int t = 1; t <= parser.getVocabulary().getMaxTokenType(); t++) {
            if ("';'".equals(parser.getVocabulary().getLiteralName(t))) {
                return t;
            }
        }
        return -1;
    }

    /** What may start an expression; an expected set holding all of these reads "an expression". */
    private static final List<String> EXPRESSION_START = List.of("ID", "NUMBER", "INT", "'('", "'['", "'-'",
            "'+'", "'!'", "'true'", "'false'");

    private static String syntaxMessage(GradParser parser, Token tok) {
        String found = tok == null || tok.getType() == Token.EOF ? null : tok.getText();
        List<String> expected = new ArrayList<>();
        try {
            IntervalSet set = parser.getExpectedTokens();
            for (int type : set.toList()) {
                expected.add(type == Token.EOF ? "end of file" : parser.getVocabulary().getDisplayName(type));
            }
            if (expected.contains("'while'")) {
                expected.remove("'@'"); // a loop's annotation: the loop is what the reader is missing
            }
            if (expected.containsAll(EXPRESSION_START)) {
                expected.removeAll(EXPRESSION_START);
                expected.add(0, "an expression");
            }
            if (expected.size() > 6) {
                expected.clear();
            }
        } catch (RuntimeException ignored) {
            // the expected set is a courtesy; the message stands without it
            expected.clear();
        }
        return Messages.syntax(found, expected);
    }
}
