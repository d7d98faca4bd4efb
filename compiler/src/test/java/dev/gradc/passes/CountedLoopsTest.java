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
            Node lt = w.condition().node(w.condition().result(0));
            assertEquals(Compare.LT, lt.op(), where);
            assertEquals(counter, lt.input(0), where);
            Node to = w.condition().node(lt.input(1));
            if (c.literalBound()) {
                assertEquals(new IntConstant(c.toValue()), to.op(), where);
            } else {
                assertTrue(c.toInput() >= w.carried() && c.toInput() < n.inputs().size(), where);
                assertEquals(new Param(c.toInput()), to.op(), where);
            }
            Graph body = w.body();
            Node step = body.node(body.result(c.counter()));
            assertEquals(Binary.ADD, step.op(), where);
            int param = body.params().get(c.counter());
            int other = step.input(0) == param ? step.input(1) : step.input(1) == param ? step.input(0) : -1;
            assertTrue(other >= 0, where);
            assertEquals(new IntConstant(1), body.node(other).op(), where);
        }
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
    void aWhileLoopAndAForLoopAssigningItsVariableAreNotCounted() {
        assertNull(onlyLoop(Programs.compile("fn f(x: real) -> real { i = 0; while (i < 4) { x = x * 2; i = i + 1; } "
                + "return x; }").function("f").graph()).counted());
        assertNull(onlyLoop(Programs.compile("fn f(x: real) -> real { for i in 0..9 { x = x * 2; i = i + 2; } "
                + "return x; }").function("f").graph()).counted());
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
