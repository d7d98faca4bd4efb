package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Cond;
import dev.gradc.ops.While;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;

/**
 * A region only reads an input when every graph inside it, and every region nested in those, reads it and
 * gives it back nowhere ({@link RegionReads}): a loop whose branch reads a column, a branch whose loop reads
 * it; not a branch that gives the array back, nor a loop that carries it.
 */
class RegionReadsTest {

    private static final String SOURCE = """
            module reads.Regions;
            fn f(x: real[8], n: int) -> real {
              s = 0;
              for i in 0..n {                           // reads x through the branch inside
                if (x[i] > s) { s = x[i]; }
              }
              t = 0;
              if (s > 0) {                              // reads x through the loop inside
                for j in 0..8 { t = t + x[j]; }
              }
              y = zeros(8);
              if (t > 1) { y = x; }                     // gives x back
              z = x;
              for i in 0..n { z = z * 0.5; }            // carries x
              return s + t + sum(y) + sum(z);
            }
            """;

    /** Whether the k-th region of g (in order) only reads the input that is f's parameter x. */
    private static boolean readsX(Graph g, int k) {
        int x = g.params().get(0);
        int seen = 0;
        for (Node n : g.nodes()) {
            if (n.op() instanceof While || n.op() instanceof Cond) {
                if (seen++ == k) {
                    int at = n.inputs().indexOf(x);
                    return at >= 0 && InPlaceWrites.onlyReadIn(n, at);
                }
            }
        }
        throw new AssertionError("no region " + k + " in\n" + g);
    }

    @Test
    void regionsReadingThroughNestedRegionsOnlyReadOnesGivingBackOrCarryingDoNot() {
        Graph g = Derivatives.value(Programs.compile(SOURCE).function("f"));
        assertEquals(true, readsX(g, 0), "a loop whose branch reads x");
        assertEquals(true, readsX(g, 1), "a branch whose loop reads x");
        assertEquals(false, readsX(g, 2), "a branch that gives x back");
        assertEquals(false, readsX(g, 3), "a loop that carries x");
    }
}
