package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.While;
import dev.gradc.passes.Derivatives;
import dev.gradc.runtime.IterationLimitException;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A loop whose results nobody reads still runs in every engine unless it is provably finite: an endless one
 * hits the iteration limit in the compiled engine exactly as on the tape and in the interpreter.
 */
class UnusedLoopsTest {

    private static final String ENDLESS = "fn f(x: real) -> real {\n  y = x;\n  while (y < 1) {\n  }\n  return x * 2;\n}\n";

    @Test
    void anEndlessLoopWhoseResultIsUnusedHitsTheLimitInEveryEngine() {
        SourceFile source = new SourceFile("endless.grad", ENDLESS);
        ModuleIr m = Programs.compile(source);
        FunctionIr f = m.function("f");
        Object[] args = {NDArray.scalar(0.5)};
        assertThrows(IterationLimitException.class, () -> Runs.interpreter(f, Map.of(), args, 1_000));
        assertThrows(IterationLimitException.class, () -> Runs.tape(source, f, Map.of(), args, 1_000));
        CompiledModule c = CompiledModule.load(m);
        c.setMaxIterations(1_000);
        IterationLimitException e = assertThrows(IterationLimitException.class, () -> c.value("f", 0.5));
        assertTrue(e.getMessage().contains("endless.grad:3"), e.getMessage());
        assertThrows(IterationLimitException.class, () -> c.grad("f", 0.5));
        // where the loop ends at once, all agree on the value and the gradient
        assertEquals(6.0, (Double) c.value("f", 3.0));
        assertEquals(2.0, (Double) c.grad("f", 3.0).parts().get("x"));
    }

    /**
     * A loop whose condition folds to a constant {@code true} (the literal, or a counter nobody increments) with
     * code after it: javac must accept the generated class (a {@code while (true)} would make what follows
     * unreachable), and every engine stops at the limit, in the value and in the gradient.
     */
    @Test
    void aLoopWhoseConditionIsConstantlyTrueCompilesAndHitsTheLimitInEveryEngine() {
        for (String head : new String[] {"while (true) {", "i = 0;\n  while (i < 2) {"}) {
            String text = "@grad\nfn f(x: real) -> real {\n  y = x;\n  " + head + "\n    y = y * 0.5 + x;\n  }\n"
                    + "  return y * x;\n}\n";
            SourceFile source = new SourceFile("forever.grad", text);
            ModuleIr m = Programs.compile(source);
            FunctionIr f = m.function("f");
            Object[] args = {NDArray.scalar(0.5)};
            assertThrows(IterationLimitException.class, () -> Runs.interpreter(f, Map.of(), args, 1_000));
            assertThrows(IterationLimitException.class, () -> Runs.tape(source, f, Map.of(), args, 1_000));
            CompiledModule c = CompiledModule.load(m);
            c.setMaxIterations(1_000);
            assertThrows(IterationLimitException.class, () -> c.value("f", 0.5), text);
            assertThrows(IterationLimitException.class, () -> c.grad("f", 0.5), text);
        }
    }

    /**
     * A loop whose condition folds to false (a counter starting at its bound), inside another loop: the optimizer
     * replaces its results by its inputs and drops it (no {@code while (false)} for javac to reject), and every
     * engine agrees with the analytic value 2^4·x·x and gradient 2^5·x.
     */
    @Test
    void aLoopThatNeverRunsIsDroppedAndEveryEngineAgrees() {
        String text = "fn f(x: real) -> real {\n  y = x;\n  i = 0;\n  while (i < 4) {\n    j = 1;\n"
                + "    while (j < 1) {\n      y = sin(y);\n    }\n    y = y * 2;\n    i = i + 1;\n  }\n"
                + "  return y * x;\n}\n";
        FunctionIr f = Programs.compile(text).function("f");
        assertEquals(1, allLoops(Derivatives.gradient(f, java.util.List.of("x"))), "only the outer loop is left");
        Map<String, Engines.Answer> all = Engines.run(text, 0.75);
        for (String engine : Engines.NAMES) {
            assertEquals(16 * 0.75 * 0.75, all.get(engine).value()[0], 1e-12, engine);
            assertEquals(32 * 0.75, all.get(engine).gradient().get("x")[0], 1e-12, engine);
        }
    }

    private static int allLoops(Graph g) {
        int n = 0;
        for (Node node : g.nodes()) {
            if (node.op() instanceof dev.gradc.ir.Region r) {
                n += node.op() instanceof While ? 1 : 0;
                for (Graph inner : r.graphs()) {
                    n += allLoops(inner);
                }
            }
        }
        return n;
    }

    private static int loops(Graph g) {
        int n = 0;
        for (Node node : g.nodes()) {
            if (node.op() instanceof While) {
                n++;
            }
        }
        return n;
    }

    @Test
    void provablyFiniteCountedLoopsWhoseResultsAreUnusedAreStillRemoved() {
        FunctionIr f = Programs.compile("fn f(x: real, n: real) -> real {\n  y = x;\n  for i in 0..10 { y = y * 2; }\n"
                + "  j = 0;\n  while (j < 5) { y = y + 1; j = j + 1; }\n  return x * n;\n}\n").function("f");
        assertEquals(0, loops(Derivatives.value(f)));
        assertEquals(0, loops(Derivatives.gradient(f, java.util.List.of("x", "n"))));
    }

    @Test
    void aDataDependentLoopWhoseResultIsUnusedIsKeptWithOnlyWhatItsConditionNeeds() {
        FunctionIr f = Programs.compile("fn f(x: real, w: real[3]) -> real {\n  y = x;\n  v = w;\n"
                + "  while (y < 10) { y = y * 2; v = v * y; }\n  return x;\n}\n").function("f");
        Graph g = Derivatives.value(f);
        assertEquals(1, loops(g));
        While w = (While) g.nodes().stream().filter(n -> n.op() instanceof While).findFirst().orElseThrow().op();
        assertEquals(1, w.carried(), "only y, which the condition reads, is carried; v is dropped");
    }
}
