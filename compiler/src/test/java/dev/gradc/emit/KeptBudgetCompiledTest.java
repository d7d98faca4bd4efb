package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.passes.GradientPass;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The kept-values budget in generated Java ({@code setMaxKeptValues}): on random programs, the compiled gradient
 * and Hessian under a budget of a few values (loops checkpointed automatically, recomputing from snapshots) have
 * the same bits as under a budget every state fits in, and equal the interpreter's store-everything gradient;
 * the generated code says at each such loop that it is kept within the budget.
 */
class KeptBudgetCompiledTest {

    private static final int PROGRAMS = 12;

    private static Object[] args(long seed) {
        Random r = new Random(seed);
        double[] v = {r.nextDouble() - 0.5, r.nextDouble() - 0.5, r.nextDouble() - 0.5};
        double[] m = new double[6];
        for (int i = 0; i < 6; i++) {
            m[i] = r.nextDouble() * 1.6 - 0.8;
        }
        return new Object[] {r.nextDouble() * 1.6 - 0.8, r.nextDouble() * 1.6 - 0.8, v, m};
    }

    private static double[] flat(Object o) {
        return o instanceof double[] a ? a : new double[] {((Number) o).doubleValue()};
    }

    private static void same(double[] a, double[] b, String what) {
        assertEquals(a.length, b.length, what);
        for (int e = 0; e < a.length; e++) {
            assertEquals(Double.doubleToLongBits(a[e]), Double.doubleToLongBits(b[e]), what + "[" + e + "]");
        }
    }

    @Test
    void compiledGradientsAndHessiansWithinATinyBudgetHaveTheBitsOfStoringEverything() {
        StringBuilder module = new StringBuilder("module kb.Random;\n");
        int withLoops = 0;
        for (int i = 0; i < PROGRAMS; i++) {
            String src = RandomPrograms.generate(2_000 + i);
            withLoops += src.contains("while (") ? 1 : 0;
            module.append(src.replace("fn f(", "fn f" + i + "(")).append('\n');
        }
        assertTrue(withLoops >= PROGRAMS / 2, "the random programs have loops");
        ModuleIr m = Programs.compile(module.toString());
        ModuleIr all = m;
        for (FunctionIr f : m.functions()) {
            all = CompiledModule.requesting(all, f.name(), new Request(Request.Kind.GRAD, f.realParams()),
                    new Request(Request.Kind.HESSIAN, f.realParams()));
        }
        CompiledModule c = CompiledModule.load(all);
        for (int i = 0; i < PROGRAMS; i++) {
            String f = "f" + i;
            Object[] a = args(i);
            c.setMaxKeptValues(Long.MAX_VALUE);
            CompiledModule.Result roomy = c.grad(f, a);
            double[] roomyHessian = flat(c.hessian(f, a).value());
            for (long budget : new long[] {0, 4, 13}) {
                c.setMaxKeptValues(budget);
                CompiledModule.Result tight = c.grad(f, a);
                same(flat(roomy.value()), flat(tight.value()), "value of " + f + ", budget " + budget);
                for (String p : roomy.parts().keySet()) {
                    same(flat(roomy.parts().get(p)), flat(tight.parts().get(p)), p + " of " + f + ", budget " + budget);
                }
                same(roomyHessian, flat(c.hessian(f, a).value()), "hessian of " + f + ", budget " + budget);
            }
            Object[] nd = {NDArray.scalar((Double) a[0]), NDArray.scalar((Double) a[1]),
                new NDArray((double[]) a[2], new int[] {3}), new NDArray((double[]) a[3], new int[] {2, 3})};
            FunctionIr fi = m.function(f);
            Object[] interpreted = Programs.run(Derivatives.gradient(fi, fi.realParams(),
                    GradientPass.Loops.MIXED_KEEP_ALL), nd);
            int k = 1;
            for (String p : fi.realParams()) {
                double[] want = ((NDArray) interpreted[k++]).data();
                double[] got = flat(roomy.parts().get(p));
                for (int e = 0; e < want.length; e++) {
                    assertEquals(want[e], got[e], 1e-12 * Math.max(1, Math.abs(want[e])), p + " of " + f);
                }
            }
        }
        c.setMaxKeptValues(dev.gradc.runtime.checkpoint.KeptBudget.DEFAULT);
    }

    @Test
    void theGeneratedCodeSaysWhichLoopsAreKeptWithinTheBudget() {
        String src = "module kb.Rnn;\n@grad\nfn f(x: real[3], a: real) -> real {\n  h = x;\n  s = 0.0;\n"
                + "  while (s < 100) { h = tanh(h * a + x); s = s + sum(h * h) + 0.5; }\n"
                + "  return sum(h * h);\n}\n";
        String java = JavaEmitter.emit(Programs.compile(src)).source();
        assertTrue(java.contains("int snapshots = KeptBudget.snapshots(maxKeptValues, "), java);
        assertTrue(java.contains("// checkpointed loop (online schedule, automatic within the kept-values budget:"
                + " keeps the state of the first trips)"), java);
    }
}
