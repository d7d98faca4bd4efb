package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.While;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A loop only reads an invariant array that its condition and body, and the loops inside them, only read and
 * never give back as a result ({@link LoopReads}); the array computed in an outer loop's trip may then live in
 * one buffer reused by every trip ({@link StoragePlan.Storage}: reused, not fresh per trip).
 */
class LoopReadsTest {

    private static final String SOURCE = """
            module reads.Loops;
            fn f(x: real[8], n: int) -> real {
              y = x;
              for s in 0..n {
                u = y * 0.5 + x;              // read by an inner loop, element by element
                z = zeros(8);
                for i in 1..8 {
                  for j in 0..1 { z[i] = z[i] + u[i - 1] * x[i]; }
                }
                w = y * 2.0;                  // given back by an inner loop as its result
                v = zeros(8);
                for i in 0..2 { v = w; }
                y = y + 0.1 * z + 0.01 * v;
              }
              return sum(y);
            }
            """;

    /** The loops of g directly (not those inside them), in order. */
    private static List<Node> loops(Graph g) {
        List<Node> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.op() instanceof While) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void anArrayReadElementByElementInNestedLoopsIsOnlyReadOneGivenBackIsNot() {
        Graph g = Derivatives.value(Programs.compile(SOURCE).function("f"));
        Graph body = ((While) loops(g).get(0).op()).body();
        List<Node> inner = loops(body);
        assertEquals(2, inner.size());
        While reads = (While) inner.get(0).op();
        While gives = (While) inner.get(1).op();
        int u = -1;
        int w = -1;
        for (int k = reads.carried(); k < inner.get(0).inputs().size(); k++) {
            if ("u".equals(body.node(inner.get(0).input(k)).label())) {
                u = k;
            }
        }
        for (int k = gives.carried(); k < inner.get(1).inputs().size(); k++) {
            if ("w".equals(body.node(inner.get(1).input(k)).label())) {
                w = k;
            }
        }
        assertEquals(true, LoopReads.onlyReads(reads, u), "u, read by z[i] = z[i] + u[i - 1] * x[i] in an inner loop");
        assertEquals(false, LoopReads.onlyReads(gives, w), "w, the loop's result v");
        for (int k = 0; k < reads.carried(); k++) {
            assertEquals(false, LoopReads.onlyReads(reads, k), "a carried value");
        }
        Plan plan = Plan.ofBody(new GraphInfo(body), new StoragePlan.Body((While) loops(g).get(0).op(),
                new boolean[body.params().size()]));
        assertInstanceOf(StoragePlan.Storage.Reused.class, storageOf(plan, body, "u"), "u lives in one buffer");
        assertInstanceOf(StoragePlan.Storage.Fresh.class, storageOf(plan, body, "w"), "w outlives its trip");
    }

    private static StoragePlan.Storage storageOf(Plan plan, Graph body, String label) {
        for (Node n : body.nodes()) {
            if (label.equals(n.label())) {
                return plan.storage.storage(n.id());
            }
        }
        throw new AssertionError("no node " + label);
    }
}
