package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Interpreted;
import dev.gradc.testing.Programs;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A sum over a line and an add of a line into a row, over the same range and reading a common operand, are one
 * loop ({@link SharedLoops}), the arrays only they read one element local: the adjoint of a row update
 * {@code U[i, :] = U[i, :] - a * U[k, :]} makes one pass over the row (the negated row adjoint, the dot for
 * {@code aBar}, the add into row k), where it made three. Rows i and k may be the same row (entry j is read
 * before trip j writes it). A write between the sum and the add keeps them apart. The negated row adjoint is read
 * as it is and the loop subtracts its terms ({@link FoldedNegation}), also when the add is a choice (a reached flag)
 * and when the line is divided. Values and gradients are the interpreter's and central differences'. The pivoted
 * elimination reads column 0 in every trip ({@code U[N - 1, 0]}), so its row update stays a row update (else
 * passes/DeadColumns makes it the element loop right of the pivot).
 */
class SharedLoopsTest {

    private static final String SOURCE = """
            module loops.SharedRows;
            @grad(x)
            fn nest<N>(x: real[N, N], c: real) -> real {
              U = x;
              for k in 0..N-1 {
                for i in k+1..N {
                  m = U[i, k] * c;
                  U[i, :] = U[i, :] - m * U[k, :];
                }
              }
              return sum(U * U);
            }
            @grad(x)
            fn rows<N>(x: real[N, N], i: int, k: int) -> real {
              X = x * 1.0;
              a = X[0, 0] * 0.5;
              X[i, :] = X[i, :] - a * X[k, :];
              return sum(X * X);
            }
            @grad(x)
            fn quotient<N>(x: real[N, N], i: int, k: int) -> real {
              X = x * 1.0;
              c = X[i, 0] + 2.0;
              X[i, :] = X[i, :] - X[k, :] / c;
              return sum(X * X);
            }
            @grad(x)
            fn pivoted<N>(x: real[N, N], n: int) -> real {
              U = x * 1.0;
              d = 1;
              for k in 0..n {
                p = k;
                best = abs(U[k, k]);
                for i in k+1..N { if (abs(U[i, k]) > best) { p = i; best = abs(U[i, k]); } }
                if (p != k) { row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row; d = -d; }
                d = d * U[k, k] * (1 + U[N - 1, 0] * 0.001);
                for i in k+1..N { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }
              }
              return d;
            }
            @grad(x)
            fn between<N>(x: real[N, N], w: real[N], i: int, k: int) -> real {
              X = x * 1.0;
              s = sum(X[i, :] * w);
              X[k, :] += w * X[i, 0];
              return s * sum(X * X);
            }
            """;

    private static final ModuleIr MODULE = Programs.compile(SOURCE);
    private static final CompiledModule COMPILED = CompiledModule.load(MODULE);
    private static final String JAVA = JavaEmitter.emit(MODULE).source();
    /** A sum's step followed in the same loop body by an add into a row: {@code s += …; x[o + j] += …}. */
    private static final Pattern SHARED = Pattern.compile("\\w+ [+-]= [^;\\n]*;\\n\\s*\\w+\\[t\\d+ \\+ j\\] [+-]= ");
    /** A shared loop's line local, negated ({@code double e = -UBar[o + j];}) or not. */
    private static final Pattern NEGATED = Pattern.compile("double \\w+ = -\\w+\\[t\\d+ \\+ j\\];");
    private static final Pattern FOLDED = Pattern.compile(
            "double (\\w+) = \\w+\\[t\\d+ \\+ j\\];\\n\\s*\\w+ -= \\1 \\* [^;\\n]*;\\n\\s*\\w+\\[t\\d+ \\+ j\\] -= ");

