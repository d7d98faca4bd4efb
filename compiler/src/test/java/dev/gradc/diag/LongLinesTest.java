package dev.gradc.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics of programs written on one long line, as programs that write programs write them. Each diagnostic
 * printed its whole source line: 2,000 malformed numbers on a 12 KB line printed 36 MB, and 20,000 on a 120 KB line
 * ran a 6 GB heap out of memory. Now a line is shown around the column, at most {@link DiagnosticPrinter#LINE_WIDTH}
 * characters, the first {@link DiagnosticPrinter#MOST_SHOWN} diagnostics are shown and all are counted, and a
 * number quoted in a message is abbreviated.
 */
public class LongLinesTest {

    private static String printed(String program) {
        SourceFile source = new SourceFile("long.grad", program);
        Diagnostics d = BadInput.diagnostics(program);
        Diagnostics named = new Diagnostics();
        d.sorted().forEach(x -> named.add(new Diagnostic(x.severity(), x.message(),
                new Span("long.grad", x.span().line(), x.span().column(), x.span().endLine(), x.span().endColumn()))));
        return new DiagnosticPrinter(Map.of("long.grad", source)).formatAll(named);
    }

    /** At most 300 characters of a text, for a failure's message. */
    private static String cut(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " characters)";
    }

    private static String malformed(int n) {
        return "fn f(x: real) -> real { return " + String.join(" + ", Collections.nCopies(n, "0x1")) + "; }\n";
    }

    @Test
    void manyErrorsOnOneLineAreCountedAndTheFirstHundredShown() {
        String out = printed(malformed(2000));
        assertTrue(out.endsWith("only the first 100 of 2000 diagnostics are shown\n2000 errors\n"),
                out.substring(Math.max(0, out.length() - 300)));
        assertEquals(100, out.lines().filter(l -> l.startsWith("long.grad:1:")).count());
        assertTrue(out.length() < 100 * 300, "printed " + out.length() + " characters");
        // As many errors again on a line ten times as long print no more.
        String longer = printed(malformed(20000));
        assertTrue(longer.length() < out.length() + 100, out.length() + " then " + longer.length());
    }

    @Test
    void aLongLineIsShownAroundTheColumnWithTheCaretUnderIt() {
        String program = "fn f(x: real) -> real { y = x" + " + x".repeat(3000) + " + 0x1" + " + x".repeat(3000)
                + "; return y; }\n";
        String out = printed(program);
        String[] lines = out.split("\n");
        assertTrue(lines[0].startsWith("long.grad:1:"), cut(out));
        int column = Integer.parseInt(lines[0].split(":")[2]);
        assertEquals("0x1", program.substring(column - 1, column + 2));
        String shown = lines[1];
        String caret = lines[2];
        assertTrue(shown.startsWith("...") && shown.endsWith("..."), cut(shown));
        assertTrue(shown.length() <= DiagnosticPrinter.LINE_WIDTH + 6, cut(shown));
        assertEquals(caret.length() - 1, caret.indexOf('^'));
        assertEquals("0x1", shown.substring(caret.length() - 1, caret.length() + 2));
    }

    @Test
    void anErrorNearTheEndOfALongLineShowsTheLinesEnd() {
        String program = "fn f(x: real) -> real { y = x" + " + x".repeat(3000) + " + 0x1; return y; }\n";
        String[] lines = printed(program).split("\n");
        String shown = lines[1];
        String caret = lines[2];
        assertTrue(shown.startsWith("...") && shown.endsWith("return y; }"), cut(shown));
        assertEquals("0x1", shown.substring(caret.length() - 1, caret.length() + 2));
    }

    @Test
    void theCaretCountsCharactersOutsideTheBasicPlaneOnce() {
        String program = "fn f(x: real) -> real { /* \uD835\uDC65\uD835\uDC66 */ return x + 0x1; }\n";
        String[] lines = printed(program).split("\n");
        int caret = lines[2].indexOf('^');
        assertEquals("0x1", new String(lines[1].codePoints().skip(caret).limit(3).toArray(), 0, 3), lines[1]);
    }

    @Test
    void aShortLineIsShownWhole() {
        String program = "fn f(x: real) -> real {\n  return x + 0x1;\n}\n";
        String[] lines = printed(program).split("\n");
        assertEquals("  return x + 0x1;", lines[1]);
        assertEquals("             ^", lines[2]);
    }

    @Test
    void aLongNumberIsAbbreviatedInItsMessage() {
        String digits = "9".repeat(5000);
        String out = printed("fn f(x: real) -> real { return x * " + digits + "; }\n");
        String first = out.lines().findFirst().orElseThrow();
        assertTrue(first.contains("(5000 characters)") && first.length() < 200, cut(first));
    }

    /** Whether a text holds half a surrogate pair. */
    public static boolean halfAPair(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
        // Comments of U+1D465 (two chars each) on both sides of an error: whichever the offset, no half pair shown.
        for (int shift = 0; shift < 2; shift++) {
            String program = "fn f(x: real) -> real { /*" + "\uD835\uDC65".repeat(400) + "a".repeat(shift)
                    + "*/ return x + 0x1; /*" + "a".repeat(shift) + "\uD835\uDC65".repeat(400) + "*/ }\n";
            String out = printed(program);
            assertTrue(out.lines().skip(1).findFirst().orElseThrow().startsWith("..."), cut(out));
            assertTrue(!halfAPair(out), cut(out));
            String[] lines = out.split("\n");
            int caret = lines[2].indexOf('^');
            assertEquals("0x1", new String(lines[1].codePoints().skip(caret).limit(3).toArray(), 0, 3), cut(out));
        }
    }
}
