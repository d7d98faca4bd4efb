package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.StackNew;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every stack a gradient makes names a source position, which the kept-state error of a push past the budget gives
 * (the same function, {@link StackNew#filling}, names the interpreter's stacks and the generated code's): the loop
 * that fills it, or, when no loop of its graph takes it (a branch of a cond inside a loop that makes an empty stack
 * for its result, while the other branch fills one), the statement the gradient pass made it for, as
 * {@code file:line:column}. Such a stack named nothing in either engine before: in 3 of the first 100 random
 * programs (seeds 1043, 1079, 1086) and more of the next 100 (1113, 1126, 1149, 1150, ...), this test failing on the
 * old code (24 reports); the generated code made them with {@code new DoubleStack(maxKeptValues)}, no position.
 */
class StackPositionsTest {

    private static final Pattern POSITION = Pattern.compile("test\\.grad:\\d+(:\\d+)?");
    /** A stack constructed in generated code without a position: {@code new DoubleStack(maxKeptValues)}. */
    private static final Pattern UNNAMED = Pattern.compile("Stack(<[^>]*>)?\\(maxKeptValues\\)|\\(maxKeptValues, null\\)");

    @Test
    void everyStackOfAGradientNamesAPosition() {
        List<String> unnamed = new ArrayList<>();
        int stacks = 0;
        for (long seed = 1000; seed < 1200; seed++) {
            String text = RandomPrograms.generate(seed);
            ModuleIr m = Programs.compile(text);
            FunctionIr f = m.function("f");
            stacks += check(Derivatives.gradient(f, f.realParams()), "seed " + seed, unnamed);
            Matcher java = UNNAMED.matcher(JavaEmitter.emit(m).source());
            if (java.find()) {
                unnamed.add("seed " + seed + ", generated code: " + java.group());
            }
        }
        assertTrue(stacks > 500, stacks + " stacks");
        assertTrue(unnamed.isEmpty(), unnamed.size() + " without a position: " + unnamed);
    }

    /** Checks every stack g and its regions make; returns how many there are. */
    private static int check(Graph g, String at, List<String> unnamed) {
        int stacks = 0;
        for (Node n : g.nodes()) {
            if (n.op() instanceof StackNew) {
                stacks++;
                String where = StackNew.filling(g, n.id());
                if (where == null || !POSITION.matcher(where).matches()) {
                    unnamed.add(at + ", node " + n.id() + ": " + where);
                }
            }
            if (n.op() instanceof Region r) {
                for (Graph inner : r.graphs()) {
                    stacks += check(inner, at, unnamed);
                }
            }
        }
        return stacks;
    }

    /** The fallback position is the statement's: the inner while of seed 1043, line 7, in a branch of its outer loop. */
    @Test
    void aStackNoLoopOfItsGraphTakesNamesTheStatementItKeeps() {
        FunctionIr f = Programs.compile(RandomPrograms.generate(1043)).function("f");
        List<String> positions = new ArrayList<>();
        collect(Derivatives.gradient(f, f.realParams()), false, positions);
        assertTrue(positions.contains("test.grad:7:5"), positions.toString());
        assertFalse(positions.contains(null), positions.toString());
    }

    private static void collect(Graph g, boolean any, List<String> out) {
        for (Node n : g.nodes()) {
            if (n.op() instanceof StackNew) {
                boolean taken = false;
                for (Node user : g.nodes()) {
                    taken |= user.op() instanceof dev.gradc.ops.While && user.inputs().contains(n.id());
                }
                if (!taken) {
                    out.add(StackNew.filling(g, n.id()));
                }
            }
            if (n.op() instanceof Region r) {
                for (Graph inner : r.graphs()) {
                    collect(inner, any, out);
                }
            }
        }
    }
}
