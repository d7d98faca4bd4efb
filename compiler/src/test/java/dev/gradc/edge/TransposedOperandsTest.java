package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.GeneratedText;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A matrix {@code transpose(b)} written in a program and read by products ({@code transpose(b) @ v},
 * {@code c @ transpose(b)}, matrix-vector and matrix-matrix, in loops, and their adjoints) is read from b in
 * transposed order: no transposed copy of b is made, and no adjoint is transposed back into b̄. Where the
 * transposed matrix is read otherwise too (indexed, multiplied entry by entry) or written into, its copy stays,
 * and a product of b updated after it was transposed reads the b of before. Truth: the interpreter (the
 * compiled gradient equal to it bit for bit), the tape (1e-12), the compiled value method and central
 * differences of it, for sizes 0 to 5 and loops of 0 to 3 trips. On the code before, the text test fails for
 * programs 0 to 2 (every {@code transpose(b)} was a copy, its adjoint transposed back); the others pass there too.
 */
class TransposedOperandsTest {

    private static final String HEAD =
            "@grad(b, c, v)\nfn f<N, M>(b: real[N, M], c: real[N, M], v: real[N], n: int) -> real {\n";

    private static final String[] PROGRAMS = {
        // 0: matrix-vector both ways round: bᵀv, and a vector times bᵀ
        """
          w = transpose(b) @ v;
          u = (transpose(c) @ v) @ transpose(b);
          return sum(sin(w) * w) + sum(u * u);
        """,
        // 1: matrix-matrix, the transpose on either side and on both
        """
          p = transpose(b) @ c;
          q = c @ transpose(b);
          r = transpose(p) @ transpose(c);
          w = transpose(c) @ v;
          return sum(p @ w) + sum(tanh(q) @ v) + sum(sin(r) @ v);
        """,
        // 2: in a loop, the vector carried, products and their adjoints every trip
        """
          h = transpose(b) @ v;
          s = 0.0;
          for t in 0..n {
            g = tanh(b @ h) + v;
            h = sin(transpose(b) @ g) * h + 0.1 * (transpose(c) @ (c @ h));
            s = s + sum(h * h);
          }
          return s + sum(h);
        """,
        // 3: must keep the copy: the transposed matrix is also indexed and multiplied entry by entry
        """
          t = transpose(b);
          w = t @ v;
          u = t[0];
          return sum(w * w) + sum(u * v) + sum(t * t) * 0.5;
        """,
        // 4: must keep the copy: the transposed matrix is written into before the product; c is written
        //    after its transpose was taken, and the product of that transpose reads c as it was
        """
          t = transpose(b);
          t[0] = t[0] * 2.0;
          w = t @ v;
          s = transpose(c) @ v;
          c[0] = c[0] * 3.0;
          z = c @ s;
          return sum(w * w) + sum(z * z);
        """,
    };

    /** (N, M): each name 0, 1 and more, widths with and without entries left over from blocks of four. */
    private static final int[][] SHAPES = {{0, 3}, {2, 0}, {1, 1}, {3, 2}, {2, 5}, {4, 4}, {5, 9}};

    private static String text(int which) {
        return HEAD + PROGRAMS[which] + "}\n";
    }

    /** Programs 3 and 4 index row 0 of a [M, N] and a [N, M] matrix: both sizes at least 1. */
    private static boolean runs(int which, int[] s) {
        return which < 3 || s[0] > 0 && s[1] > 0;
    }

