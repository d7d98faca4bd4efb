package dev.gradc.edge;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Assertions;

/**
 * Runs function {@code f} of a program in every engine — the interpreter (static gradient graph), the tape
 * (define-by-run) and the compiled Java class — and gives each engine's value and gradient, flattened.
 * Arguments are {@code Double}, {@code double[]} (vectors), {@code Integer} or {@code int[]} (int vectors), in
 * parameter order.
 */
final class Engines {

    static final List<String> NAMES = List.of("interpreter", "tape", "compiled");

    /** One engine's answer: the value and the gradient (or vjp with a seed of ones) per real parameter. */
    record Answer(double[] value, Map<String, double[]> gradient) {
    }

    /** The 16 entries of x the edge tests' programs {@code f(x: real[16], y: real, n: int)} run at (never written). */
    static final double[] X16 = {0.9, -0.3, 0.45, 0.2, 0.35, 1.1, -0.6, 0.15, -0.25, 0.5, 0.8, -0.4, 0.3, 0.05, -0.7,
        1.2};

    private Engines() {
    }

    /**
     * Asserts that every engine's parts (as a test's {@code run} gives them: value, then each gradient) equal the
     * interpreter's: to 1e-12 relative (absolute below 1), or, for the compiled class when {@code compiledExactly},
     * bit for bit.
     */
    static void assertPartsAgree(Map<String, double[][]> all, String where, boolean compiledExactly) {
        double[][] want = all.get("interpreter");
        for (var e : all.entrySet()) {
            boolean exactly = compiledExactly && e.getKey().equals("compiled");
            for (int p = 0; p < e.getValue().length; p++) {
                Assertions.assertEquals(want[p].length, e.getValue()[p].length,
                        e.getKey() + " part " + p + ", " + where);
                for (int q = 0; q < want[p].length; q++) {
                    double x = want[p][q];
                    double tolerance = exactly ? 0 : 1e-12 * Math.max(1, Math.abs(x));
                    Assertions.assertEquals(x, e.getValue()[p][q], tolerance,
                            e.getKey() + " part " + p + " [" + q + "], " + where);
                }
            }
        }
    }

    /**
     * Asserts that {@code grad[p + 1]} (a test's {@code run} order: value first) is the central difference (h = 1e-6)
     * of {@code value} in each entry of {@code x[p]}, to 1e-6 relative (absolute below 1); {@code names.charAt(p)}
     * names part p in messages.
     */
    static void assertCentralDifferences(double[][] x, double[][] grad, ToDoubleFunction<double[][]> value,
            String names, String where) {
        double h = 1e-6;
        for (int p = 0; p < x.length; p++) {
            for (int q = 0; q < x[p].length; q++) {
                double[][] up = new double[x.length][];
                double[][] down = new double[x.length][];
                for (int i = 0; i < x.length; i++) {
                    up[i] = x[i].clone();
                    down[i] = x[i].clone();
                }
                up[p][q] += h;
                down[p][q] -= h;
                double diff = (value.applyAsDouble(up) - value.applyAsDouble(down)) / (2 * h);
                Assertions.assertEquals(diff, grad[p + 1][q], 1e-6 * Math.max(1, Math.abs(diff)),
                        "d/d" + names.charAt(p) + "[" + q + "] in\n" + where);
            }
        }
    }

    /** Runs one engine only (for errors the engines must all report). */
    static Answer runOne(String engine, String text, Object... args) {
        SourceFile source = new SourceFile("edge.grad", text);
        ModuleIr m = Programs.compile(source);
        FunctionIr f = m.function("f");
        Object[] nd = values(args);
        return switch (engine) {
            case "interpreter" -> answer(Runs.interpreter(f, Map.of(), nd, 1_000));
            case "tape" -> answer(Runs.tape(source, f, Map.of(), nd, 1_000));
            default -> compiled(m, f, args);
        };
    }

