package dev.gradc.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.TapeEngine;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A function of one vector parameter {@code x} in every engine: its value, its gradient by the interpreter on
 * the gradient graph, by the tape and by the generated class (each built once per module and function), and
 * Richardson-extrapolated central differences, for the tests of derivatives of derivatives.
 */
final class XEngines {

    private XEngines() {
    }

    static NDArray vec(double... v) {
        return new NDArray(v, new int[] {v.length});
    }

    static double[] value(ModuleIr m, String fn, double[] x) {
        return ((NDArray) Programs.run(m.function(fn).graph(), vec(x))[0]).data();
    }

    static double[] interpreterGradient(ModuleIr m, String fn, double[] x) {
        dev.gradc.ir.Graph g = GRADIENTS.computeIfAbsent(System.identityHashCode(m) + " " + fn,
                k -> Derivatives.gradient(m.function(fn), List.of("x")));
        return ((NDArray) Programs.run(g, vec(x))[1]).data();
    }

    static double[] tapeGradient(ModuleIr m, String source, String fn, double[] x) {
        TapeEngine tape = TAPES.computeIfAbsent(source, k -> {
            dev.gradc.diag.SourceFile file = new dev.gradc.diag.SourceFile("ror.grad", source);
            return new TapeEngine(dev.gradc.syntax.Parser.parse(file, new dev.gradc.diag.Diagnostics()), file.name(),
                    1_000_000, m);
        });
        Tensor in = Tensor.of(x.clone(), x.length).requiresGrad();
        ((Tensor) tape.call(fn, Map.of(), List.of(in))).backward();
        return in.grad().data();
    }

    /** Gradient graphs and tape engines, built once per function and program. */
    private static final Map<String, dev.gradc.ir.Graph> GRADIENTS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<String, TapeEngine> TAPES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Modules by source: the checks of one program share its module, and so its compiled class. */
    private static final Map<String, ModuleIr> MODULES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The module of {@code source}, compiled once for all the checks of that program. */
    static ModuleIr module(String source) {
        return MODULES.computeIfAbsent(source, Programs::compile);
    }

    /** Compiled classes by module and function: javac runs once for each. */
    private static final Map<String, CompiledModule> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * ∂fn/∂x by the generated class: one class per module (javac runs once), with a gradient for every function
     * of x with a real scalar output.
     */
    static double[] compiledGradient(ModuleIr m, String fn, double[] x) {
        CompiledModule c = COMPILED.computeIfAbsent(String.valueOf(System.identityHashCode(m)), k -> {
            ModuleIr all = m;
            for (dev.gradc.lower.FunctionIr f : m.functions()) {
                if (f.paramIndex("x") >= 0 && f.output() instanceof dev.gradc.ir.Type.Real r && r.isScalar()) {
                    all = CompiledModule.requesting(all, f.name(), new Request(Request.Kind.GRAD, List.of("x")));
                }
            }
            return CompiledModule.load(all);
        });
        return (double[]) c.grad(fn, new Object[] {x.clone()}).parts().get("x");
    }

    /** Central differences of a vector function of x along each axis, Richardson-extrapolated from h and h/2. */
    static double[][] central(Function<double[], double[]> f, double[] x, double h) {
        double[][] out = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            double[][] d = new double[2][];
            for (int s = 0; s < 2; s++) {
                double e = h / (1 << s);
                double[] up = x.clone();
                double[] down = x.clone();
                up[k] += e;
                down[k] -= e;
                double[] a = f.apply(up);
                double[] b = f.apply(down);
                d[s] = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    d[s][i] = (a[i] - b[i]) / (2 * e);
                }
            }
            out[k] = new double[d[0].length];
            for (int i = 0; i < out[k].length; i++) {
                out[k][i] = (4 * d[1][i] - d[0][i]) / 3;
            }
        }
        return out;
    }

    static void close(double[] want, double[] got, double rel, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], rel * Math.max(1, Math.abs(want[i])), what + "[" + i + "]");
        }
    }

    /**
     * The gradient of {@code fn} (of x: real[3]) at each point: the interpreter's against central differences
     * with step h (to 1e-6), the generated class's and the tape's against the interpreter's (to 1e-11).
     */
    static void gradientAgreesEverywhere(String source, String fn, double h, double[]... points) {
        gradientAgreesEverywhere(source, fn, fn, h, points);
    }

    /**
     * As above, but the differences taken are those of {@code differenced}, a scalar function of x that
     * {@code fn} equals by another route (e.g. the gradient of a gradient against an hvp), so that the
     * interpreter's gradient of fn is checked against independent numbers.
     */
    static void gradientAgreesEverywhere(String source, String fn, String differenced, double h,
            double[]... points) {
        ModuleIr m = module(source);
        for (double[] x : points) {
            double[][] d = central(p -> value(m, differenced, p), x, h);
            double[] want = {d[0][0], d[1][0], d[2][0]};
            String at = fn + " at " + java.util.Arrays.toString(x);
            double[] got = interpreterGradient(m, fn, x);
            close(want, got, 1e-6, "interpreter against differences of " + differenced + " " + at);
            close(got, compiledGradient(m, fn, x), 1e-11, "compiled " + at);
            close(got, tapeGradient(m, source, fn, x), 1e-11, "tape " + at);
        }
    }

    /**
     * Reverse over reverse is the Hessian: the gradients of {@code g0}, {@code g1}, {@code g2} (the entries of
     * {@code grad(f, x)}) in every engine equal the rows of {@code hf} ({@code hessian(f, x)}) to 1e-11 and the
     * central differences of g0..g2 to 1e-6, at each point.
     */
    static void rowsAreTheHessian(String source, double[]... points) {
        ModuleIr m = module(source);
        String[] rows = {"g0", "g1", "g2"};
        for (double[] x : points) {
            double[] h = value(m, "hf", x);
            double[][] dg = central(p -> new double[] {value(m, "g0", p)[0], value(m, "g1", p)[0],
                value(m, "g2", p)[0]}, x, 1e-4);
            for (int i = 0; i < 3; i++) {
                double[] row = java.util.Arrays.copyOfRange(h, 3 * i, 3 * i + 3);
                String at = java.util.Arrays.toString(x) + ", row " + i;
                close(row, interpreterGradient(m, rows[i], x), 1e-11, "interpreter " + at);
                close(row, compiledGradient(m, rows[i], x), 1e-11, "compiled " + at);
                close(row, tapeGradient(m, source, rows[i], x), 1e-11, "tape " + at);
                for (int k = 0; k < 3; k++) {
                    assertEquals(dg[k][i], row[k], 1e-6 * Math.max(1, Math.abs(row[k])), "differences " + at);
                }
            }
        }
    }
}