    private static double[] draw(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 * r.nextGaussian();
        }
        return x;
    }

    /** Per engine (interpreter, tape, compiled, then the compiled value method): value, d/db, d/dc, d/dv. */
    private static Map<String, double[][]> run(String text, int[] s, double[][] x, int n) {
        SourceFile source = new SourceFile("transposedOperands.grad", text);
        ModuleIr m = Programs.compile(source);
        FunctionIr f = m.function("f");
        Map<String, Integer> sizes = Map.of("N", s[0], "M", s[1]);
        Object[] nd = {new NDArray(x[0].clone(), new int[] {s[0], s[1]}),
            new NDArray(x[1].clone(), new int[] {s[0], s[1]}), new NDArray(x[2].clone(), new int[] {s[0]}), n};
        Map<String, double[][]> out = new LinkedHashMap<>();
        out.put("interpreter", flat(Runs.interpreter(f, sizes, nd, 1_000)));
        out.put("tape", flat(Runs.tape(source, m, f, sizes, nd, 1_000)));
        CompiledModule compiled = CompiledModule.load(m);
        CompiledModule.Result r = compiled.grad("f", args(f, s, x, n));
        out.put("compiled", new double[][] {{((Number) r.value()).doubleValue()}, (double[]) r.parts().get("b"),
            (double[]) r.parts().get("c"), (double[]) r.parts().get("v")});
        out.put("compiled value", new double[][] {{value(compiled, f, s, x, n)}});
        return out;
    }

    /** The generated method's arguments: f's sizes first, then b, c, v, n. */
    private static Object[] args(FunctionIr f, int[] s, double[][] x, int n) {
        Map<String, Integer> named = Map.of("N", s[0], "M", s[1]);
        List<Object> args = new ArrayList<>();
        f.sizes().forEach(name -> args.add(named.get(name)));
        args.addAll(List.of(x[0].clone(), x[1].clone(), x[2].clone(), n));
        return args.toArray();
    }

    private static double value(CompiledModule compiled, FunctionIr f, int[] s, double[][] x, int n) {
        return ((Number) compiled.value("f", args(f, s, x, n))).doubleValue();
    }

    private static double[][] flat(Runs.Result r) {
        return new double[][] {r.value().data(), r.derivatives().get("b").data(), r.derivatives().get("c").data(),
            r.derivatives().get("v").data()};
    }

    private static double[][] inputs(Random r, int[] s) {
        return new double[][] {draw(r, s[0] * s[1]), draw(r, s[0] * s[1]), draw(r, s[0])};
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void theEnginesAgreeAndTheCompiledGradientIsTheInterpretersBitForBit(int which) {
        Random r = new Random(47 + which);
        for (int[] s : SHAPES) {
            if (!runs(which, s)) {
                continue;
            }
            for (int n : which == 2 ? new int[] {0, 1, 3} : new int[] {0}) {
                Map<String, double[][]> all = run(text(which), s, inputs(r, s), n);
                String where = "shape " + Arrays.toString(s) + ", n = " + n + " in\n" + text(which);
                Engines.assertPartsAgree(all, where, true);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void theGradientIsTheCentralDifferenceOfTheValue(int which) {
        Random r = new Random(11 + which);
        int[] s = {3, 4};
        int n = which == 2 ? 3 : 0;
        double[][] x = inputs(r, s);
        double[][] grad = run(text(which), s, x, n).get("compiled");
        ModuleIr m = Programs.compile(text(which));
        CompiledModule compiled = CompiledModule.load(m);
        FunctionIr f = m.function("f");
        Engines.assertCentralDifferences(x, grad, y -> value(compiled, f, s, y, n), "bcv", text(which));
    }

    /** An entry of a transposed copy written from b's entry at (i, j): {@code t[j * N + i] = b[i * M + j]}. */
    private static final String TRANSPOSED_COPY = "\\[j \\* \\w+ \\+ i\\] = \\w+\\[i \\* \\w+ \\+ j\\]";

    /**
     * Programs 0 to 2 read b and c transposed where they multiply them: the gradient (its forward part and its
     * adjoints) neither copies a transposed matrix nor transposes an adjoint back. Programs 3 and 4 keep a copy
     * of b transposed, which is read otherwise or written into.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void aTransposedMatrixReadOnlyByProductsIsNeverCopied(int which) {
        String java = GeneratedText.gradientOf(text(which));
        int copies = GeneratedText.count(java, TRANSPOSED_COPY);
        assertTrue(which < 3 ? copies == 0 : copies >= 1, copies + " transposed copies in\n" + java);
    }

    /** The value method too: {@code transpose(b) @ v} with sizes named is one call reading b, no copy. */
    @Test
    void theValueMethodReadsBTransposed() {
        String java = dev.gradc.emit.JavaEmitter.emit(Programs.compile(text(0))).source();
        String value = java.substring(java.indexOf(" f("), java.indexOf(" fGrad("));
        assertEquals(0, GeneratedText.count(value, TRANSPOSED_COPY), value);
        assertTrue(value.contains("Products.transposedTimesInto(b, 0, N, M, v, 0, "), value);
    }
}
