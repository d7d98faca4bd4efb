package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Products {@code Aᵀ·B} whose sizes are names — the adjoint {@code Xᵀ·ȳ} of the right operand of {@code X @ W},
 * k-means' {@code Xᵀ·ā} — are computed k-i-j, each row of A and of B read once, in order
 * ({@code ProductForms.streamsBoth}): the gradient's text has that form (a B that is zero on one side keeps the
 * rows form that skips its zeros), and the compiled value and gradient are the interpreter's and the tape's for
 * sizes 0 to 5 in each name, with both operands one array, an elementwise operand, in a loop of 0, 1, 2 and 4
 * trips whose cond changes the operand, and the gradient is the central difference of the value. The k-means
 * Newton step built on it (a {@code grad} and an {@code hvp} inside the program) lands on the centroids, and
 * every engine agrees on its vector-Jacobian product.
 */
class StreamedProductsTest {

    private static final String HEAD = "@grad(a, b)\nfn f<N, M, K>(a: real[N, M], b: real[M, K], n: int) -> real {\n";

    private static final String[] PROGRAMS = {
        // 0: b's adjoint aᵀ·ȳ
        """
          y = a @ b;
          return sum(y * y);
        """,
        // 1: both operands one array: b's adjoint is aᵀ·a (b is M x M here)
        """
          return sum((a @ b) * a);
        """,
        // 2: an elementwise operand: b's adjoint exp(a / 2)ᵀ·cos(y)
        """
          y = exp(0.5 * a) @ b;
          return sum(sin(y));
        """,
        // 3: in a loop of n trips, the operand carried and changed by a cond on the second trip
        """
          s = 0.0;
          p = b;
          for t in 0..n {
            y = a @ p;
            if (t == 1) {
              p = 0.5 * p + transpose(a) @ y;
            } else {
              s = s + sum(y * y);
            }
          }
          return s + sum(p * p);
        """,
        // 4: ȳ lower triangular (y read by tril): aᵀ·ȳ keeps the rows form, which skips ȳ's zeros
        """
          y = a @ b;
          return sum(tril(y) * tril(y));
        """,
    };

    /** (N, M, K): each name 0, 1 and more, fewer rows of C than of A and more. */
    private static final int[][] SHAPES = {{0, 2, 2}, {2, 0, 2}, {2, 2, 0}, {1, 1, 1}, {3, 2, 4}, {5, 3, 2}, {2, 5, 3}};

    private static String text(int which) {
        String head = which == 1 ? HEAD.replace("<N, M, K>", "<N, M>").replace("b: real[M, K]", "b: real[M, M]") : HEAD;
        return head + PROGRAMS[which] + "}\n";
    }

    /** The sizes program {@code which} runs at: program 1's b is square. */
    private static int[] sizes(int which, int[] s) {
        return which == 1 ? new int[] {s[0], s[1], s[1]} : s;
    }