    private static int shared(String fn) {
        Matcher m = SHARED.matcher(gradient(fn));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The text of fn's gradient methods (with the parts it is split into), sizes given as arguments. */
    private static String gradient(String fn) {
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile(" " + fn + "Grad(Part\\w*)?\\(int N").matcher(JAVA);
        while (m.find()) {
            out.append(JAVA, m.start(), JAVA.indexOf("\n    }\n", m.start()));
        }
        assertTrue(out.length() > 0, fn + "\n" + JAVA);
        return out.toString();
    }

    @Test
    void theRowUpdatesAdjointIsOnePassOverTheRow() {
        assertTrue(shared("nest") >= 1, gradient("nest"));
        // the negated row adjoint is an element local, with no array filled in a pass of its own
        assertEquals(0, Pattern.compile("\\w+\\[j\\] = -\\w+\\[t\\d+ \\+ j\\];").matcher(JAVA).results().count(), JAVA);
        assertTrue(shared("rows") >= 1, gradient("rows"));
    }

    @Test
    void theNegatedRowAdjointIsReadAsItIsAndItsTermsSubtracted() {
        for (String fn : new String[] {"nest", "rows", "quotient", "pivoted"}) {
            assertEquals(0, NEGATED.matcher(gradient(fn)).results().count(), gradient(fn));
            assertTrue(FOLDED.matcher(gradient(fn)).find(), gradient(fn));
        }
        // in the loop, the add is a choice (whether the array's adjoint was reached yet) whose zero is written -0.0
        assertTrue(gradient("pivoted").contains(" : -0.0;"), gradient("pivoted"));
    }

    @Test
    void aWriteBetweenTheSumAndTheAddKeepsThemApart() {
        assertEquals(0, shared("between"), gradient("between"));
    }

    @Test
    void gradientsAreTheInterpretersAndCentralDifferences() {
        int n = 5;
        double[] x = normal(n * n, 21);
        double[] w = normal(n, 22);
        NDArray xs = new NDArray(x.clone(), new int[] {n, n});
        Interpreted.assertValueAndXGradient(MODULE, COMPILED, "nest", Map.of("N", n), new Object[] {n, x, 0.7},
                new Object[] {xs, NDArray.scalar(0.7)});
        central("nest", x, new Object[] {n, x, 0.7});
        for (int trips : new int[] {0, 1, 2, n}) {
            Object[] args = {n, x, trips};
            Interpreted.assertValueAndXGradient(MODULE, COMPILED, "pivoted", Map.of("N", n), args,
                    new Object[] {xs, trips});
            central("pivoted", x, args);
        }
        for (int[] ik : new int[][] {{3, 1}, {1, 3}, {2, 2}, {0, 0}}) {
            Object[] args = {n, x, ik[0], ik[1]};
            Interpreted.assertValueAndXGradient(MODULE, COMPILED, "rows", Map.of("N", n), args,
                    new Object[] {xs, ik[0], ik[1]});
            central("rows", x, args);
            for (String fn : new String[] {"quotient"}) {
                Interpreted.assertValueAndXGradient(MODULE, COMPILED, fn, Map.of("N", n), args,
                        new Object[] {xs, ik[0], ik[1]});
                central(fn, x, args);
            }
            Object[] between = {n, x, w, ik[0], ik[1]};
            Interpreted.assertValueAndXGradient(MODULE, COMPILED, "between", Map.of("N", n), between,
                    new Object[] {xs, new NDArray(w.clone(), new int[] {n}), ik[0], ik[1]});
            central("between", x, between);
        }
    }

    /** The compiled gradient with respect to x (args[1]) against central differences of the compiled value. */
    private static void central(String fn, double[] x, Object[] args) {
        double[] grad = (double[]) COMPILED.grad(fn, args).parts().get("x");
        double h = 1e-6;
        for (int q = 0; q < x.length; q++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[q] += h;
            down[q] -= h;
            Object[] upArgs = args.clone();
            Object[] downArgs = args.clone();
            upArgs[1] = up;
            downArgs[1] = down;
            double d = (((Number) COMPILED.value(fn, upArgs)).doubleValue()
                    - ((Number) COMPILED.value(fn, downArgs)).doubleValue()) / (2 * h);
            assertEquals(d, grad[q], 1e-6 * (1 + Math.abs(d)), fn + ": x[" + q + "]");
        }
    }

    private static double[] normal(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 * r.nextGaussian();
        }
        return x;
    }
}
