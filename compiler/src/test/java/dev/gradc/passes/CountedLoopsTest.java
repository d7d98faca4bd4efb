package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Compare;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Param;
import dev.gradc.ops.SizeOf;
import dev.gradc.ops.While;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The trip count of a counted loop is a fact of the IR ({@link While#counted}): lowering sets it on the loops
 * of {@code for} statements, and every pass that rebuilds a loop keeps it true. Each test checks the fact
 * against the loop's own graphs: the condition is {@code counter < to} and the body adds one to the counter.
 */
class CountedLoopsTest {

    /** Every while node of g and of its regions, at every depth, with the graph it is in. */
    private static List<Node> loops(Graph g, List<Graph> in) {
        List<Node> out = new ArrayList<>();
        java.util.ArrayDeque<Graph> work = new java.util.ArrayDeque<>(List.of(g));
        while (!work.isEmpty()) {
            Graph cur = work.pop();
            for (Node n : cur.nodes()) {
                if (n.op() instanceof While) {
                    out.add(n);
                    in.add(cur);
                }
                if (n.op() instanceof Region r) {
                    r.graphs().forEach(work::push);
                }
            }
        }
        return out;
    }

    /** Checks every counted loop of g against its graphs; gives how many loops are counted. */
    static int checkCounted(Graph g) {
        List<Graph> in = new ArrayList<>();
        int counted = 0;
        for (Node n : loops(g, in)) {
            While w = (While) n.op();
            While.Counted c = w.counted();
            if (c == null) {
                continue;
            }
            counted++;
            String where = "loop " + w.where() + " " + c + "\n" + w.condition() + "\n" + w.body();
            assertTrue(c.counter() < w.carried(), where);
            int counter = w.condition().params().get(c.counter());
            Node test = w.condition().node(w.condition().result(0));
            assertEquals(c.step() == 1 ? Compare.LT : Compare.GT, test.op(), where);
            assertEquals(counter, test.input(0), where);
            Node to = w.condition().node(test.input(1));
            if (c.literalBound()) {
                assertEquals(new IntConstant(c.toValue()), to.op(), where);
            } else if (c.inputBound()) {
                assertTrue(c.toInput() >= w.carried() && c.toInput() < n.inputs().size(), where);
                assertEquals(new Param(c.toInput()), to.op(), where);
            } else {
                assertEquals(new SizeOf(c.toSize()), to.op(), where);
            }
            Graph body = w.body();
            Node step = body.node(body.result(c.counter()));
            assertEquals(c.step() == 1 ? Binary.ADD : Binary.SUB, step.op(), where);
            int param = body.params().get(c.counter());
            int other = step.input(0) == param ? step.input(1) : step.input(1) == param && c.step() == 1 ? step.input(0) : -1;
            assertTrue(other >= 0, where);
            assertEquals(new IntConstant(1), body.node(other).op(), where);
        }
        Verifier.verify(g);
        return counted;
    }

    private static While onlyLoop(Graph g) {
        List<Node> loops = loops(g, new ArrayList<>());
        assertEquals(1, loops.size());
        return (While) loops.get(0).op();
    }

    @Test
    void aForLoopCountsItsVariableUpToItsEnd() {
        FunctionIr f = Programs.compile("fn f<N>(x: real, a: int) -> real { s = x; for i in a..N { s = s * x; } "
                + "return s; }").function("f");
        While w = onlyLoop(f.graph());
        assertNotNull(w.counted());
        assertEquals(1, checkCounted(f.graph()));
        assertTrue(w.attributes().contains("counted(from=%"), w.attributes());
    }

    @Test
    void aHandWrittenCountingWhileLoopIsCountedLikeAFor() {
        While byLiteral = onlyLoop(Programs.compile("fn f(x: real) -> real { i = 0; while (i < 4) { x = x * 2; "
                + "i = i + 1; } return x; }").function("f").graph());
        assertEquals(new While.Counted(1, While.Counted.LITERAL, 4), byLiteral.counted(), "carried x, i; i < 4");
        FunctionIr bySize = Programs.compile("fn f<N>(x: real[N]) -> real { s = 0.0; i = 0; while (i < N) { "
                + "s = s + x[i]; i = 1 + i; } return s; }").function("f");
        assertEquals("N", onlyLoop(bySize.graph()).counted().toSize());
        FunctionIr byInput = Programs.compile("fn f(x: real, n: int) -> real { j = n; while (j > 2) { x = sin(x); "
                + "j = j - 1; } return x; }").function("f");
        assertEquals(-1, onlyLoop(byInput.graph()).counted().step());
        for (FunctionIr f : List.of(bySize, byInput)) {
            assertEquals(1, checkCounted(f.graph()));
            Graph grad = Derivatives.gradient(f, f.realParams());
            assertTrue(checkCounted(grad) >= 1, "the loop of the gradient\n" + grad);
        }
    }

    @Test
    void loopsThatDoNotCountByOneTowardsAFixedBoundAreNotCounted() {
        for (String body : List.of("for i in 0..9 { x = x * 2; i = i + 2; }", "i = 0; while (i < 4) { x = x * 2; i = i + 2; }",
                "i = 0; n = 4; while (i < n) { x = x * 2; i = i + 1; n = n - 1; }",
                "i = 0; while (i < 4 && x < 9.0) { x = x * 2; i = i + 1; }", "i = 0; while (i <= 4) { x = x * 2; i = i + 1; }",
                "i = 0; while (i < 4) { x = x * 2; if (x > 3.0) { i = i + 1; } }")) {
            String program = "fn f(x: real) -> real { " + body + " return x; }";
            assertNull(onlyLoop(Programs.compile(program).function("f").graph()).counted(), program);
        }
    }

    @Test
    void theVerifierRejectsATripCountTheGraphsDoNotCount() {
        Graph g = Programs.compile("fn f(x: real) -> real { i = 0; while (i < 4) { x = x * 2; i = i + 1; } "
                + "return x; }").function("f").graph();
        Verifier.verify(g);
        dev.gradc.ir.GraphBuilder b = new dev.gradc.ir.GraphBuilder(false, null);
        for (Node n : g.nodes()) {
            if (n.op() instanceof Param) {
                b.addParam(n.op(), n.type(), n.span(), n.label());
            } else if (n.op() instanceof While w) {
                // the same loop, said to run 5 times where its graphs count to 4
                b.add(new While(w.condition(), w.body(), w.carried(), w.where(), null,
                        new While.Counted(w.counted().counter(), While.Counted.LITERAL, 5)), n.type(), n.inputs());
            } else {
                b.add(n.op(), n.type(), n.inputs());
            }
        }
        Graph bad = b.build(g.results());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Verifier.verify(bad));
        assertTrue(e.getMessage().contains("trip count counted(from=%1, to=5, step=1) but the graphs count "
                + "counted(from=%1, to=4, step=1)"), e.getMessage());
    }

    @Test
    void aLiteralBoundStaysKnownAfterTheOptimizerDropsItsInput() {
        FunctionIr f = Programs.compile("fn f(x: real) -> real { for i in 0..7 { x = sin(x); } return x; }")
                .function("f");
        While w = onlyLoop(Derivatives.value(f));
        assertNotNull(w.counted());
        assertTrue(w.counted().literalBound(), w.counted().toString());
        assertEquals(7, w.counted().toValue());
        assertEquals(1, checkCounted(Derivatives.value(f)));
    }

    private static dev.gradc.diag.SourceFile source(String file) {
        try {
            return dev.gradc.diag.SourceFile.read(Programs.examples().resolve(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void derivativesOfTheExamplesKeepEveryCountedLoopTrue() {
        int counted = 0;
        for (String file : List.of("programs/rk4.grad", "programs/lstm.grad", "programs/determinant.grad",
                "seed/control_flow.grad", "programs/gmm.grad", "programs/kalman_filter.grad")) {
            ModuleIr module = Programs.compile(source(file));
            for (FunctionIr f : module.functions()) {
                counted += checkCounted(f.graph());
                if (f.output() instanceof dev.gradc.ir.Type.Real r && r.isScalar() && !f.realParams().isEmpty()) {
                    for (GradientPass.Loops loops : GradientPass.Loops.values()) {
                        counted += checkCounted(Derivatives.gradient(f, f.realParams(), loops));
                    }
                    counted += checkCounted(Derivatives.hvp(f, f.realParams()));
                    counted += checkCounted(Derivatives.jvp(f, f.realParams()));
                }
            }
        }
        assertTrue(counted > 20, "counted loops seen: " + counted);
    }

    @Property(tries = 60)
    void randomProgramsKeepEveryCountedLoopTrue(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        ModuleIr module = Programs.compile(RandomPrograms.generate(seed));
        for (FunctionIr f : module.functions()) {
            checkCounted(f.graph());
            checkCounted(Derivatives.value(f));
            if (f.output() instanceof dev.gradc.ir.Type.Real r && r.isScalar() && !f.realParams().isEmpty()) {
                checkCounted(Derivatives.gradient(f, f.realParams()));
                checkCounted(Derivatives.hvp(f, f.realParams()));
            }
        }
    }
}
