package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An elementwise op whose operand is this code's own array and dead after it writes its result into that
 * operand instead of a new array: the adjoints that loops give back, summed at the end ({@code xBar = zBar +
 * xBar}, the gradient of a recurrence written in place), allocate nothing. The generated text writes into an
 * operand, the gradient allocates one array of M fewer, the caller's arrays are untouched, and every engine's
 * gradient (interpreter, tape, compiled) and the tangent match central differences.
 */
class DeadOperandWritesTest {

    private static final String[] PROGRAMS = {
        // the adjoint of z (the loop's) and of x (summed from the loop's trips) added at the end
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { z[i] = z[i-1] * a + x[i]; }
          return sum(z);
        }
        """,
        // three adjoints of x summed, through an elementwise op fused into the sum's loop
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          y = x * a;
          z = x;
          for i in 1..6 { z[i] = z[i-1] * a + y[i]; }
          w = z * a;
          for i in 1..6 { w[i] = w[i] + w[i-1] * x[i]; }
          return sum(w * y) + sum(z);
        }
        """,
        // the loop's array read after the elementwise op that reads it: not written into
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { z[i] = z[i-1] * a + x[i]; }
          w = z * a + z;
          return sum(w * z) + z[0] * z[idx[1]];
        }
        """,
        // an entry of the array read by the op on every element: not written into
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { z[i] = z[i-1] * a + x[i]; }
          w = z * z[idx[0]] + x;
          return sum(w * w);
        }
        """,
    };

    private static final String SIZED = """
            @grad(x, a)
            fn f<M>(x: real[M], a: real) -> real {
              z = x;
              for i in 1..M { z[i] = z[i-1] * a + x[i]; }
              return sum(z);
            }
            """;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void everyEnginesGradientAndTheTangentMatchCentralDifferences(int which) {
        LoopProgramChecks.gradientsAndTangentMatchCentralDifferences(PROGRAMS[which]);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void theAdjointsSummedAtTheEndAreWrittenIntoOneOfThem(int which) {
        String grad = method(sized(PROGRAMS[which]), "fGrad(");
        // x's adjoint is a sum written into one of its operands (other sums may be written into theirs, an
        // adjoint made in an earlier part of a split method too; its loop's index is j or, in a part of its own, i),
        // and returned
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\n\\s+(\\w+)\\[(\\w+)\\] = [^;]*\\b\\1\\[\\2\\]")
                .matcher(grad);
        assertTrue(grad.contains("return new F.Grad("), grad);
        String tail = grad.substring(grad.indexOf("return new F.Grad("));
        boolean returnedOne = false;
        boolean found = false;
        while (m.find()) {
            found = true;
            // returned as it is, or (a method split into parts) handed to the return through its frame
            returnedOne |= tail.matches("(?s)return new F\\.Grad\\([^,]*, " + m.group(1) + ", .*");
            java.util.regex.Matcher frame = java.util.regex.Pattern.compile("\\n\\s+(objects\\[\\d+\\]) = " + m.group(1)
                    + ";").matcher(grad);
            while (frame.find()) {
                String returned = "\\(\\(double\\[\\]\\) " + frame.group(1).replace("[", "\\[").replace("]", "\\]") + "\\)";
                returnedOne |= tail.matches("(?s)return new F\\.Grad\\([^,]*, " + returned + ", .*");
            }
        }
        assertTrue(found, "a sum written into an operand:\n" + grad);
        assertTrue(returnedOne, "returned as x's adjoint:\n" + grad);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void anArrayReadAfterTheOpOrAtAnotherEntryIsNotWrittenInto(int which) {
        String grad = method(sized(PROGRAMS[which]), "fGrad(");
        assertTrue(grad.contains("double[] w = new double[M]"), "w has an array of its own:\n" + grad);
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 2_000})
    void theRecurrencesGradientAllocatesThreeArraysOfM(int m) {
        CompiledModule compiled = CompiledModule.load(Programs.compile(SIZED));
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = 0.5 + 0.4 * Math.sin(i);
        }
        double[] before = x.clone();
        Runnable call = () -> compiled.grad("f", m, x, 0.9);
        long bytes = Allocation.warm(call);
        for (int k = 0; k < 2; k++) {
            bytes = Math.min(bytes, Allocation.of(call));
        }
        // z, zBar and xBar (8 bytes an element each) and a few hundred bytes; a fourth array for zBar + xBar
        // made it 32 bytes an element
        assertTrue(bytes < 26L * m, bytes + " bytes at M = " + m);
        assertTrue(bytes > 24L * m, bytes + " bytes at M = " + m);
        assertArrayEquals(before, x, "the caller's x is untouched");
        double[] g = (double[]) compiled.grad("f", m, x, 0.9).parts().get("x");
        // d sum(z) / dx[i] = sum over k >= i of a^(k-i)
        double want = 0;
        for (int k = m - 1; k >= 0; k--) {
            want = 1 + 0.9 * want;
            assertEquals(want, g[k], 1e-12 * want, "d/dx[" + k + "]");
        }
    }

    /** The generated Java of a program above with x of size M (a loop of 6 trips would be written out). */
    private static String sized(String program) {
        String text = program.replace("fn f(", "@grad(x, a)\nfn f<M>(").replace("real[6]", "real[M]").replace("1..6", "1..M");
        return CompiledModule.load(Programs.compile(text)).emitted().source();
    }

    /**
     * The text of the generated method whose signature contains {@code signature}, with the helper methods it is
     * split into when long ({@code fGradPart0}, ...), which follow it.
     */
    private static String method(String java, String signature) {
        int start = java.indexOf(signature);
        assertTrue(start >= 0, signature + " in\n" + java);
        int end = java.indexOf("\n    }\n", start);
        String parts = "\n    }\n\n    private static void " + signature.replace("(", "") + "Part";
        while (java.startsWith(parts, end)) {
            end = java.indexOf("\n    }\n", end + parts.length());
        }
        return java.substring(start, end);
    }
}
