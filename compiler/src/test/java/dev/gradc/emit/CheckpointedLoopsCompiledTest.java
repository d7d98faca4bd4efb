package dev.gradc.emit;

import static dev.gradc.testing.CompiledCases.assertSameBits;
import static dev.gradc.testing.CompiledCases.flat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.CompiledCases;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The generated Java of checkpointed loops: on random programs, the compiled gradient and Hessian of every
 * function with {@code @checkpoint} before its loops have the same bits as without, and equal the
 * interpreter's; and the generated code says at each loop which part of which schedule it is.
 */
class CheckpointedLoopsCompiledTest {

    private static final int PROGRAMS = 12;

    private static String annotated(String src, long seed) {
        Random r = new Random(seed);
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int i = src.indexOf("while ("); i >= 0; i = src.indexOf("while (", i + 1)) {
            out.append(src, at, i).append("@checkpoint(").append(1 + r.nextInt(3)).append(") ");
            at = i;
        }
        return out.append(src.substring(at)).toString();
    }

    @Test
    void compiledCheckpointedGradientsAndHessiansHaveTheSameBits() {
        StringBuilder module = new StringBuilder("module ck.Random;\n");
        int withLoops = 0;
        for (int i = 0; i < PROGRAMS; i++) {
            String src = RandomPrograms.generate(1_000 + i);
            withLoops += src.contains("while (") ? 1 : 0;
            module.append(src.replace("fn f(", "fn plain" + i + "(")).append('\n');
            module.append(annotated(src, i).replace("fn f(", "fn ck" + i + "(")).append('\n');
        }
        assertTrue(withLoops >= PROGRAMS / 2, "the random programs have loops");
        ModuleIr m = Programs.compile(module.toString());
        CompiledModule c = CompiledCases.withGradientsAndHessians(m);
        for (int i = 0; i < PROGRAMS; i++) {
            Object[] a = CompiledCases.args(i);
            CompiledModule.Result plain = c.grad("plain" + i, a);
            CompiledModule.Result ck = c.grad("ck" + i, a);
            assertSameBits(flat(plain.value()), flat(ck.value()), "value " + i);
            for (String p : plain.parts().keySet()) {
                assertSameBits(flat(plain.parts().get(p)), flat(ck.parts().get(p)), "gradient " + p + " of " + i);
            }
            assertSameBits(flat(c.hessian("plain" + i, a).value()), flat(c.hessian("ck" + i, a).value()),
                    "hessian " + i);
            FunctionIr f = m.function("ck" + i);
            CompiledCases.assertInterpreterAgrees(f, Derivatives.gradient(f, f.realParams()), a, ck.parts());
        }
    }

    @Test
    void theGeneratedCodeSaysWhichLoopsAreCheckpointed() {
        String src = "module ck.Rnn;\n@grad\nfn f(x: real[3], a: real) -> real {\n  h = x;\n  i = 0;\n"
                + "  @checkpoint(8)\n  while (i < 100) { h = tanh(h * a + x); i = i + 1; }\n"
                + "  return sum(h * h);\n}\n";
        String java = JavaEmitter.emit(Programs.compile(src)).source();
        for (String part : List.of("first sweep", "adjoint sweep", "recomputes from the top snapshot",
                "runs on to the next snapshot", "recomputes up to the next snapshot")) {
            assertTrue(java.contains(part), part + " in\n" + java);
        }
        assertTrue(java.contains("// checkpointed loop (binomial schedule, at most 8 snapshots: first sweep)"), java);
        assertTrue(java.contains("Binomial.advanceToEnd("), java);
        CompiledModule c = CompiledModule.load(Programs.compile(src));
        double[] x = {0.3, -0.2, 0.5};
        CompiledModule.Result r = c.grad("f", x, 0.9);
        Object[] want = Programs.run(Derivatives.gradient(Programs.compile(src).function("f"), List.of("x", "a")),
                new NDArray(x.clone(), new int[] {3}), NDArray.scalar(0.9));
        assertEquals(((NDArray) want[2]).item(), (Double) r.parts().get("a"), 1e-12);
    }
}
