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
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Parses one source file into an {@link Ast.Module}. Lexical and syntax errors become diagnostics;
 * ANTLR never prints to the console. Returns null when the file has syntax errors.
 */
public final class Parser {

    private Parser() {
    }

    public static Ast.Module parse(SourceFile source, Diagnostics diagnostics) {
        String file = source.name();
        GradLexer lexer = new GradLexer(CharStreams.fromString(source.text(), file));
        lexer.removeErrorListeners();
        List<Token> good = new ArrayList<>();
        int before = diagnostics.errorCount();
        for (Token t = lexer.nextToken(); ; t = lexer.nextToken()) {
            if (t.getType() == GradLexer.ERROR_CHAR) {
                diagnostics.error(Span.of(file, t.getLine(), t.getCharPositionInLine(), 1),
                        Messages.unexpectedCharacter(t.getText()));
            } else if (t.getType() == GradLexer.UNTERMINATED_COMMENT) {
                diagnostics.error(Span.of(file, t.getLine(), t.getCharPositionInLine(), 2),
                        Messages.unterminatedComment());
            } else {
                good.add(t);
            }
            if (t.getType() == Token.EOF) {
                break;
            }
        }
        GradParser parser = new GradParser(new CommonTokenStream(new ListTokenSource(good, file)));
        parser.removeErrorListeners();
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col,
                                    String msg, RecognitionException e) {
                Token tok = offending instanceof Token t ? t : null;
                int len = tok == null || tok.getText() == null ? 1 : tok.getText().length();
                diagnostics.error(Span.of(file, line, col, len), syntaxMessage(parser, tok));
            }
        });
        GradParser.FileContext tree = parser.file();
        if (diagnostics.errorCount() > before) {
            return null;
        }
        return new AstBuilder(file, diagnostics).module(tree);
    }

    private static String syntaxMessage(GradParser parser, Token tok) {
        String found = tok == null || tok.getType() == Token.EOF ? null : tok.getText();
        List<String> expected = new ArrayList<>();
        try {
            IntervalSet set = parser.getExpectedTokens();
            if (set.size() <= 6) {
                for (int type : set.toList()) {
                    expected.add(type == Token.EOF ? "end of file" : parser.getVocabulary().getDisplayName(type));
                }
            }
        } catch (RuntimeException ignored) {
            // the expected set is a courtesy; the message stands without it
        }
        return Messages.syntax(found, expected);
    }
}
