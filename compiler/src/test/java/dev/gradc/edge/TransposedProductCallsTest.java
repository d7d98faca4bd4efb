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
import dev.gradc.testing.GeneratedText;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
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
 * A product {@code Aᵀv} (a matrix transposed times a vector) whose sizes are names is a call of
 * {@code Products.transposedTimesInto}, a small method of the runtime, instead of its loops written inline: the
 * adjoint of {@code A @ h} with respect to h, the adjoint through a row slice with a moving start
 * ({@code W[l:l+N, :] @ h}, read in place: the call takes its offset), and {@code transpose(A) @ v} written in the
 * program. Truth: the interpreter (the compiled gradient equal to it bit for bit, as the inline loops were), the
 * tape (1e-12), the compiled value method and central differences of it, for sizes 0 to 5 and loops of 0 to 4
 * trips. With every size a number the loops stay inline. On the code before, the tests of the text fail (every
 * such product was its loops inline); the others pass there too.
 */
class TransposedProductCallsTest {

    private static final String HEAD = "@grad(a, v)\nfn f<N, M>(a: real[2*N, M], v: real[N], n: int) -> real {\n";

    private static final String[] PROGRAMS = {
        // 0: Aᵀv in the program, and A @ h, whose adjoint with respect to h is Aᵀḡ
        """
          b = a[0:N, :];
          h = sin(transpose(b) @ v);
          g = tanh(b @ h) * v;
          return sum(g * g) + sum(h);
        """,
        // 1: in a loop: the products and their adjoints every trip, the vector carried
        """
          b = a[N:2*N, :];
          h = transpose(b) @ v;
          s = 0.0;
          for t in 0..n {
            h = tanh(transpose(b) @ sin(b @ h)) + 0.5 * h;
            s = s + sum(h * h);
          }
          return s + sum(h);
        """,
        // 2: a row slice with a moving start, read in place: Aᵀḡ at the slice's offset (an LSTM's layer weights)
        """
          h = transpose(a[0:N, :]) @ v;
          s = 0.0;
          for l in 0..n {
            g = tanh(a[l:l+N, :] @ h) + v;
            h = sin(transpose(a[l:l+N, :]) @ g) * h;
            s = s + sum(g * g);
          }
          return s + sum(h * h);
        """,
        // 3: the layers of an LSTM in its steps: a[r:r+N, :] with r = N*l read in place in the reversal too
        """
          h = a[0, :] * 0.5;
          s = 0.0;
          for t in 0..n {
            for l in 0..2 {
              r = N * l;
              g = tanh(a[r:r+N, :] @ h);
              h = sin(h) * 0.5 + 0.1 * sum(g * v);
            }
            s = s + sum(h * h);
          }
          return s + sum(h);
        """,
    };

    /** (N, M): each name 0, 1 and more, widths with and without entries left over from blocks of four. */
    private static final int[][] SHAPES = {{0, 3}, {2, 0}, {1, 1}, {3, 2}, {2, 5}, {4, 4}, {5, 9}};

    private static String text(int which) {
        return HEAD + PROGRAMS[which] + "}\n";
    }

    /** The trips program {@code which} runs at shape s: the moving slice's start l stays within a's 2N rows. */
    private static int[] trips(int which, int[] s) {
        if (which == 0) {
            return new int[] {0};
        }
        if (which == 3 && s[0] == 0) {
            return new int[0]; // its first state is row 0 of a, which has none
        }
        return which == 1 || which == 3 ? new int[] {0, 1, 2, 4} : s[0] == 0 ? new int[] {0, 1} : new int[] {0, 1, 2, Math.min(4, s[0] + 1)};
    }

