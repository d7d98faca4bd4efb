package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Matrix products with a triangular operand ({@code tril}, {@code triu}, {@code diag}, their transposes, sums
 * and differences) skip the terms of its zero half where the other operand's entry is finite, and products whose
 * readers read one side of the result ({@code tril}, {@code diagonal}, through transposes and elementwise ops)
 * compute only that side (the GMM's {@code (X − μ)·Q} and its adjoint {@code (X − μ)ᵀ·z̄}): the generated text
 * has the shortened loops, and the compiled value and gradient are the interpreter's and the tape's for shapes
 * 0 to 5, inside loops and branches, for an operand that is also the result, for operands that only look
 * triangular (a broadcast, a scaling) and for a result read whole by another reader; with infinite and NaN
 * entries too (a skipped term would have been ∞ · 0 = NaN: it is not skipped); and the gradient is the central
 * difference of the value.
 */
class TriangularProductsTest {

    private static final String HEAD = "@grad(a, b, c)\nfn f<N, D, E>(a: real[N, D], b: real[D, D], c: real[D, E]) -> real {\n";

    private static final String[] PROGRAMS = {
        // 0: the GMM's product: op(B) upper (diag + the transpose of a strictly lower triangle)
        """
          l = tril(b) - diag(diagonal(b));
          z = a @ (diag(exp(diagonal(b))) + transpose(l));
          return sum(z * z) + sum(c);
        """,
        // 1: op(B) lower as the transpose of an upper triangle, and tril minus its diagonal (lower: the difference
        // is zero on the diagonal by cancelling, not by structure)
        """
          z = a @ transpose(triu(b));
          w = a @ (tril(b) - diag(diagonal(b)));
          return sum(z * z * z) + sum(sin(w)) + sum(c);
        """,
        // 2: rectangular triangles (D x E): the bounds clamped to E
        """
          z = a @ triu(c);
          w = a @ tril(-c);
          return sum(z * z) + sum(w * exp(z));
        """,
        // 3: the result read by tril only (the adjoint of a lower operand has this form)
        """
          m = transpose(a) @ a;
          return sum(tril(m) * b) + sum(c);
        """,
        // 4: read through diagonal, a transpose, elementwise ops: the diagonal and below
        """
          m = transpose(a) @ a;
          return sum(diagonal(2.0 * m)) + sum(triu(transpose(m - b)) * b) + sum(c);
        """,
        // 5: read by tril, and whole by a product (whose own result is read by tril) and by a row sum
        """
          m = transpose(a) @ a;
          p = transpose(a) @ (2.0 * a);
          return sum(tril(m) * b) + sum(tril(m @ b)) + sum(tril(p) * b) + sum(sum(p, 1) * diagonal(b)) + sum(c);
        """,
        // 6: only looks triangular: a broadcast scalar, a broadcast row, a scaling (inf * 0 would be NaN)
        """
          z = a @ (tril(b) + 1.0);
          w = a @ (triu(b) + diagonal(b));
          v = a @ (0.5 * tril(b));
          return sum(z * z) + sum(w * w) + sum(v * v) + sum(c);
        """,
        // 7: an operand that is also the result, lower times lower
        """
          m = tril(b);
          m = m @ m;
          m = m @ transpose(tril(m));
          return sum(m * b) + sum((a @ m) * a) + sum(c);
        """,
        // 8: in a loop and in both branches of a cond
        """
          s = 0.0;
          for t in 0..3 {
            if (t == 1) {
              z = a @ transpose(tril(b) - diag(diagonal(b)));
              s = s + sum(z * z);
            } else {
              m = transpose(a) @ (a * 0.5);
              s = s + sum(tril(m) * b) + sum(a @ triu(c));
            }
          }
          return s;
        """,
    };

    private static final int[][] SHAPES = {{0, 0, 0}, {0, 2, 1}, {1, 1, 1}, {2, 2, 3}, {3, 3, 2}, {5, 4, 4}};

    private static String text(int which) {
        return HEAD + PROGRAMS[which] + "}\n";
    }

    private static double[] draw(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.25 * Math.round(8 * r.nextGaussian()) / 8.0 + 0.1 * r.nextGaussian();
        }
        return x;
    }

    /**
     * Every engine's value and gradient (a, b, c flattened), in the order interpreter, tape, compiled; then the
     * compiled value method's value.
     */
    private static Map<String, double[][]> run(String text, int n, int d, int e, double[] a, double[] b, double[] c) {
        SourceFile source = new SourceFile("tri.grad", text);
        ModuleIr m = Programs.compile(source);
        FunctionIr f = m.function("f");
        Map<String, Integer> sizes = Map.of("N", n, "D", d, "E", e);
        Object[] nd = {new NDArray(a.clone(), new int[] {n, d}), new NDArray(b.clone(), new int[] {d, d}),
            new NDArray(c.clone(), new int[] {d, e})};
        Map<String, double[][]> out = new LinkedHashMap<>();
        out.put("interpreter", flat(Runs.interpreter(f, sizes, nd, 1_000)));
        out.put("tape", flat(Runs.tape(source, m, f, sizes, nd, 1_000)));
        CompiledModule compiled = CompiledModule.load(m);
        CompiledModule.Result r = compiled.grad("f", n, d, e, a.clone(), b.clone(), c.clone());
        out.put("compiled", new double[][] {{((Number) r.value()).doubleValue()}, (double[]) r.parts().get("a"),
            (double[]) r.parts().get("b"), (double[]) r.parts().get("c")});
        // the value alone, by its own method (its products' readers are not the gradient's)
        out.put("compiled value", new double[][] {{((Number) compiled.value("f", n, d, e, a.clone(), b.clone(),
            c.clone())).doubleValue()}});
        return out;
    }

    private static double[][] flat(Runs.Result r) {
        return new double[][] {r.value().data(), r.derivatives().get("a").data(), r.derivatives().get("b").data(),
            r.derivatives().get("c").data()};
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
    void theEnginesAgreeForEveryShape(int which) {
        Random r = new Random(17 + which);
        for (int[] s : SHAPES) {
            double[] a = draw(r, s[0] * s[1]);
            double[] b = draw(r, s[1] * s[1]);
            double[] c = draw(r, s[1] * s[2]);
            assertAgree(text(which), s, a, b, c, false);
        }
    }

    /**
     * An infinite or NaN entry of the operand that multiplies a triangle: the full product adds ∞ · 0 = NaN into
     * the entries of the zero half, and so does the compiled one (the same NaNs and infinities in the same places).
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 7})
    void nonFiniteEntriesMeetTheZerosAsInTheFullProduct(int which) {
        Random r = new Random(3 + which);
        int[] s = {3, 3, 3};
        for (double bad : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
            double[] a = draw(r, 9);
            double[] b = draw(r, 9);
            double[] c = draw(r, 9);
            a[4] = bad;
            if (which == 7) {
                b[3] = bad;
            }
            assertAgree(text(which), s, a, b, c, true);
        }
    }

    private static void assertAgree(String text, int[] s, double[] a, double[] b, double[] c, boolean exactly) {
        Map<String, double[][]> all = run(text, s[0], s[1], s[2], a, b, c);
        double[][] want = all.get("interpreter");
        String[] what = {"value", "d/da", "d/db", "d/dc"};
        for (var e : all.entrySet()) {
            for (int p = 0; p < e.getValue().length; p++) {
                assertEquals(want[p].length, e.getValue()[p].length, e.getKey() + " " + what[p]);
                for (int q = 0; q < want[p].length; q++) {
                    double x = want[p][q];
                    double y = e.getValue()[p][q];
                    String where = e.getKey() + " " + what[p] + "[" + q + "], shape " + java.util.Arrays.toString(s)
                            + " in\n" + text;
                    if (exactly || !Double.isFinite(x)) {
                        assertTrue(Double.isNaN(x) ? Double.isNaN(y) : Engines.same(x, y), x + " vs " + y + ": " + where);
                    } else {
                        assertEquals(x, y, 1e-12 * Math.max(1, Math.abs(x)), where);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
    void theGradientIsTheCentralDifferenceOfTheValue(int which) {
        String text = text(which);
        Random r = new Random(5 + which);
        int n = 3;
        int d = 3;
        int e = 2;
        double[][] x = {draw(r, n * d), draw(r, d * d), draw(r, d * e)};
        double[][] grad = run(text, n, d, e, x[0], x[1], x[2]).get("compiled");
        CompiledModule compiled = CompiledModule.load(Programs.compile(text));
        Engines.assertCentralDifferences(x, grad,
                y -> ((Number) compiled.value("f", n, d, e, y[0], y[1], y[2])).doubleValue(), "abc", text);
    }

    /** The loops the generated text shortens: over a triangle's non-zero side, over the side of a result read. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void theGeneratedLoopsVisitOnlyWhatCounts(int which) {
        String java = CompiledModule.load(Programs.compile(text(which))).emitted().source();
        String value = java.substring(java.indexOf("public static double f("), java.indexOf("public static F.Grad fGrad("));
        // a product's axpy over a row of an upper (lower) op(B) starts at (ends after) that row's index, a finite s
        Pattern fromRow = Pattern.compile("int from\\d* = Double\\.isFinite\\(s\\d*\\) \\? \\w+ : 0;");
        Pattern toRow = Pattern.compile("int to\\d* = Double\\.isFinite\\(s\\d*\\) \\? [^;]*\\w+ \\+ 1\\)? : [DE];");
        // a product whose readers read its lower (upper) side: row i's axpy ends after (starts at) i
        Pattern readLower = Pattern.compile("for \\(int \\w+ = 0; \\w+ < \\w+ \\+ 1; \\w+\\+\\+\\)");
        switch (which) {
            case 0 -> assertTrue(fromRow.matcher(value).find(), value);
            case 1 -> assertTrue(toRow.matcher(value).find(), value);
            case 2 -> assertTrue(fromRow.matcher(value).find() && toRow.matcher(value).find(), value);
            case 3, 4 -> assertTrue(readLower.matcher(value).find(), value);
            case 5 -> assertEquals(1, readLower.matcher(value).results().count(), value); // m @ b only
            default -> {
                // 6: no triangle (broadcasts, a scaling): every loop runs from 0 to the end
                assertFalse(value.contains("isFinite") || readLower.matcher(value).find(), value);
            }
        }
    }
}
