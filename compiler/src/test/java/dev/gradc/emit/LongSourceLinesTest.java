package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.Gradc;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.lower.ModuleIr;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * A program written on one long line (as programs that write programs write them) is commented in the generated
 * Java once per statement, per part of a split method and per branch. When each comment held the whole line, the
 * Java grew with the square of the line: a sum of 2,000 terms on one line gave 275 KB of Java, 8,000 terms 3.5 MB,
 * 50,000 terms 129 MB. Each comment now shows at most {@link MethodContext#COMMENT_WIDTH} characters of its line.
 */
class LongSourceLinesTest {

    private static String java(String text) {
        Diagnostics d = new Diagnostics();
        ModuleIr m = Gradc.frontEnd(new SourceFile("long.grad", text), null, d);
        assertEquals(0, d.errorCount(), () -> d.sorted().toString());
        return JavaEmitter.emit(m).source();
    }

    /** The Java's length per source character at n and 4n may grow by at most {@code factor}. */
    private static void linear(IntFunction<String> family, int n, double factor) {
        String small = family.apply(n);
        String large = family.apply(4 * n);
        double perChar = (double) java(small).length() / small.length();
        double perCharLarge = (double) java(large).length() / large.length();
        assertTrue(perCharLarge <= factor * perChar,
                () -> "Java per source character " + perChar + " at " + n + ", " + perCharLarge + " at " + 4 * n);
    }

    /** x + x + ... + x, n terms on one line: one long expression, split into many methods. */
    static String sum(int n) {
        return "fn f(x: real) -> real { return " + String.join(" + ", java.util.Collections.nCopies(n, "x")) + "; }\n";
    }

    /** n statements on one line: y = y * 1.5 + x; repeated. */
    static String statements(int n) {
        return "fn f(x: real) -> real { y = x; " + "y = y * 1.5 + x; ".repeat(n) + "return y; }\n";
    }

    /** n branches nested on one line. */
    static String branches(int n) {
        return "fn f(x: real) -> real { y = x; " + "if (y > 0) { y = y * 2; ".repeat(n) + "}".repeat(n)
                + " return y; }\n";
    }

    @Test
    void oneLineProgramsGiveJavaInProportionToTheirLength() {
        linear(LongSourceLinesTest::sum, 1000, 1.3);
        linear(LongSourceLinesTest::statements, 300, 1.3);
        linear(LongSourceLinesTest::branches, 100, 1.3);
    }

    @Test
    void aLongLineIsShownAroundTheNodesColumn() {
        String line = "  " + "a".repeat(300) + " = " + "b".repeat(300);
        String start = MethodContext.excerpt(line, 3);
        assertTrue(start.equals("a".repeat(MethodContext.COMMENT_WIDTH) + " ..."), () -> start.substring(0, Math.min(120, start.length())));
        String middle = MethodContext.excerpt(line, 306);
        assertTrue(middle.length() <= MethodContext.COMMENT_WIDTH + 8, () -> middle.substring(0, Math.min(120, middle.length())));
        assertTrue(middle.startsWith("... ") && middle.endsWith(" ..."), middle);
        assertTrue(middle.contains("a = b"), middle);
        String end = MethodContext.excerpt(line, line.length());
        assertTrue(end.startsWith("... ") && end.endsWith("b"), end);
        assertEquals("x = y + 1;", MethodContext.excerpt("    x = y + 1;   ", 5));
        for (int shift = 0; shift < 2; shift++) {
            String pairs = "a".repeat(shift) + "\uD835\uDC65".repeat(200);
            for (int column = 1; column < pairs.length(); column += 37) {
                String shown = MethodContext.excerpt(pairs, column);
                assertTrue(!dev.gradc.diag.LongLinesTest.halfAPair(shown), shown);
            }
        }
    }
}
