package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.testing.GeneratedText;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A loop-invariant matrix read in a loop through a row slice {@code M[a:a+K, :]} whose start moves (an LSTM's
 * layer weights, {@code Wx[r:r+4*H, :]} with {@code r = 4*H*l}): its adjoint, accumulated by the reversal as
 * {@code MBar[a:a+K, :] += ḡ ⊗ h}, is held as one array per row for the whole loop, through an inner loop too
 * (split once before the outermost loop that holds it, joined once after it), and the update adds into the rows
 * from a on, a loop over bare indices that HotSpot vectorises. Truth: the interpreter, the tape, the compiled
 * value method and central differences at zero to four trips, every kept-values budget, the compiled gradient bit
 * for bit the interpreter's, and a compiled Hessian-vector product against central differences of the compiled
 * gradient. The generated text must take the held form where it applies, and not for a matrix the loop also
 * writes. On the code before, the tests of the text fail (the update was {@code WBar[t + o + k] += …}, at an
 * offset into the flat matrix, which C2 does not vectorise).
 */
class RowSliceViewsTest extends TripsAndBudgetsTest {

    /** A moving row slice read in a {@code for}: a matrix defined before the loop. */
    static final String FOR = """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 8, 2);
          h = W[7, :] * y;
          for l in 0..n {
            h = tanh(W[l:l+2, :] @ h + y);
          }
          return sum(h * h);
        }
        """;

    /** The same in a {@code while}, the start twice the counter, the matrix scaled before the loop. */
    static final String WHILE = """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 8, 2) * y;
          h = W[0, :];
          i = 0;
          while (i < n) {
            h = sin(W[2*i:2*i+2, :] @ h) + h * y;
            i = i + 1;
          }
          return sum(h) + y * sum(h * h);
        }
        """;

    /** Two slices of the same matrix in one trip, one moving up and one down. */
    static final String TWO_SLICES = """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 8, 2);
          h = W[1, :] * y;
          for l in 0..n {
            a = W[l:l+2, :] @ h;
            b = W[6-l:8-l, :] @ tanh(h);
            h = tanh(a) + b * y;
          }
          return sum(h * h) + sum(h);
        }
        """;

    /** The slice in the loop, and the whole matrix read by a product before and after it. */
    static final String WHOLE_TOO = """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 8, 2);
          h = W[3, :] * y;
          z = W @ h;
          for l in 0..n {
            h = tanh(W[l:l+2, :] @ h + z[l:l+2] * y);
          }
          return sum(h * h) + y * sum(W @ h);
        }
        """;

    /**
     * The slice, and the whole matrix read by a product in the same trip: WBar's next value adds an outer product
     * into the whole after one into the slice. Checked by the engines; not held as rows (yet): the held forms take
     * either whole updates ({@code WBar + a ⊗ b}) or slice updates, not a chain of both.
     */
    static final String WHOLE_IN_TRIP = """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 8, 2);
          h = W[3, :] * y;
          for l in 0..n {
            z = W @ h;
            h = tanh(W[l:l+2, :] @ h + z[l:l+2] * y);
          }
          return sum(h * h);
        }
        """;

    /** The slice's adjoint written in a loop inside a loop (an LSTM's layers in its steps). */
    static final String NESTED = """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 8, 2);
          h = W[0, :] * y;
          loss = 0;
          for t in 0..n {
            for l in 0..2 {
              r = 2 * l + t;
              h = tanh(W[r:r+2, :] @ h + y);
            }
            loss = loss + sum(h * h);
          }
          return loss + y * sum(h);
        }
        """;

    /** The matrix both read by a slice and updated in the loop: it is no invariant, so no row form. */
    static final String WRITTEN = """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 8, 2);
          h = W[0, :] * y;
          for l in 0..n {
            h = tanh(W[l:l+2, :] @ h);
            W[l+2, :] = W[l+2, :] + h * y;
          }
          return sum(h) + sum(W * W) * y;
        }
        """;

    private static final String[] PROGRAMS = {FOR, WHILE, TWO_SLICES, WHOLE_TOO, WHOLE_IN_TRIP, NESTED, WRITTEN};

    @Override
    String[] programs() {
        return PROGRAMS;
    }

    @Override
    double y(int n) {
        return n == 2 ? -0.6 : 0.7;
    }

