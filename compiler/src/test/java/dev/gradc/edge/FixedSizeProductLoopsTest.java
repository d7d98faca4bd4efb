package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.emit.JavaEmitter;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dot form of a product ({@code BlockedProduct}) computes C in blocks of four entries, then the entries left
 * over one at a time. With the blocked length a number it writes only the loops that run: no block loop under four
 * entries, no loop for the rest when the entries come in whole blocks (the one loop declares its start); with a
 * size name, both. Programs: {@code A v},
 * {@code wᵀ A} and {@code Aᵀ u} on an L×L matrix, and their adjoints, in the value and the gradient methods, at L =
 * 3, 4, 8 and 10. Truth for the values: the interpreter, bit for bit, and the tape to 1e-12. On the code before,
 * the text test fails at L = 3 (block loops that never ran), 4 and 8 (loops for the rest that never ran); at 10,
 * where both loops run, and with a size name it passes, as do the engines' tests.
 */
class FixedSizeProductLoopsTest {

    private static final String BODY = """
              h = tanh(a @ v);
              g = sin(w @ a);
              u = transpose(a) @ (h * w);
              return sum(h * w) + sum(g * v) + sum(u * u);
            }
            """;

    private static String fixed(int n) {
        return "@grad(a, v, w)\nfn f(a: real[" + n + ", " + n + "], v: real[" + n + "], w: real[" + n + "]) -> real {\n"
                + BODY;
    }

    private static final String NAMED = "@grad(a, v, w)\nfn f<L>(a: real[L, L], v: real[L], w: real[L]) -> real {\n"
            + BODY;

    /** A block loop: {@code for (; i0 + 4 <= LEN; i0 += 4)}, or {@code for (int i0 = 0; ...)} when it is the only one. */
    private static final Pattern BLOCKS = Pattern.compile(
            "for \\((?:int [ij]0(?:_\\d+)? = 0)?; ([ij]0(?:_\\d+)?) \\+ 4 <= (\\w+); \\1 \\+= 4\\)");
    /** The loop for the rest: {@code for (; j0 < LEN; j0++)}, or {@code for (int j0 = 0; ...)}. */
    private static final Pattern REST = Pattern.compile(
            "for \\((?:int [ij]0(?:_\\d+)? = 0)?; ([ij]0(?:_\\d+)?) < (\\w+); \\1\\+\\+\\)");

    /** The lengths of the loops of one kind in the text, in order. */
    private static java.util.List<String> lengths(Pattern p, String java) {
        java.util.List<String> out = new java.util.ArrayList<>();
        Matcher m = p.matcher(java);
        while (m.find()) {
            out.add(m.group(2));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 8, 10})
    void withANumberForTheLengthOnlyTheLoopsThatRunAreWritten(int n) {
        String java = JavaEmitter.emit(Programs.compile(fixed(n))).source();
        var blocks = lengths(BLOCKS, java);
        var rest = lengths(REST, java);
        // every dot-form product here is over length n: the value method's three and the gradient's
        int products = Math.max(blocks.size(), rest.size());
        assertTrue(products >= 6, products + " dot-form products in\n" + java);
        for (String len : blocks) {
            assertEquals(String.valueOf(n), len, java);
        }
        for (String len : rest) {
            assertEquals(String.valueOf(n), len, java);
        }
        assertEquals(n >= 4 ? products : 0, blocks.size(), "block loops at L = " + n + " in\n" + java);
        assertEquals(n % 4 != 0 ? products : 0, rest.size(), "loops for the rest at L = " + n + " in\n" + java);
    }

    @org.junit.jupiter.api.Test
    void withASizeNameBothLoopsAreWritten() {
        String java = JavaEmitter.emit(Programs.compile(NAMED)).source();
        var blocks = lengths(BLOCKS, java);
        var rest = lengths(REST, java);
        assertTrue(blocks.size() >= 6, java);
        assertEquals(blocks, rest, java);
    }

    /** Per engine: value, d/da, d/dv, d/dw. */
    private static Map<String, double[][]> run(String text, int n, Map<String, Integer> sizes, double[] a,
            double[] v, double[] w) {
        SourceFile source = new SourceFile("products.grad", text);
        ModuleIr m = Programs.compile(source);
        FunctionIr f = m.function("f");
        Object[] nd = {new NDArray(a.clone(), new int[] {n, n}), new NDArray(v.clone(), new int[] {n}),
            new NDArray(w.clone(), new int[] {n})};
        Map<String, double[][]> out = new LinkedHashMap<>();
        out.put("interpreter", flat(Runs.interpreter(f, sizes, nd, 1_000)));
        out.put("tape", flat(Runs.tape(source, m, f, sizes, nd, 1_000)));
        Object[] args = sizes.isEmpty() ? new Object[] {a.clone(), v.clone(), w.clone()}
                : new Object[] {n, a.clone(), v.clone(), w.clone()};
        CompiledModule.Result r = CompiledModule.load(m).grad("f", args);
        out.put("compiled", new double[][] {{((Number) r.value()).doubleValue()}, (double[]) r.parts().get("a"),
            (double[]) r.parts().get("v"), (double[]) r.parts().get("w")});
        return out;
    }

    private static double[][] flat(Runs.Result r) {
        return new double[][] {r.value().data(), r.derivatives().get("a").data(), r.derivatives().get("v").data(),
            r.derivatives().get("w").data()};
    }

    private static double[] draw(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 * r.nextGaussian();
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 8, 10})
    void theCompiledGradientIsTheInterpretersBitForBitWithNumbersAndWithASizeName(int n) {
        Random r = new Random(17 + n);
        double[] a = draw(r, n * n);
        double[] v = draw(r, n);
        double[] w = draw(r, n);
        Map<String, double[][]> numbers = run(fixed(n), n, Map.of(), a, v, w);
        Engines.assertPartsAgree(numbers, "L = " + n, true);
        Map<String, double[][]> named = run(NAMED, n, Map.of("L", n), a, v, w);
        Engines.assertPartsAgree(named, "L = " + n + " as a size name", true);
        for (int p = 0; p < 4; p++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(numbers.get("compiled")[p], named.get("compiled")[p],
                    "part " + p + ": the same sums with a number as with a size name, L = " + n);
        }
    }
}
