package dev.gradc.passes;

import static dev.gradc.testing.Inputs.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.Binary;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.Param;
import dev.gradc.ops.Rules;
import dev.gradc.testing.Interpreted;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simplifier drops an int 0 added or subtracted and an int 1 multiplied or divided by ({@code n - 0},
 * {@code 0 + n}, {@code n * 1}): the loops' counters start at 0 and step by 1, so a counted loop's trip count
 * was written {@code M - 0} and an inner loop's, rebuilt in its reversal, {@code Math.max(0, M - 0)}. Counted in
 * nodes, not timed; a nested counted loop's values and gradients are the interpreter's.
 */
class IntIdentitiesTest {

    private static final String SOURCE = """
            module loops.Horner;
            @grad(x)
            fn f<N, M>(x: real[N], c: real[M]) -> real {
              total = 0;
              for i in 0..N {
                s = 0;
                for j in 0..M {
                  s = s * x[i] + c[j];
                }
                total = total + s * s;
              }
              return total;
            }
            """;

    private static final ModuleIr MODULE = Programs.compile(SOURCE);

    /** The int arithmetic nodes of g, at every depth, with an operand that is their identity (0 added, 1 multiplied). */
    private static int identities(Graph g) {
        int n = 0;
        for (Node node : g.nodes()) {
            if (node.op() instanceof Binary b && node.type() instanceof Type.Int && node.inputs().size() == 2) {
                for (int k = 0; k < 2; k++) {
                    Node operand = g.node(node.input(k));
                    int unit = b == Binary.ADD || b == Binary.SUB && k == 1 ? 0
                            : b == Binary.MUL ? 1 : -1;
                    if (operand.op() instanceof IntConstant c && c.value() == unit) {
                        n++;
                    }
                }
            }
            if (node.op() instanceof Region r) {
                for (Graph sub : r.graphs()) {
                    n += identities(sub);
                }
            }
        }
        return n;
    }

    @Test
    void intIdentitiesAreDropped() {
        GraphBuilder b = new GraphBuilder();
        Rules g = new Rules(b);
        int n = b.addParam(new Param(0), Type.INT, null, "n");
        int zero = g.intConstant(0);
        int one = g.intConstant(1);
        List<Integer> forms = List.of(g.sub(n, zero), g.add(n, zero), g.add(zero, n), g.binary(Binary.MUL, n, one),
                g.binary(Binary.MUL, one, n));
        Graph simplified = Simplify.apply(b.build(forms));
        assertEquals(5, identities(b.build(forms)));
        for (int k = 0; k < forms.size(); k++) {
            assertEquals(simplified.params().get(0), simplified.results().get(k), "form " + k + "\n" + simplified);
        }
    }

    @Test
    void anIntTimesZeroIsZero() {
        GraphBuilder b = new GraphBuilder();
        Rules g = new Rules(b);
        int n = b.addParam(new Param(0), Type.INT, null, "n");
        int zero = g.intConstant(0);
        // the kept values of a trip whose inner loop keeps none per inner trip: 2 + n * 0, n * (2 + n * 0)
        int perRow = g.add(g.intConstant(2), g.binary(Binary.MUL, n, zero));
        List<Integer> forms = List.of(g.binary(Binary.MUL, n, zero), g.binary(Binary.MUL, zero, n),
                g.binary(Binary.MUL, n, perRow));
        Graph simplified = Simplify.apply(b.build(forms));
        for (int k = 0; k < 2; k++) {
            Node r = simplified.node(simplified.results().get(k));
            assertTrue(r.op() instanceof IntConstant c && c.value() == 0, "form " + k + "\n" + simplified);
        }
        Node product = simplified.node(simplified.results().get(2));
        assertTrue(simplified.node(product.input(1)).op() instanceof IntConstant c && c.value() == 2,
                "n * (2 + n * 0) is n * 2\n" + simplified);
    }

    @Test
    void aRealTimesZeroStays() {
        GraphBuilder b = new GraphBuilder();
        Rules g = new Rules(b);
        int x = b.addParam(new Param(0), Type.SCALAR, null, "x");
        int product = g.mul(x, g.constant(0.0));
        Graph simplified = Simplify.apply(b.build(List.of(product)));
        // inf * 0 is NaN: the product must stay
        assertTrue(simplified.node(simplified.results().get(0)).op() instanceof Binary, simplified.toString());
    }

    @Test
    void aNestedCountedLoopsGradientCountsWithoutThem() {
        Graph grad = Derivatives.gradient(MODULE.function("f"), List.of("x"));
        // before: one, the inner loop's trip count rebuilt in the reversal, Math.max(0, M - 0) (306 -> 305 nodes)
        assertEquals(0, identities(grad), grad.toString());
    }

    @Test
    void valuesAndGradientsAreTheInterpreters() {
        CompiledModule compiled = CompiledModule.load(MODULE);
        for (int m : new int[] {0, 1, 3}) {
            double[] x = uniform(4, 1);
            double[] c = uniform(m, 2);
            Interpreted.assertValueAndXGradient(MODULE, compiled, "f", Map.of("N", 4, "M", m),
                    new Object[] {4, m, x, c},
                    new Object[] {new NDArray(x.clone(), new int[] {4}), new NDArray(c.clone(), new int[] {m})});
        }
    }
}
