package dev.gradc.edge;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transpose of an elementwise expression whose operands are transposes, broadcasts, vectors and scalars is
 * that expression of the untransposed operands (passes/Simplify): {@code transpose(transpose(M) + v)}, the way a
 * program adds a column vector to a matrix (the k-means loss does), is M + v along the columns, with no transposed
 * copy. Where an inner value is read twice (or an operand is a matrix that is not a transpose), the copy stays.
 * Truth: the interpreter (compiled value and gradient equal to it bit for bit), the tape (1e-12), and central
 * differences of the compiled value, sizes 0 to 5. On the code before, the copy test fails for programs 0 to 3
 * and 5.
 */
class TransposedElementwiseTest {

    private static final String HEAD =
            "@grad(b, c, v, w)\nfn f<N, M>(b: real[N, M], c: real[N, M], v: real[N], w: real[M]) -> real {\n";

    private static final String[] PROGRAMS = {
        // 0: the k-means form: a row vector broadcast, then a column vector added through two transposes
        """
          d = transpose(transpose(w - 2.0 * c) + v);
          return sum(b * d) + 0.5 * sum(d * d);
        """,
        // 1: unary functions and a scalar around the transposes, nested three deep
        """
          d = transpose(exp(0.5 * transpose(b)) * v + sin(transpose(c)) - 1.0);
          return sum(d * c) + sum(tanh(d));
        """,
        // 2: both operands transposes, and a broadcast of a row vector made explicit
        """
          d = transpose(transpose(b) * transpose(c) + v);
          e = transpose(transpose(d) / (2.0 + v * v));
          return sum(e * e) + sum(d);
        """,
        // 3: the vector is an expression of its own
        """
          d = transpose(transpose(b) - (v * v + 1.0));
          return sum(d * d * c);
        """,
        // 4: must keep a copy: an inner value (g) is read twice, so its transpose is not free
        """
          g = sin(transpose(c));
          d = transpose(g * 2.0 + transpose(b));
          return sum(d * d * c) + sum(g);
        """,
        // 5: sums read once: each whole sum reads a broadcast column or row in its loop
        """
          return sum(b * transpose(transpose(c) + v)) + sum(c * (w * w + 1.0));
        """,
    };

    private static final int[][] SHAPES = {{0, 3}, {2, 0}, {1, 1}, {3, 2}, {2, 5}, {4, 4}, {5, 3}};

    private static String text(int which) {
        return HEAD + PROGRAMS[which] + "}\n";
    }

    private static double[] draw(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 * r.nextGaussian();
        }
        return x;
    }

    private static double[][] inputs(Random r, int[] s) {
        return new double[][] {draw(r, s[0] * s[1]), draw(r, s[0] * s[1]), draw(r, s[0]), draw(r, s[1])};
    }

    private static Object[] args(FunctionIr f, int[] s, double[][] x) {
        Map<String, Integer> named = Map.of("N", s[0], "M", s[1]);
        List<Object> args = new ArrayList<>();
        f.sizes().forEach(name -> args.add(named.get(name)));
        for (double[] a : x) {
            args.add(a.clone());
        }
        return args.toArray();
    }

    private static double value(CompiledModule compiled, FunctionIr f, int[] s, double[][] x) {
        return ((Number) compiled.value("f", args(f, s, x))).doubleValue();
    }

    private static double[][] flat(Runs.Result r) {
        return new double[][] {r.value().data(), r.derivatives().get("b").data(), r.derivatives().get("c").data(),
            r.derivatives().get("v").data(), r.derivatives().get("w").data()};
    }

    /** Per engine (interpreter, tape, compiled, then the compiled value method): value, d/db, d/dc, d/dv, d/dw. */
    private static Map<String, double[][]> run(String text, int[] s, double[][] x) {
        SourceFile source = new SourceFile("transposedElementwise.grad", text);
        ModuleIr m = Programs.compile(source);
        FunctionIr f = m.function("f");
        Map<String, Integer> sizes = Map.of("N", s[0], "M", s[1]);
        Object[] nd = {new NDArray(x[0].clone(), new int[] {s[0], s[1]}),
            new NDArray(x[1].clone(), new int[] {s[0], s[1]}), new NDArray(x[2].clone(), new int[] {s[0]}),
            new NDArray(x[3].clone(), new int[] {s[1]})};
        Map<String, double[][]> out = new LinkedHashMap<>();
        out.put("interpreter", flat(Runs.interpreter(f, sizes, nd, 1_000)));
        out.put("tape", flat(Runs.tape(source, m, f, sizes, nd, 1_000)));
        CompiledModule compiled = CompiledModule.load(m);
        CompiledModule.Result r = compiled.grad("f", args(f, s, x));
        out.put("compiled", new double[][] {{((Number) r.value()).doubleValue()}, (double[]) r.parts().get("b"),
            (double[]) r.parts().get("c"), (double[]) r.parts().get("v"), (double[]) r.parts().get("w")});
        out.put("compiled value", new double[][] {{value(compiled, f, s, x)}});
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void theEnginesAgreeAndTheCompiledGradientIsTheInterpretersBitForBit(int which) {
        Random r = new Random(91 + which);
        for (int[] s : SHAPES) {
            Map<String, double[][]> all = run(text(which), s, inputs(r, s));
            Engines.assertPartsAgree(all, "shape " + Arrays.toString(s) + " in\n" + text(which), true);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void theGradientIsTheCentralDifferenceOfTheValue(int which) {
        Random r = new Random(13 + which);
        int[] s = {3, 4};
        double[][] x = inputs(r, s);
        double[][] grad = run(text(which), s, x).get("compiled");
        ModuleIr m = Programs.compile(text(which));
        CompiledModule compiled = CompiledModule.load(m);
        FunctionIr f = m.function("f");
        Engines.assertCentralDifferences(x, grad, y -> value(compiled, f, s, y), "bcvw", text(which));
    }

    /** An entry of a transposed copy: {@code t[j * N + i] = x[i * M + j]}. */
    private static final String TRANSPOSED_COPY = "\\[j \\* \\w+ \\+ i\\] = \\w+\\[i \\* \\w+ \\+ j\\]";

    /** The value method: programs 0 to 3 and 5 write no transposed copy; program 4 keeps one. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void theValueWritesNoTransposedCopy(int which) {
        String java = dev.gradc.emit.JavaEmitter.emit(Programs.compile(text(which))).source();
        String value = java.substring(java.indexOf(" f("), java.indexOf(" fGrad("));
        int copies = GeneratedText.count(value, TRANSPOSED_COPY);
        assertTrue(which != 4 ? copies == 0 : copies >= 1, copies + " transposed copies in\n" + value);
    }

    /** An index divided by a size: {@code i % M}, {@code i / M}. */
    private static final String INDEX_DIVISION = "\\b[a-z]\\w* [%/] [NM]\\b";

    /**
     * A whole sum of an expression reading a broadcast row or column is a loop nest over rows and columns, as an
     * elementwise matrix already was: a flat loop over the elements divided its index by the width for every
     * element, twice (emit/ArrayCode.reduce). Program 5's two sums; the others' sums read materialised matrices.
     * On the code before, this fails for program 5.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5})
    void theValueDividesNoIndex(int which) {
        String java = dev.gradc.emit.JavaEmitter.emit(Programs.compile(text(which))).source();
        String value = java.substring(java.indexOf(" f("), java.indexOf(" fGrad("));
        assertTrue(GeneratedText.count(value, INDEX_DIVISION) == 0, value);
    }
}
