package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.fuzz.Runs;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ifs nested in ifs that each hold a loop keeping its trips: each level pushes its loop's stacks onto a stack of
 * stacks ({@link KeptStacks}) instead of passing them through every level around it. The gradient that keeps every
 * trip (as an inner derivative's does) agrees with the checkpointed one, the tape, the generated class and central
 * differences at every depth taken; an inner {@code grad} of such a function compiles to a stack of stacks, and
 * its own gradient (reverse over those stacks) and the Hessian (forward over them) agree with differences.
 */
class NestedIfLoopsTest {

    /** Ifs nested d deep; each then-branch runs a loop on the vector w and goes on with the inner if's y and w. */
    static String program(int d) {
        StringBuilder s = new StringBuilder("fn f(x: real, v: real[2]) -> real {\ny = x;\nw = v;\n");
        for (int k = 0; k < d; k++) {
            s.append("if (y > ").append(0.3 * k).append(") {\ny = y * 1.01 + x;\ns").append(k).append(" = 0;\n")
                    .append("while (s").append(k).append(" < 1.5) {\nw = tanh(w * x + 0.1 * y);\ns").append(k).append(" = s")
                    .append(k).append(" + 0.6;\n}\n");
        }
        for (int k = 0; k < d; k++) {
            s.append("y = sin(y) * x + 0.1 * sum(w);\n} else {\ny = y - 1;\nw = w - y;\n}\n");
        }
        return s.append("return y + sum(w);\n}\n").toString();
    }

    /**
     * The program with {@code h(x, v) = ∂f/∂x}, an inner derivative that is inlined, so its loops keep every trip:
     * f's result goes through {@code ident}, whose reverse rule (the identity) has no forward-mode rule.
     */
    static String withInnerGradient(int d) {
        return "fn ident(x: real) -> real { return x; }\n@vjp_rule(ident, x)\n"
                + "fn ident_vjp(x: real, y: real, ybar: real) -> real { return ybar; }\n"
                + program(d).replace("return y + sum(w);", "return ident(y) + sum(w);")
                + "fn h(x: real, v: real[2]) -> real {\nreturn grad(f, x)(x, v);\n}\n";
    }

    /** 0.5 runs every level down to the innermost branch, 0.2 leaves a few levels down, -0.3 at the first. */
    private static final double[][] POINTS = {{0.5, 0.3, -0.2}, {0.2, -0.4, 0.1}, {-0.3, 0.7, 0.25}};

    private static Object[] args(double[] p) {
        return new Object[] {NDArray.scalar(p[0]), new NDArray(new double[] {p[1], p[2]}, new int[] {2})};
    }

    /** The results of {@code g} at p (value, then per real parameter) flattened to (value, ∂x, ∂v0, ∂v1). */
    private static double[] run(Graph g, double[] p) {
        Object[] r = new Interpreter(new EvalContext(Map.of()), 1_000).run(g, args(p));
        double[] v = ((NDArray) r[2]).data();
        return new double[] {((NDArray) r[0]).item(), ((NDArray) r[1]).item(), v[0], v[1]};
    }

    /** Function {@code fn}'s value at p in the interpreter. */
    private static double value(FunctionIr fn, double[] p) {
        return Runs.interpreter(fn, Map.of(), args(p), 1_000).value().item();
    }

    /** ∂fn/∂(x, v0, v1) at p by central differences of the interpreter's values, Richardson-extrapolated. */
    private static double[] differences(FunctionIr fn, double[] p) {
        double[] out = new double[3];
        for (int k = 0; k < 3; k++) {
            double[] d = new double[2];
            for (int s = 0; s < 2; s++) {
                double h = 1e-4 / (1 << s);
                double[] up = p.clone();
                double[] down = p.clone();
                up[k] += h;
                down[k] -= h;
                d[s] = (value(fn, up) - value(fn, down)) / (2 * h);
            }
            out[k] = (4 * d[1] - d[0]) / 3;
        }
        return out;
    }

    private static void close(double want, double got, double tolerance, String what) {
        assertEquals(want, got, tolerance * Math.max(1, Math.abs(want)), what);
    }

    @Test
    void keptLoopGradientsAgreeInEveryEngineAtEveryDepthTaken() {
        for (int d : new int[] {2, 12}) {
            String text = program(d);
            ModuleIr m = Programs.compile(text);
            FunctionIr f = m.function("f");
            Graph kept = Derivatives.gradient(f, f.realParams(), GradientPass.Loops.REVERSE_KEEP_ALL);
            CompiledModule c = CompiledModule.load(CompiledModule.requesting(m, "f",
                    new Request(Request.Kind.GRAD, f.realParams())));
            for (double[] p : POINTS) {
                double[] want = run(kept, p);
                double[] checkpointed = run(Derivatives.gradient(f, f.realParams()), p);
                double[] diff = differences(f, p);
                Runs.Result tape = Runs.tape(new SourceFile("loops.grad", text), m, f, Map.of(), args(p), 1_000);
                CompiledModule.Result g = c.grad("f", p[0], new double[] {p[1], p[2]});
                double[] compiled = {(Double) g.value(), (Double) g.parts().get("x"),
                    ((double[]) g.parts().get("v"))[0], ((double[]) g.parts().get("v"))[1]};
                double[] taped = {tape.value().item(), tape.derivatives().get("x").item(),
                    tape.derivatives().get("v").data()[0], tape.derivatives().get("v").data()[1]};
                for (int k = 0; k < 4; k++) {
                    String at = "depth " + d + ", x = " + p[0] + ", entry " + k;
                    close(want[k], checkpointed[k], 1e-12, "checkpointed " + at);
                    close(want[k], compiled[k], 1e-11, "compiled " + at);
                    close(want[k], taped[k], 1e-11, "tape " + at);
                    if (k > 0) {
                        close(diff[k - 1], want[k], 1e-6, "differences " + at);
                    }
                }
            }
        }
    }

    @Test
    void anInnerGradientKeepsItsLoopsOnAStackOfStacks() {
        ModuleIr m = Programs.compile(withInnerGradient(12));
        CompiledModule c = CompiledModule.load(m);
        assertTrue(c.emitted().source().contains("ObjectStack<DoubleStack>"), "the loops' stacks on a stack");
        FunctionIr f = m.function("f");
        for (double[] p : POINTS) {
            double want = Runs.interpreter(f, Map.of(), args(p), 1_000).derivatives().get("x").item();
            close(want, (Double) c.value("h", p[0], new double[] {p[1], p[2]}), 1e-11, "h at x = " + p[0]);
        }
    }

    @Test
    void theGradientOfAnInnerGradientGoesBackThroughTheStackOfStacks() {
        String text = withInnerGradient(6);
        ModuleIr m = Programs.compile(text);
        FunctionIr h = m.function("h");
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(m, "h",
                new Request(Request.Kind.GRAD, h.realParams())));
        for (double[] p : POINTS) {
            Runs.Result in = Runs.interpreter(h, Map.of(), args(p), 1_000);
            double[] want = {in.derivatives().get("x").item(), in.derivatives().get("v").data()[0],
                in.derivatives().get("v").data()[1]};
            double[] diff = differences(h, p);
            CompiledModule.Result g = c.grad("h", p[0], new double[] {p[1], p[2]});
            double[] compiled = {(Double) g.parts().get("x"), ((double[]) g.parts().get("v"))[0],
                ((double[]) g.parts().get("v"))[1]};
            for (int k = 0; k < 3; k++) {
                String at = "x = " + p[0] + ", entry " + k;
                close(diff[k], want[k], 1e-5, "differences " + at);
                close(want[k], compiled[k], 1e-11, "compiled " + at);
            }
        }
    }

    @Test
    void theHessianThroughStacksOfStacksIsTheDifferencesOfTheGradient() {
        ModuleIr m = Programs.compile(program(6));
        FunctionIr f = m.function("f");
        Graph kept = Derivatives.gradient(f, f.realParams(), GradientPass.Loops.REVERSE_KEEP_ALL);
        Graph hvp = Derivatives.hvp(f, f.realParams(), GradientPass.Loops.REVERSE_KEEP_ALL);
        for (double[] p : POINTS) {
            for (int k = 0; k < 3; k++) {
                double[] up = p.clone();
                double[] down = p.clone();
                up[k] += 1e-5;
                down[k] -= 1e-5;
                double[] gu = run(kept, up);
                double[] gd = run(kept, down);
                Object[] a = {NDArray.scalar(p[0]), new NDArray(new double[] {p[1], p[2]}, new int[] {2}),
                    NDArray.scalar(k == 0 ? 1 : 0), new NDArray(new double[] {k == 1 ? 1 : 0, k == 2 ? 1 : 0},
                        new int[] {2})};
                Object[] r = new Interpreter(new EvalContext(Map.of()), 1_000).run(hvp, a);
                double[] column = {((NDArray) r[3]).item(), ((NDArray) r[4]).data()[0], ((NDArray) r[4]).data()[1]};
                for (int i = 0; i < 3; i++) {
                    double d = (gu[1 + i] - gd[1 + i]) / 2e-5;
                    close(d, column[i], 1e-5, "H[" + i + "][" + k + "] at x = " + p[0]);
                }
            }
        }
    }
}