    private static double[] draw(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 * r.nextGaussian();
        }
        return x;
    }

    /** Per engine (interpreter, tape, compiled, then the compiled value method): value, d/da, d/db. */
    private static Map<String, double[][]> run(String text, int[] s, double[] a, double[] b, int n) {
        SourceFile source = new SourceFile("streamed.grad", text);
        ModuleIr m = Programs.compile(source);
        FunctionIr f = m.function("f");
        Map<String, Integer> sizes = Map.of("N", s[0], "M", s[1], "K", s[2]);
        Object[] nd = {new NDArray(a.clone(), new int[] {s[0], s[1]}), new NDArray(b.clone(), new int[] {s[1], s[2]}), n};
        Map<String, double[][]> out = new LinkedHashMap<>();
        out.put("interpreter", flat(Runs.interpreter(f, sizes, nd, 1_000), "a", "b"));
        out.put("tape", flat(Runs.tape(source, m, f, sizes, nd, 1_000), "a", "b"));
        CompiledModule compiled = CompiledModule.load(m);
        CompiledModule.Result r = compiled.grad("f", args(f, s, a, b, n));
        out.put("compiled", new double[][] {{((Number) r.value()).doubleValue()}, (double[]) r.parts().get("a"),
            (double[]) r.parts().get("b")});
        out.put("compiled value", new double[][] {{value(compiled, f, s, a, b, n)}});
        return out;
    }

    /** The generated method's arguments: f's sizes first, then a, b, n. */
    private static Object[] args(FunctionIr f, int[] s, double[] a, double[] b, int n) {
        Map<String, Integer> named = Map.of("N", s[0], "M", s[1], "K", s[2]);
        List<Object> args = new java.util.ArrayList<>();
        f.sizes().forEach(name -> args.add(named.get(name)));
        args.addAll(List.of(a.clone(), b.clone(), n));
        return args.toArray();
    }

    private static double value(CompiledModule compiled, FunctionIr f, int[] s, double[] a, double[] b, int n) {
        return ((Number) compiled.value("f", args(f, s, a, b, n))).doubleValue();
    }

    private static double[][] flat(Runs.Result r, String... params) {
        double[][] out = new double[1 + params.length][];
        out[0] = r.value().data();
        for (int p = 0; p < params.length; p++) {
            out[1 + p] = r.derivatives().get(params[p]).data();
        }
        return out;
    }

    private static void assertAgree(Map<String, double[][]> all, String where) {
        Engines.assertPartsAgree(all, where, false);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void theEnginesAgreeForEveryShape(int which) {
        Random r = new Random(29 + which);
        for (int[] shape : SHAPES) {
            int[] s = sizes(which, shape);
            for (int n : which == 3 ? new int[] {0, 1, 2, 4} : new int[] {1}) {
                double[] a = draw(r, s[0] * s[1]);
                double[] b = draw(r, s[1] * s[2]);
                assertAgree(run(text(which), s, a, b, n), "shape " + Arrays.toString(s) + ", n = " + n + " in\n"
                        + text(which));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void theGradientIsTheCentralDifferenceOfTheValue(int which) {
        Random r = new Random(7 + which);
        int[] s = sizes(which, new int[] {4, 3, 2});
        int n = 2;
        double[][] x = {draw(r, s[0] * s[1]), draw(r, s[1] * s[2])};
        double[][] grad = run(text(which), s, x[0], x[1], n).get("compiled");
        ModuleIr m = Programs.compile(text(which));
        CompiledModule compiled = CompiledModule.load(m);
        FunctionIr f = m.function("f");
        Engines.assertCentralDifferences(x, grad, y -> value(compiled, f, s, y[0], y[1], n), "ab", text(which));
    }

    /**
     * The gradient method's text: b's adjoint Aᵀ·B walks A's and B's rows once (a row of B copied into one buffer
     * per k, then the axpys into C's rows); with a B zero above its diagonal, the rows form skips the zeros.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void theAdjointOfTheRightOperandWalksBothOperandsOnce(int which) {
        String java = CompiledModule.load(Programs.compile(text(which))).emitted().source();
        int from = java.indexOf("public static F.Grad fGrad(");
        String grad = java.substring(from, java.indexOf("public static", from + 10));
        String width = which == 1 ? "M" : "K";
        Pattern rowOfB = Pattern.compile("System\\.arraycopy\\(\\w+, \\w+ \\* " + width + ", row\\d*, 0, " + width + "\\)");
        if (which == 4) {
            assertTrue(!rowOfB.matcher(grad).find() && grad.contains("Double.isFinite(s"), grad);
        } else {
            assertTrue(rowOfB.matcher(grad).find(), grad);
        }
    }

    private static final String KMEANS = """
            @grad(C)
            @hvp(C)
            fn loss<N, K, D>(C: real[K, D], X: real[N, D], A: real[N, K]) -> real {
              cross = X @ transpose(C);
              d2 = transpose(transpose(sum(C * C, 1) - 2 * cross) + sum(X * X, 1));
              return sum(A * d2);
            }
            fn f<N, K, D>(C: real[K, D], X: real[N, D], A: real[N, K]) -> real[K, D] {
              g = grad(loss, C)(C, X, A);
              h = hvp(loss, C)(C, X, A, ones(K, D));
              return C - g / h;
            }
            """;

    /**
     * The k-means Newton step C − ∇loss / (H·1) is the centroid Σₙ Aₙₖ xₙ / Σₙ Aₙₖ of each centre (the loss is
     * quadratic in C with a diagonal Hessian), for A not one-hot; and the interpreter's, the tape's and the
     * compiled vector-Jacobian products of the step (third derivatives of the loss) agree.
     */
    @Test
    void theKMeansNewtonStepLandsOnTheCentroids() {
        SourceFile source = new SourceFile("kmeans.grad", KMEANS);
        ModuleIr m = Programs.compile(source);
        FunctionIr f = m.function("f");
        CompiledModule compiled = CompiledModule.load(
                CompiledModule.requesting(m, "f", new Request(Request.Kind.VJP, f.realParams())));
        Random r = new Random(11);
        for (int[] s : new int[][] {{1, 1, 1}, {2, 1, 3}, {4, 2, 3}, {7, 3, 5}, {20, 4, 16}}) {
            int n = s[0];
            int k = s[1];
            int d = s[2];
            double[] c = draw(r, k * d);
            double[] x = draw(r, n * d);
            double[] a = new double[n * k];
            for (int i = 0; i < a.length; i++) {
                a[i] = 0.1 + r.nextDouble();
            }
            double[] step = (double[]) compiled.value("f", n, k, d, c.clone(), x.clone(), a.clone());
            String where = "N, K, D = " + Arrays.toString(s);
            for (int q = 0; q < k; q++) {
                double mass = 0;
                double[] sum = new double[d];
                for (int p = 0; p < n; p++) {
                    mass += a[p * k + q];
                    for (int j = 0; j < d; j++) {
                        sum[j] += a[p * k + q] * x[p * d + j];
                    }
                }
                for (int j = 0; j < d; j++) {
                    assertEquals(sum[j] / mass, step[q * d + j], 1e-12 * Math.max(1, Math.abs(c[q * d + j])),
                            "centre " + q + " [" + j + "], " + where);
                }
            }
            Map<String, Integer> sizes = Map.of("N", n, "K", k, "D", d);
            Object[] nd = {new NDArray(c.clone(), new int[] {k, d}), new NDArray(x.clone(), new int[] {n, d}),
                new NDArray(a.clone(), new int[] {n, k})};
            Map<String, double[][]> all = new LinkedHashMap<>();
            all.put("interpreter", flat(Runs.interpreter(f, sizes, nd, 1_000), "C", "X", "A"));
            all.put("tape", flat(Runs.tape(source, m, f, sizes, nd, 1_000), "C", "X", "A"));
            double[] ones = new double[k * d];
            Arrays.fill(ones, 1.0);
            CompiledModule.Result vjp = compiled.vjp("f", n, k, d, c.clone(), x.clone(), a.clone(), ones);
            List<String> params = List.of("C", "X", "A");
            double[][] got = new double[4][];
            got[0] = (double[]) vjp.value();
            for (int p = 0; p < 3; p++) {
                got[1 + p] = (double[]) vjp.parts().get(params.get(p));
            }
            all.put("compiled", got);
            all.put("compiled value", new double[][] {step});
            assertAgree(all, where);
        }
    }
}