    private static Object[] values(Object[] args) {
        Object[] nd = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            nd[i] = args[i] instanceof double[] a ? new NDArray(a.clone(), new int[] {a.length})
                    : args[i] instanceof int[] ints ? dev.gradc.ops.IntND.vector(ints.clone())
                    : args[i] instanceof Integer k ? k
                    : NDArray.scalar(((Number) args[i]).doubleValue());
        }
        return nd;
    }

    static Map<String, Answer> run(String text, Object... args) {
        return run(Map.of(), text, args);
    }

    /** As {@link #run(String, Object...)}, f's size names bound to {@code sizes} for the interpreter and the tape. */
    static Map<String, Answer> run(Map<String, Integer> sizes, String text, Object... args) {
        SourceFile source = new SourceFile("edge.grad", text);
        ModuleIr m = Programs.compile(source);
        FunctionIr f = m.function("f");
        Object[] nd = values(args);
        Map<String, Answer> out = new LinkedHashMap<>();
        out.put("interpreter", answer(Runs.interpreter(f, sizes, nd, 1_000)));
        out.put("tape", answer(Runs.tape(source, m, f, sizes, nd, 1_000)));
        List<Object> sized = new ArrayList<>();
        f.sizes().forEach(n -> sized.add(sizes.get(n))); // the generated API takes the sizes first
        sized.addAll(List.of(args));
        out.put("compiled", compiled(m, f, sized.toArray()));
        return out;
    }

    private static Answer answer(Runs.Result r) {
        Map<String, double[]> g = new LinkedHashMap<>();
        r.derivatives().forEach((k, v) -> g.put(k, v.data()));
        return new Answer(r.value().data(), g);
    }

    private static Answer compiled(ModuleIr m, FunctionIr f, Object[] args) {
        boolean scalar = ((Type.Real) f.output()).isScalar();
        Request r = new Request(scalar ? Request.Kind.GRAD : Request.Kind.VJP, f.realParams());
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(m, "f", r));
        CompiledModule.Result res;
        if (scalar) {
            res = c.grad("f", args);
        } else {
            int n = ((double[]) c.value("f", args)).length;
            List<Object> withSeed = new ArrayList<>(List.of(args));
            withSeed.add(java.util.stream.DoubleStream.generate(() -> 1.0).limit(n).toArray());
            res = c.vjp("f", withSeed.toArray());
        }
        Map<String, double[]> g = new LinkedHashMap<>();
        res.parts().forEach((k, v) -> g.put(k, flat(v)));
        return new Answer(flat(res.value()), g);
    }

    private static double[] flat(Object o) {
        return o instanceof double[] a ? a : new double[] {((Number) o).doubleValue()};
    }

    /**
     * Checks a program {@code f(x: real[M], y: real, n: int)} with {@code @grad(x, y)}: every engine gives the
     * compiled gradient to 1e-12, and that gradient is the central difference of the tape's value (h = 1e-6) in
     * y and in each entry of x, to 1e-6 relative.
     */
    static void agreeWithCentralDifferences(String text, double[] x, double y, int n) {
        Map<String, Answer> answers = run(text, x.clone(), y, n);
        Answer compiled = answers.get("compiled");
        for (Answer a : answers.values()) {
            Assertions.assertArrayEquals(compiled.gradient().get("x"), a.gradient().get("x"), 1e-12, text);
            Assertions.assertArrayEquals(compiled.gradient().get("y"), a.gradient().get("y"), 1e-12, text);
        }
        double h = 1e-6;
        double dy = compiled.gradient().get("y")[0];
        double diff = (tapeValue(text, x, y + h, n) - tapeValue(text, x, y - h, n)) / (2 * h);
        Assertions.assertEquals(diff, dy, 1e-6 * (1 + Math.abs(dy)), "d/dy, n = " + n + ": " + text);
        for (int i = 0; i < x.length; i++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[i] += h;
            down[i] -= h;
            double dxi = (tapeValue(text, up, y, n) - tapeValue(text, down, y, n)) / (2 * h);
            double got = compiled.gradient().get("x")[i];
            Assertions.assertEquals(dxi, got, 1e-6 * (1 + Math.abs(got)), "d/dx" + i + ", n = " + n + ": " + text);
        }
    }

    /**
     * As {@link #agreeWithCentralDifferences}, and first: every engine's value is the compiled value method's, to
     * 1e-12.
     */
    static void sameValueAndCentralDifferences(String text, double[] x, double y, int n) {
        Map<String, Answer> answers = run(text, x.clone(), y, n);
        double value = (double) CompiledModule.load(Programs.compile(text)).value("f", x.clone(), y, n);
        for (Map.Entry<String, Answer> a : answers.entrySet()) {
            Assertions.assertEquals(value, a.getValue().value()[0], 1e-12, a.getKey() + ", n = " + n + ": " + text);
        }
        agreeWithCentralDifferences(text, x, y, n);
    }

    /**
     * The compiled gradient of {@code f(x, y, n)} with respect to x is the same, bit for bit, under each kept-values
     * budget as under the default one: a budget only trades memory for recomputation. Also where an adjoint loop
     * runs its trips in forward order (docs/design.md, "Trips in forward order"): a trip recomputed from a snapshot
     * reverses its trailing update as the journal's reversal does.
     */
    static void sameGradientAtBudgets(String text, double[] x, double y, int n, long... budgets) {
        CompiledModule c = CompiledModule.load(Programs.compile(text));
        double[] roomy = (double[]) c.grad("f", x.clone(), y, n).parts().get("x");
        for (long budget : budgets) {
            c.setMaxKeptValues(budget);
            Assertions.assertArrayEquals(roomy, (double[]) c.grad("f", x.clone(), y, n).parts().get("x"), 0,
                    "budget " + budget + ", n = " + n + ": " + text);
        }
    }

    /**
     * A program {@code h(x: real[16], z: real[16], y: real)} called with one array for both x and z gives what it
     * gives with two copies of it, bit for bit (value and both gradients), and leaves that array as it was: the
     * compiled code writes its arrays' rows in copies of its own.
     */
    static void aliasesGiveWhatTwoArraysGive(String text, double y) {
        CompiledModule c = CompiledModule.load(Programs.compile(text));
        double[] a = X16.clone();
        double[] before = a.clone();
        double apart = ((Number) c.value("h", a.clone(), a.clone(), y)).doubleValue();
        Assertions.assertEquals(apart, ((Number) c.value("h", a, a, y)).doubleValue(), 0, text);
        CompiledModule.Result both = c.grad("h", a, a, y);
        Assertions.assertArrayEquals(before, a, 0, text);
        CompiledModule.Result two = c.grad("h", a.clone(), a.clone(), y);
        Assertions.assertEquals(((Number) two.value()).doubleValue(), ((Number) both.value()).doubleValue(), 0, text);
        Assertions.assertArrayEquals((double[]) two.parts().get("x"), (double[]) both.parts().get("x"), 0, text);
        Assertions.assertArrayEquals((double[]) two.parts().get("z"), (double[]) both.parts().get("z"), 0, text);
    }

    /** The tape's value of such a program. */
    static double tapeValue(String text, double[] x, double y, int n) {
        return runOne("tape", text, x.clone(), y, n).value()[0];
    }

    /**
     * The same double: NaN equals NaN, −0.0 differs from 0.0, infinities by sign; finite non-zero values may
     * differ by a few ulps (engines may evaluate an expression in a different but equivalent order).
     */
    static boolean same(double a, double b) {
        if (Double.compare(a, b) == 0) {
            return true;
        }
        if (Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b) || a == 0 || b == 0) {
            return false;
        }
        return Math.abs(a - b) <= 4 * Math.ulp(Math.max(Math.abs(a), Math.abs(b)));
    }

    static boolean same(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!same(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }
}
