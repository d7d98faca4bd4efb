package dev.gradc.emit;

import static dev.gradc.testing.CompiledCases.assertSameBits;
import static dev.gradc.testing.CompiledCases.flat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.passes.Derivatives;
import dev.gradc.passes.GradientPass;
import dev.gradc.testing.CompiledCases;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import org.junit.jupiter.api.Test;

/**
 * The kept-values budget in generated Java ({@code setMaxKeptValues}): on random programs, the compiled gradient
 * and Hessian under a budget of a few values (loops checkpointed automatically, recomputing from snapshots) have
 * the same bits as under a budget every state fits in, and equal the interpreter's store-everything gradient;
 * the generated code says at each such loop that it is kept within the budget.
 */
class KeptBudgetCompiledTest {

    private static final int PROGRAMS = 12;

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
        sameBitsWithinTinyBudgets(module.toString());
    }

    /**
     * The same on random programs with element and slice writes in loops: loops that keep a carried array as
     * a journal of its writes are checkpointed past half the budget too.
     */
    @Test
    void compiledGradientsOfLoopsWritingElementsHaveTheBitsOfStoringEverything() {
        StringBuilder module = new StringBuilder("module kb.Writes;\n");
        int journaled = 0;
        for (int i = 0; i < PROGRAMS; i++) {
            String src = RandomPrograms.generate(3_000 + i, false, true);
            FunctionIr f = Programs.compile(src).function("f");
            journaled += Derivatives.gradient(f, f.realParams()).toString().contains("write journal") ? 1 : 0;
            module.append(src.replace("fn f(", "fn f" + i + "(")).append('\n');
        }
        assertTrue(journaled >= 3, "random programs with journaled loops: " + journaled);
        sameBitsWithinTinyBudgets(module.toString());
    }

    private static void sameBitsWithinTinyBudgets(String module) {
        ModuleIr m = Programs.compile(module);
        CompiledModule c = CompiledCases.withGradientsAndHessians(m);
        for (int i = 0; i < PROGRAMS; i++) {
            String f = "f" + i;
            Object[] a = CompiledCases.args(i);
            c.setMaxKeptValues(Long.MAX_VALUE);
            CompiledModule.Result roomy = c.grad(f, a);
            double[] roomyHessian = flat(c.hessian(f, a).value());
            for (long budget : new long[] {0, 4, 13}) {
                c.setMaxKeptValues(budget);
                CompiledModule.Result tight = c.grad(f, a);
                String at = " of " + f + ", budget " + budget;
                assertSameBits(flat(roomy.value()), flat(tight.value()), "value" + at);
                for (String p : roomy.parts().keySet()) {
                    assertSameBits(flat(roomy.parts().get(p)), flat(tight.parts().get(p)), p + at);
                }
                assertSameBits(roomyHessian, flat(c.hessian(f, a).value()), "hessian" + at);
            }
            FunctionIr fi = m.function(f);
            CompiledCases.assertInterpreterAgrees(fi,
                    Derivatives.gradient(fi, fi.realParams(), GradientPass.Loops.MIXED_KEEP_ALL), a, roomy.parts());
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

    /**
     * The sizes of a snapshot are summed with their constants folded: the arrays sized by the program's sizes, then
     * one constant for the scalars and the fixed-shape arrays, then the trip number. The old code wrote {@code 0L +
     * (long) N + 1 + 1 + KeptBudget.TRIP_NUMBER} and {@code (long) 3, 1, KeptBudget.TRIP_NUMBER}.
     */
    @Test
    void theSnapshotSizesFoldTheirConstants() {
        String sized = "module kb.Sizes;\n@grad(x)\nfn f<N>(x: real[N], a: real) -> real {\n  h = x;\n  s = 0.0;\n"
                + "  t = 1.0;\n  while (s < 100) { h = tanh(h * a + x); t = t * 0.5; s = s + sum(h * h) + 0.5 + t; }\n"
                + "  return sum(h * h);\n}\n";
        String java = JavaEmitter.emit(Programs.compile(sized)).source();
        assertTrue(java.contains("KeptBudget.snapshots(maxKeptValues, (long) N, 2, KeptBudget.TRIP_NUMBER)"), java);
        assertTrue(!java.contains("0L + "), java);
        String fixed = "module kb.Fixed;\n@grad\nfn f(x: real[3], a: real) -> real {\n  h = x;\n  s = 0.0;\n"
                + "  while (s < 100) { h = tanh(h * a + x); s = s + sum(h * h) + 0.5; }\n"
                + "  return sum(h * h);\n}\n";
        java = JavaEmitter.emit(Programs.compile(fixed)).source();
        assertTrue(java.contains("KeptBudget.snapshots(maxKeptValues, 4L, KeptBudget.TRIP_NUMBER)"), java);
    }
}
