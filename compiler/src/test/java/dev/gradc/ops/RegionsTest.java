package dev.gradc.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.runtime.IterationLimitException;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A region's meaning lives in its op ({@link While#run}, {@link Cond#run}); an engine only says how it evaluates
 * a graph. Checked here with the interpreter's graph evaluation against values worked out by hand.
 */
class RegionsTest {

    private static final Interpreter GRAPHS = new Interpreter(new EvalContext(Map.of()), 100);

    private static Node region(Graph g, Class<?> op) {
        return g.nodes().stream().filter(n -> op.isInstance(n.op())).findFirst().orElseThrow();
    }

    @Test
    void aLoopRunsItsBodyWhileItsConditionHoldsAndCountsItsTrips() {
        Graph g = Programs.compile("fn f(x: real) -> real { i = 0; while (i < 5) { x = x * 2; i = i + 1; } "
                + "return x; }").function("f").graph();
        While w = (While) region(g, While.class).op();
        Object[] values = {NDArray.scalar(1.5), 0};
        long trips = w.run(values, v -> GRAPHS.run(w.condition(), v), v -> GRAPHS.run(w.body(), v), 100);
        assertEquals(5, trips);
        assertEquals(48.0, ((NDArray) values[0]).data()[0], "1.5 doubled 5 times");
        assertEquals(5, values[1]);
        Object[] again = {NDArray.scalar(1.5), 0};
        IterationLimitException e = assertThrows(IterationLimitException.class,
                () -> w.run(again, v -> GRAPHS.run(w.condition(), v), v -> GRAPHS.run(w.body(), v), 4));
        assertEquals(w.where(), e.where(), "the limit names the loop");
        assertArrayEquals(new double[] {24.0}, ((NDArray) again[0]).data(), "4 trips ran before the fifth was refused");
    }

    @Test
    void aBranchRunsTheSideItsPredicateChoosesOnTheOtherInputs() {
        Graph g = Programs.compile("fn f(x: real) -> real { if (x > 0) { y = x * 3; } else { y = x - 1; } "
                + "return y; }").function("f").graph();
        Cond c = (Cond) region(g, Cond.class).op();
        Node node = region(g, Cond.class);
        Object[] rest = new Object[node.inputs().size() - 1];
        java.util.Arrays.fill(rest, NDArray.scalar(2.0));
        Object[] taken = new Object[node.inputs().size()];
        taken[0] = true;
        System.arraycopy(rest, 0, taken, 1, rest.length);
        assertEquals(6.0, ((NDArray) c.run(taken, GRAPHS::run)[0]).data()[0]);
        taken[0] = false;
        assertEquals(1.0, ((NDArray) c.run(taken, GRAPHS::run)[0]).data()[0]);
    }
}
