package dev.gradc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.GradientPass;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Ast;
import dev.gradc.syntax.Parser;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The define-by-run engine agrees with the static gradient graph run by the interpreter. */
class TapeEngineTest {

    private static Ast.Module parse(SourceFile s) {
        return Parser.parse(s, new Diagnostics());
    }

    @Test
    void controlFlowThroughTheTapeGivesValueOverInput() {
        SourceFile src = Programs.example("control_flow.grad");
        TapeEngine tape = new TapeEngine(parse(src), src.baseName(), 1_000_000);
        Random r = new Random(7);
        for (int i = 0; i < 50; i++) {
            double av = r.nextGaussian() * 3;
            Tensor a = Tensor.scalar(av).requiresGrad();
            Tensor c = (Tensor) tape.call("f", Map.of(), List.of(a));
            c.backward();
            assertEquals(c.item() / av, a.grad().item(), Math.abs(c.item() / av) * 1e-12);
        }
    }

    @Test
    void detachThroughTheTapeGivesFour() {
        SourceFile src = Programs.example("detach.grad");
        TapeEngine tape = new TapeEngine(parse(src), src.baseName(), 10);
        Tensor x = Tensor.scalar(2).requiresGrad();
        ((Tensor) tape.call("detached", Map.of(), List.of(x))).backward();
        assertEquals(4.0, x.grad().item(), 0.0);
    }

    @Property(tries = 200, seed = "20261125")
    void tapeAndStaticGradientAgreeOnRandomPrograms(@ForAll long seed) {
        String text = RandomPrograms.generate(seed);
        SourceFile src = new SourceFile("random.grad", text);
        FunctionIr f = Programs.compile(src).function("f");
        Random r = new Random(seed);
        int[][] shapes = {{}, {}, {3}, {2, 3}};
        Object[] in = new Object[4];
        List<Object> leaves = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int n = shapes[p].length == 0 ? 1 : shapes[p].length == 1 ? 3 : 6;
            double[] d = new double[n];
            for (int k = 0; k < n; k++) {
                d[k] = r.nextDouble() * 1.6 - 0.8;
            }
            in[p] = new NDArray(d, shapes[p]);
            leaves.add(Tensor.of(d.clone(), shapes[p]).requiresGrad());
        }
        Graph g = GradientPass.gradient(f, List.of("x", "y", "v", "M"), false);
        Object[] expected = Programs.run(g, in);
        Tensor out = (Tensor) new TapeEngine(parse(src), "random.grad", 1_000_000).call("f", Map.of(), leaves);
        out.backward();
        double value = ((NDArray) expected[0]).item();
        assertEquals(value, out.item(), 1e-12 * Math.max(1, Math.abs(value)), text);
        for (int p = 0; p < 4; p++) {
            double[] e = ((NDArray) expected[1 + p]).data();
            Tensor grad = ((Tensor) leaves.get(p)).grad();
            double[] a = grad == null ? new double[e.length] : grad.data();
            for (int k = 0; k < e.length; k++) {
                assertEquals(e[k], a[k], 1e-12 * Math.max(1, Math.abs(e[k])), "param " + p + " of\n" + text);
            }
        }
    }
}