    private static double[] draw(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 * r.nextGaussian();
        }
        return x;
    }

    /** Per engine (interpreter, tape, compiled, then the compiled value method): value, d/da, d/dv. */
    private static Map<String, double[][]> run(String text, int[] s, double[] a, double[] v, int n) {
        SourceFile source = new SourceFile("transposed.grad", text);
        ModuleIr m = Programs.compile(source);
        FunctionIr f = m.function("f");
        Map<String, Integer> sizes = Map.of("N", s[0], "M", s[1]);
        Object[] nd = {new NDArray(a.clone(), new int[] {2 * s[0], s[1]}), new NDArray(v.clone(), new int[] {s[0]}), n};
        Map<String, double[][]> out = new LinkedHashMap<>();
        out.put("interpreter", flat(Runs.interpreter(f, sizes, nd, 1_000)));
        out.put("tape", flat(Runs.tape(source, m, f, sizes, nd, 1_000)));
        CompiledModule compiled = CompiledModule.load(m);
        CompiledModule.Result r = compiled.grad("f", args(f, s, a, v, n));
        out.put("compiled", new double[][] {{((Number) r.value()).doubleValue()}, (double[]) r.parts().get("a"),
            (double[]) r.parts().get("v")});
        out.put("compiled value", new double[][] {{value(compiled, f, s, a, v, n)}});
        return out;
    }

    /** The generated method's arguments: f's sizes first, then a, v, n. */
    private static Object[] args(FunctionIr f, int[] s, double[] a, double[] v, int n) {
        Map<String, Integer> named = Map.of("N", s[0], "M", s[1]);
        List<Object> args = new ArrayList<>();
        f.sizes().forEach(name -> args.add(named.get(name)));
        args.addAll(List.of(a.clone(), v.clone(), n));
        return args.toArray();
    }

    private static double value(CompiledModule compiled, FunctionIr f, int[] s, double[] a, double[] v, int n) {
        return ((Number) compiled.value("f", args(f, s, a, v, n))).doubleValue();
    }

    private static double[][] flat(Runs.Result r) {
        return new double[][] {r.value().data(), r.derivatives().get("a").data(), r.derivatives().get("v").data()};
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void theEnginesAgreeAndTheCompiledGradientIsTheInterpretersBitForBit(int which) {
        Random r = new Random(31 + which);
        for (int[] s : SHAPES) {
            for (int n : trips(which, s)) {
                double[] a = draw(r, 2 * s[0] * s[1]);
                double[] v = draw(r, s[0]);
                Map<String, double[][]> all = run(text(which), s, a, v, n);
                String where = "shape " + Arrays.toString(s) + ", n = " + n + " in\n" + text(which);
                Engines.assertPartsAgree(all, where, true);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void theGradientIsTheCentralDifferenceOfTheValue(int which) {
        Random r = new Random(5 + which);
        int[] s = {3, 5};
        int n = which == 0 ? 0 : 3;
        double[][] x = {draw(r, 2 * s[0] * s[1]), draw(r, s[0])};
        double[][] grad = run(text(which), s, x[0], x[1], n).get("compiled");
        ModuleIr m = Programs.compile(text(which));
        CompiledModule compiled = CompiledModule.load(m);
        FunctionIr f = m.function("f");
        Engines.assertCentralDifferences(x, grad, y -> value(compiled, f, s, y[0], y[1], n), "av", text(which));
    }


    /** The dot form's loops of Aᵀv: a block of entries i0.. summed over the rows, reading A at row k's entry i0. */
    private static final Pattern TRANSPOSED_DOT = Pattern.compile("\\+ i0(_\\d+)?\\] \\* bkj");

    /**
     * Every Aᵀv is a call, none is the dot form's loops: program 0 has the adjoints of {@code b @ h} and of the
     * product with {@code transpose(b)} (a matrix of its own, so that product is {@code t @ v}, its adjoint
     * {@code tᵀ·h̄}); programs 1 to 3 have them in the reversal of the loop. Program 3's slice is read in place
     * where the reversal recomputes its trip: the call gives the offset of the slice's first row.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void everyTransposedProductWithASizeNameIsACall(int which) {
        String java = GeneratedText.gradientOf(text(which));
        int calls = GeneratedText.count(java, "Products\\.transposedTimesInto\\(");
        assertTrue(which == 0 ? calls == 2 : calls >= 1, calls + " calls in\n" + java);
        assertFalse(TRANSPOSED_DOT.matcher(java).find(), java);
        if (which == 3) {
            assertTrue(Pattern.compile("Products\\.transposedTimesInto\\(a, t\\w+, N, M, ").matcher(java).find(), java);
        }
    }

    /** With every size a number the JIT sees the sizes as constants in the inline loops: no call. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void withNumbersForSizesTheLoopsStayInline(int which) {
        String fixed = text(which).replace("fn f<N, M>(a: real[2*N, M], v: real[N]", "fn f(a: real[8, 5], v: real[4]")
                .replace("2*N", "8").replace("N", "4").replace("M", "5");
        String java = GeneratedText.gradientOf(fixed);
        assertFalse(java.contains("Products."), java);
        assertTrue(TRANSPOSED_DOT.matcher(java).find(), java);
    }
}