    /** The compiled gradient is the interpreter's bit for bit: every row form sums in the interpreter's order. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void theCompiledGradientIsTheInterpretersBitForBit(int n) {
        for (String text : PROGRAMS) {
            var answers = Engines.run(text, Engines.X16.clone(), y(n), n);
            for (String p : List.of("x", "y")) {
                assertArrayEquals(answers.get("interpreter").gradient().get(p), answers.get("compiled").gradient().get(p),
                        0, p + ", n = " + n + ": " + text);
            }
        }
    }

    /** The compiled Hessian-vector product (forward over the reverse loops) against differences of the gradient. */
    @Test
    void theHessianVectorProductIsTheDifferenceOfTheGradient() {
        double[] v = new double[16];
        for (int i = 0; i < 16; i++) {
            v[i] = Math.sin(1.7 * i + 0.3);
        }
        for (String text : PROGRAMS) {
            ModuleIr m = CompiledModule.requesting(Programs.compile(text), "f",
                    new Request(Request.Kind.GRAD, List.of("x")), new Request(Request.Kind.HVP, List.of("x")));
            CompiledModule c = CompiledModule.load(m);
            int n = 3;
            double y = 0.7;
            double h = 1e-5;
            double[] up = Engines.X16.clone();
            double[] down = Engines.X16.clone();
            for (int i = 0; i < 16; i++) {
                up[i] += h * v[i];
                down[i] -= h * v[i];
            }
            double[] gu = (double[]) c.grad("f", up, y, n).parts().get("x");
            double[] gd = (double[]) c.grad("f", down, y, n).parts().get("x");
            CompiledModule.Result hv = c.hvp("f", Engines.X16.clone(), y, n, v);
            double[] got = (double[]) hv.parts().get("xHvp");
            for (int i = 0; i < 16; i++) {
                double want = (gu[i] - gd[i]) / (2 * h);
                assertEquals(want, got[i], 1e-5 * (1 + Math.abs(want)), "H v [" + i + "]: " + text);
            }
        }
    }


    @Test
    void theAdjointOfAMovingSliceIsAccumulatedIntoHeldRows() {
        for (String text : List.of(FOR, WHILE, TWO_SLICES, WHOLE_TOO, NESTED)) {
            String java = GeneratedText.gradientOf(text);
            // WBar[a:a+2, :] += ḡ ⊗ h into the held rows of W's adjoint, from the slice's first row on, joined after
            // the loop (the adjoint is named WBar, or tNBar where it is summed with another)
            assertTrue(Pattern.compile("double\\[\\] (row\\w*) = \\w*Bar\\w*Rows\\[\\w+ \\+ \\w+\\];\\s+[^}]*\\1\\[(\\w+)\\] \\+= \\w+ \\* \\w+\\[\\2\\];")
                    .matcher(java).find(), text + java);
            assertTrue(Pattern.compile("Rows\\.join\\(\\w*Bar\\w*Rows, ").matcher(java).find(), text + java);
            assertFalse(Pattern.compile("Bar\\w*\\[\\w+ \\+ o \\+ \\w+\\] \\+=").matcher(java).find(), text + java);
        }
    }

    /**
     * Nested: WBar is split before the loop over t (the reversal's loops around the layer loop) and joined after
     * it, not on every run of the loop over l: between the split and the rows' use lie the loop over t, the loop
     * over l and the loop over the slice's rows.
     */
    @Test
    void anInnerLoopAddsIntoTheRowsOfTheLoopAroundIt() {
        String java = GeneratedText.gradientOf(NESTED);
        int split = java.indexOf("double[][] WBarRows = Rows.split(WBar, 8, 2);");
        int use = java.indexOf("= WBarRows[");
        assertTrue(split >= 0 && use > split, java);
        assertTrue(depth(java, use) - depth(java, split) >= 3, java);
        assertEquals(1, GeneratedText.count(java, "Rows\\.split\\(WBar,"), java);
        assertEquals(1, GeneratedText.count(java, "Rows\\.join\\(WBarRows,"), java);
    }

    /** How many blocks are open at a position of Java text. */
    private static int depth(String java, int at) {
        return GeneratedText.count(java.substring(0, at), "\\{") - GeneratedText.count(java.substring(0, at), "\\}");
    }

    /** A matrix the loop writes is no invariant: read and accumulated flat, as before. */
    @Test
    void aMatrixTheLoopWritesKeepsItsFlatForm() {
        String java = GeneratedText.gradientOf(WRITTEN);
        assertFalse(java.contains("Rows.split("), java);
        assertFalse(java.contains("Rows.join("), java);
    }
}
