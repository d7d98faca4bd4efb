package dev.gradc.passes;

import static dev.gradc.testing.Inputs.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.fuzz.Runs;
import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.Matmul;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.Param;
import dev.gradc.ops.Rules;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sum along an axis of a matrix product in a derivative is taken before the product ({@link ProductSums}):
 * the rule on every form (either operand transposed, rows, columns or both summed, negated or not, empty and
 * one-row matrices) against the graph evaluated as written; the forms it must leave alone; and gradients of
 * programs whose adjoint column-sums a product (GMM's {@code (X − μ) @ Q}, also inside a loop) against the tape
 * and central differences, with the [N, D] adjoint product gone.
 */
class ProductSumsTest {

    /** The nodes of g, at every depth, that multiply two matrices into a matrix. */
    private static int matrixProducts(Graph g) {
        int n = 0;
        for (Node node : g.nodes()) {
            if (node.op() instanceof Matmul && ((Type.Real) node.type()).shape().rank() == 2) {
                n++;
            }
            if (node.op() instanceof Region r) {
                for (Graph sub : r.graphs()) {
                    n += matrixProducts(sub);
                }
            }
        }
        return n;
    }

    /**
     * sum(±op(A)·op(B), axes), or sum(±(op(A)·op(B))ᵀ, axes) when {@code transposed}, as an adjoint, op(A) [m, p]
     * and op(B) [p, n]; the product also a result if shared.
     */
    private static Graph form(boolean ta, boolean tb, boolean transposed, List<Integer> axes, boolean negated,
                              int m, int p, int n, Node.Role role, boolean shared) {
        GraphBuilder b = new GraphBuilder();
        Rules g = new Rules(b);
        int a = b.addParam(new Param(0), Type.real(ta ? Shape.fixed(p, m) : Shape.fixed(m, p)), null, "a");
        int c = b.addParam(new Param(1), Type.real(tb ? Shape.fixed(n, p) : Shape.fixed(p, n)), null, "b");
        b.setRole(role);
        int product = g.matmul(new Matmul(ta, tb), a, c);
        int summed = transposed ? g.transpose(product) : product;
        int sum = g.sum(negated ? g.neg(summed) : summed, axes);
        return b.build(shared ? List.of(sum, product) : List.of(sum));
    }

    private static NDArray[] args(boolean ta, boolean tb, int m, int p, int n) {
        return new NDArray[] {
            new NDArray(uniform(m * p, 7 + m), ta ? new int[] {p, m} : new int[] {m, p}),
            new NDArray(uniform(p * n, 11 + n), tb ? new int[] {n, p} : new int[] {p, n})};
    }

    private static double[] run(Graph g, NDArray[] args) {
        Object[] out = new Interpreter(new EvalContext(Map.of(), 0), 1_000).run(g, (Object[]) args);
        return ((NDArray) out[0]).data();
    }

    @Test
    void everyFormIsTheSumOfTheProductWithoutTheMatrixProduct() {
        int[][] sizes = {{3, 4, 2}, {1, 3, 2}, {2, 1, 3}, {3, 2, 1}, {0, 2, 3}, {2, 3, 0}, {2, 0, 3}, {1, 1, 1}};
        List<List<Integer>> axesList = List.of(List.of(0), List.of(1), List.of(0, 1), List.of(1, 0));
        for (int[] s : sizes) {
            for (int bits = 0; bits < 16; bits++) {
                boolean ta = (bits & 1) != 0;
                boolean tb = (bits & 2) != 0;
                boolean neg = (bits & 4) != 0;
                boolean tr = (bits & 8) != 0;
                for (List<Integer> axes : axesList) {
                    Graph raw = form(ta, tb, tr, axes, neg, s[0], s[1], s[2], Node.Role.ADJOINT, false);
                    Graph simplified = DeadNodes.apply(Simplify.apply(raw));
                    String what = "ta=" + ta + " tb=" + tb + " neg=" + neg + " transposed=" + tr + " axes=" + axes
                            + " sizes "
                            + java.util.Arrays.toString(s) + "\n" + simplified;
                    assertEquals(0, matrixProducts(simplified), what);
                    assertEquals(raw.type(raw.result(0)), simplified.type(simplified.result(0)), what);
                    double[] expected = run(raw, args(ta, tb, s[0], s[1], s[2]));
                    double[] got = run(simplified, args(ta, tb, s[0], s[1], s[2]));
                    assertEquals(expected.length, got.length, what);
                    for (int i = 0; i < expected.length; i++) {
                        assertEquals(expected[i], got[i], 1e-13 * (1 + Math.abs(expected[i])), what + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void aValueOrAProductReadElsewhereIsLeftAsWritten() {
        // a function's own value keeps the order of its source
        assertEquals(1, matrixProducts(DeadNodes.apply(Simplify.apply(form(false, false, false, List.of(0), false,
                3, 2, 2, Node.Role.FORWARD, false)))));
        // the product is needed anyway: its sum is left as it is
        assertEquals(1, matrixProducts(DeadNodes.apply(Simplify.apply(form(false, true, false, List.of(0), false,
                3, 2, 2, Node.Role.ADJOINT, true)))));
        assertEquals(1, matrixProducts(DeadNodes.apply(Simplify.apply(form(true, false, true, List.of(1), true,
                3, 2, 2, Node.Role.ADJOINT, true)))));
    }

    private static final String GMM_LIKE = """
            @grad(mu, q)
            fn f<N, D>(mu: real[D], X: real[N, D], q: real[D, D]) -> real {
              z = (X - mu) @ q;
              w = transpose(q) @ transpose(X - 2 * mu);
              return sum(z * z) + sum(sin(w));
            }
            """;

    private static final String GMM_LOOP = """
            @grad(mu, q)
            fn f<N, D, K>(mu: real[K, D], X: real[N, D], q: real[D, D]) -> real {
              total = 0;
              for k in 0..K {
                z = (X - mu[k]) @ (q + k);
                total = total + sum(exp(-0.5 * sum(z * z, 1)));
              }
              return total;
            }
            """;

    @Test
    void theMeansAdjointIsNotAnNByDProduct() {
        FunctionIr f = Programs.compile(GMM_LIKE).function("f");
        // the two forward products and q̄'s two; before, also the adjoints of X − μ and of (X − 2μ)ᵀ, only summed
        assertEquals(4, matrixProducts(Derivatives.gradient(f, List.of("mu", "q"))));
    }

    @Test
    void insideALoopTheMeansAdjointIsNotAnNByDProduct() {
        // the forward product, its recomputation in the adjoint loop and q̄'s; before, also μ̄'s column-summed one
        FunctionIr loop = Programs.compile(GMM_LOOP).function("f");
        assertEquals(3, matrixProducts(Derivatives.gradient(loop, List.of("mu", "q"))));
    }

    @Test
    void gradientsAreTheTapesAndCentralDifferences() {
        for (int n : new int[] {0, 1, 2, 5}) {
            check(GMM_LIKE, Map.of("N", n, "D", 3), n, 3, 1);
            check(GMM_LOOP, Map.of("N", n, "D", 3, "K", 2), n, 3, 2);
        }
        check(GMM_LOOP, Map.of("N", 4, "D", 1, "K", 1), 4, 1, 1);
        check(GMM_LOOP, Map.of("N", 3, "D", 2, "K", 0), 3, 2, 0);
    }

    /** Compiled against tape (1e-12) and the tape's central differences (1e-6), in mu and q. */
    private static void check(String text, Map<String, Integer> sizes, int n, int d, int k) {
        SourceFile source = new SourceFile("sums.grad", text);
        ModuleIr module = Programs.compile(source);
        FunctionIr f = module.function("f");
        boolean loop = sizes.containsKey("K");
        double[] mu = uniform(loop ? k * d : d, 3);
        double[] x = uniform(n * d, 5);
        double[] q = uniform(d * d, 9);
        for (int i = 0; i < d; i++) {
            q[i * d + i] += 1.5;
        }
        int[] muShape = loop ? new int[] {k, d} : new int[] {d};
        Runs.Result tape = Runs.tape(source, module, f, sizes, inputs(mu, muShape, x, n, d, q), 1_000);
        List<Object> args = new ArrayList<>(loop ? List.of(n, d, k) : List.of(n, d));
        args.addAll(List.of(mu, x, q));
        CompiledModule.Result compiled = CompiledModule.load(module).grad("f", args.toArray());
        String what = text + " sizes " + sizes;
        assertEquals(tape.value().item(), ((Number) compiled.value()).doubleValue(), 1e-12, what);
        for (String p : List.of("mu", "q")) {
            double[] expected = tape.derivatives().get(p).data();
            double[] got = (double[]) compiled.parts().get(p);
            assertEquals(expected.length, got.length, what);
            double[] base = p.equals("mu") ? mu : q;
            for (int i = 0; i < got.length; i++) {
                assertEquals(expected[i], got[i], 1e-12 * (1 + Math.abs(expected[i])), what + ": " + p + i);
                double h = 1e-6;
                double[] up = base.clone();
                double[] down = base.clone();
                up[i] += h;
                down[i] -= h;
                double diff = (value(source, module, f, sizes, p.equals("mu") ? up : mu, muShape, x, n, d,
                        p.equals("q") ? up : q) - value(source, module, f, sizes, p.equals("mu") ? down : mu, muShape,
                        x, n, d, p.equals("q") ? down : q)) / (2 * h);
                assertEquals(diff, got[i], 1e-6 * (1 + Math.abs(got[i])), what + ": d/d" + p + i);
            }
        }
    }

    private static Object[] inputs(double[] mu, int[] muShape, double[] x, int n, int d, double[] q) {
        return new Object[] {new NDArray(mu.clone(), muShape), new NDArray(x.clone(), new int[] {n, d}),
            new NDArray(q.clone(), new int[] {d, d})};
    }

    private static double value(SourceFile source, ModuleIr module, FunctionIr f, Map<String, Integer> sizes,
                                double[] mu, int[] muShape, double[] x, int n, int d, double[] q) {
        return Runs.tape(source, module, f, sizes, inputs(mu, muShape, x, n, d, q), 1_000).value().item();
    }
}
