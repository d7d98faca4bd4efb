package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.Push;
import dev.gradc.ops.StackNew;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    /** How many nodes of g and of its regions, at every depth, apply op. */
    static int count(Graph g, Class<?> op) {
        int n = 0;
        for (Node node : g.nodes()) {
            if (op.isInstance(node.op())) {
                n++;
            }
            if (node.op() instanceof Region r) {
                for (Graph sub : r.graphs()) {
                    n += count(sub, op);
                }
            }
        }
        return n;
    }

    @Test
    void loopWhoseAdjointReadsNoStateKeepsNothingButItsTripCount() {
        FunctionIr f = Programs.compile(Programs.example("control_flow.grad")).function("f");
        Graph raw = GradientPass.gradient(f, List.of("a"), false, GradientPass.Loops.REVERSE_KEEP_ALL);
        Graph opt = Optimizer.optimize(raw);
        assertTrue(count(raw, Push.class) > 0, "the raw gradient pushes the loop state");
        assertEquals(0, count(opt, Push.class), "b = b * 2: the adjoint loop needs no kept state\n" + opt);
        assertEquals(0, count(opt, StackNew.class));
        for (double a : new double[] {0.3, -4.0, 1e-3}) {
            assertEquals(Programs.value(f, a) / a, Programs.runScalars(opt, a)[1][0], Math.abs(Programs.value(f, a) / a) * 1e-12);
        }
    }

    @Test
    void loopWhoseAdjointReadsTheStateKeepsIt() {
        FunctionIr f = Programs.compile("fn f(x: real) -> real { i = 0; while (i < 3) { x = sin(x); i = i + 1; } return x; }")
                .function("f");
        Graph opt = Optimizer.optimize(GradientPass.gradient(f, List.of("x"), false,
                GradientPass.Loops.REVERSE_KEEP_ALL));
        assertEquals(1, count(opt, Push.class), "sin'(x) needs x of every iteration, and nothing else\n" + opt);
        double x = 0.8;
        double expected = Math.cos(x) * Math.cos(Math.sin(x)) * Math.cos(Math.sin(Math.sin(x)));
        assertEquals(expected, Programs.runScalars(opt, x)[1][0], 1e-15);
    }

    /** Whether g or a region in it holds the scalar constant v. */
    private static boolean holdsConstant(Graph g, double v) {
        for (Node node : g.nodes()) {
            if (node.op() instanceof dev.gradc.ops.Constant c && c.isScalar() && c.scalarValue() == v) {
                return true;
            }
            if (node.op() instanceof Region r) {
                for (Graph sub : r.graphs()) {
                    if (holdsConstant(sub, v)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Test
    void constantsPassedIntoCondsAndLoopsFoldThere() {
        FunctionIr f = Programs.compile("fn f(x: real) -> real {\n"
                + "  c = 3;\n"
                + "  if (x > 0) { y = c * 2 + x; } else { y = c * x; }\n"
                + "  i = 0;\n"
                + "  while (i < 3) { y = y * (c + 1); i = i + 1; }\n"
                + "  return y;\n"
                + "}").function("f");
        Graph opt = Optimizer.optimize(f.graph());
        assertTrue(holdsConstant(opt, 6.0), "3 * 2 folded in the branch\n" + opt);
        assertTrue(holdsConstant(opt, 4.0), "3 + 1 folded in the loop body\n" + opt);
        for (double x : new double[] {1.5, -2.0}) {
            assertEquals(Programs.value(f, x), Programs.runScalars(opt, x)[0][0], 0.0);
        }
    }

    @Test
    void constantsFoldAndIdentitiesVanish() {
        FunctionIr f = Programs.compile("fn f(x: real) -> real { return (2 * 3 + 1) * x * 1 + 0 * 1; }").function("f");
        Graph opt = Optimizer.optimize(f.graph());
        assertTrue(opt.size() <= 5, opt.toString());
        assertEquals(7 * 1.5, Programs.runScalars(opt, 1.5)[0][0], 0.0);
    }

    @Test
    void negationsFoldIntoSumsAndDifferencesBitForBit() {
        double[] special = {0.0, -0.0, 1.5, -2.25, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1e-320};
        // bit for bit, signed zeros included; a NaN is any NaN (Java gives its sign no meaning)
        for (String body : List.of("(-x) + y", "x + (-y)", "x - (-y)", "-(x) + -(y)")) {
            FunctionIr f = Programs.compile("fn f(x: real, y: real) -> real { return " + body + "; }").function("f");
            Graph opt = Optimizer.optimize(f.graph());
            assertTrue(count(opt, dev.gradc.ops.Unary.class) <= (body.startsWith("-(x)") ? 1 : 0), body + ":\n" + opt);
            for (double x : special) {
                for (double y : special) {
                    double raw = Programs.runScalars(f.graph(), x, y)[0][0];
                    double folded = Programs.runScalars(opt, x, y)[0][0];
                    assertEquals(Double.doubleToLongBits(raw), Double.doubleToLongBits(folded),
                            body + " at x=" + x + ", y=" + y + ": " + raw + " vs " + folded);
                }
            }
        }
    }

    /**
     * A transpose of a transpose is its operand, and a product with a broadcast 1 (the seed of a sum spread by its
     * adjoint) is the other factor: the k-means gradient's {@code transpose(transpose(...))} and {@code 1.0 * A}
     * were written out as two N×K transposes and a copy.
     */
    @Test
    void transposedTwiceAndTimesABroadcastOneVanish() {
        FunctionIr f = Programs.compile(
                "fn f(x: real[3, 2], a: real[3, 2]) -> real { return sum(a * transpose(transpose(x * x))); }")
                .function("f");
        Graph opt = Optimizer.optimize(Derivatives.gradient(f, List.of("x")));
        assertEquals(0, count(opt, dev.gradc.ops.Transpose.class), opt.toString());
        assertEquals(0, count(opt, dev.gradc.ops.Broadcast.class), "1 broadcast times a\n" + opt);
        double[] x = {0.5, -1.25, 2.0, 3.5, -0.75, 1.0};
        double[] a = {1.5, 2.0, -0.5, 0.25, 4.0, -3.0};
        Object[] out = new dev.gradc.engine.Interpreter(new dev.gradc.ops.EvalContext(java.util.Map.of()), 100)
                .run(opt, new Object[] {new NDArray(x, new int[] {3, 2}), new NDArray(a, new int[] {3, 2})});
        double[] g = ((NDArray) out[1]).data();
        for (int i = 0; i < x.length; i++) {
            assertEquals(a[i] * (x[i] + x[i]), g[i], 0.0, "d/dx[" + i + "]");
        }
    }

    /** How many transposes of g (at the top level) read a matrix product. */
    private static int transposedProducts(Graph g) {
        int n = 0;
        for (Node node : g.nodes()) {
            if (node.op() instanceof dev.gradc.ops.Transpose
                    && g.node(node.input(0)).op() instanceof dev.gradc.ops.Matmul) {
                n++;
            }
        }
        return n;
    }

    /**
     * A transpose that is a product's only reader is the product of the transposed operands in the other order,
     * bit for bit: the adjoint of C in {@code X @ transpose(C)} (k-means' {@code transpose(Xᵀ·ā)}) becomes
     * {@code āᵀ·X}, with any pair of flags; a product read elsewhere too keeps its transpose. (Since the lowering
     * reads an operand {@code transpose(c)} with a flag, {@code x @ transpose(c)} gives no such transpose itself.)
     */
    @Test
    void aTransposeThatIsAProductsOnlyReaderSwapsItsOperands() {
        FunctionIr f = Programs.compile("""
                fn f(x: real[3, 2], c: real[4, 2], a: real[3, 4], y: real[2, 3]) -> real {
                  p = x @ transpose(c);
                  q = transpose(transpose(x) @ transpose(y));
                  r = transpose(c @ y);
                  return sum(a * p) + sum(q * q) + sum(r * a);
                }
                """).function("f");
        Graph raw = GradientPass.gradient(f, List.of("x", "c", "y"), false);
        Graph opt = Optimizer.optimize(raw);
        assertTrue(transposedProducts(raw) >= 2, raw.toString()); // x @ transpose(c) reads c with a flag (the lowering)
        assertEquals(0, transposedProducts(opt), opt.toString());
        Object[] args = {new NDArray(new double[] {0.5, -1.25, 2.0, 3.5, -0.75, 1.0}, new int[] {3, 2}),
            new NDArray(new double[] {1.5, 2.0, -0.5, 0.25, 4.0, -3.0, 0.125, 0.3}, new int[] {4, 2}),
            new NDArray(new double[] {0.7, -0.2, 1.1, 0.4, -0.9, 0.6, 0.05, 1.3, -0.35, 0.8, 0.2, -1.7}, new int[] {3, 4}),
            new NDArray(new double[] {-0.4, 0.9, 1.6, 0.15, -1.1, 0.55}, new int[] {2, 3})};
        assertSameResults(raw, opt, args);
        FunctionIr shared = Programs.compile(
                "fn f(x: real[3, 2], y: real[2, 4], b: real[4, 3]) -> real { p = x @ y; return sum(transpose(p) * b) + sum(p * p); }")
                .function("f");
        assertEquals(1, transposedProducts(Optimizer.optimize(shared.graph())), "a product read twice");
    }

    /**
     * The adjoint of {@code y[i] = y[i] + e} zeroes ȳ at i and adds ȳ's old entry back: gone, with nothing
     * written at i; and the adjoint of Gaussian elimination's row update {@code U[i, :] = U[i, :] - m * U[k, :]}
     * (zero row i of Ū, add to row k, add row i back) keeps only the add to row k. The optimised gradients equal
     * the raw ones, and the first equals its analytic value.
     */
    @Test
    void anAdjointZeroedAndAddedBackAtAPlaceIsLeftAlone() {
        FunctionIr sum = Programs.compile("""
                fn f(x: real[5], a: real) -> real {
                  y = x;
                  for i in 0..5 { y[i] = y[i] + x[i] * a; }
                  return sum(y);
                }
                """).function("f");
        Graph raw = GradientPass.gradient(sum, List.of("x", "a"), false, GradientPass.Loops.REVERSE);
        Graph opt = Optimizer.optimize(raw);
        assertTrue(adjointUpdates(raw) > 0, "the raw adjoint zeroes ȳ[i]\n" + raw);
        assertEquals(0, adjointUpdates(opt), "nothing zeroed in\n" + opt);
        double[] x = {0.5, -1.25, 2.0, 3.5, -0.75};
        Object[] args = {new NDArray(x.clone(), new int[] {5}), NDArray.scalar(0.3)};
        double[] gx = ((NDArray) interpret(opt, args)[1]).data();
        for (double g : gx) {
            assertEquals(1 + 0.3, g, 0.0);
        }
        assertSameResults(raw, opt, args);
        FunctionIr det = Programs.compile("""
                fn elimination<N>(A: real[N, N]) -> real {
                  U = A; d = 1;
                  for k in 0..N {
                    p = k; best = abs(U[k, k]);
                    for i in k+1..N { if (abs(U[i, k]) > best) { p = i; best = abs(U[i, k]); } }
                    if (p != k) { row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row; d = -d; }
                    d = d * U[k, k];
                    for i in k+1..N { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }
                  }
                  return d;
                }
                """).function("elimination");
        raw = GradientPass.gradient(det, List.of("A"), false, GradientPass.Loops.REVERSE);
        opt = Optimizer.optimize(raw);
        assertTrue(rowsAddedBack(CommonSubexpressions.apply(raw)) > 0, "the raw adjoint zeroes row i of Ū and adds it back");
        assertEquals(0, rowsAddedBack(opt), "row i of Ū zeroed, then added back, in\n" + opt);
        double[] a = new double[16];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.sin(1.0 + 3 * i) + (i % 5 == 0 ? 2 : 0);
        }
        assertSameResults(raw, opt, new Object[] {new NDArray(a, new int[] {4, 4})});
    }

    /** Element or row writes of the adjoint (a forward write's adjoint zeroes what it overwrote), at every depth. */
    private static int adjointUpdates(Graph g) {
        int n = 0;
        for (Node node : g.nodes()) {
            boolean write = node.op() instanceof dev.gradc.ops.Update || node.op() instanceof dev.gradc.ops.RowsUpdate;
            n += write && node.role() == Node.Role.ADJOINT ? 1 : 0;
            if (node.op() instanceof Region r) {
                for (Graph sub : r.graphs()) {
                    n += adjointUpdates(sub);
                }
            }
        }
        return n;
    }

    /**
     * Entries or rows added back (an add of a read of x̄ at the indices) where the same indices of the same x̄
     * were zeroed, one add between them at most, at every depth.
     */
    private static int rowsAddedBack(Graph g) {
        int n = 0;
        for (Node node : g.nodes()) {
            Node read = node.op() instanceof dev.gradc.ops.AddAt ? g.node(node.input(1)) : null;
            if (read != null && read.op() instanceof dev.gradc.ops.Index) {
                Node zeroed = g.node(node.input(0));
                if (zeroed.op() instanceof dev.gradc.ops.AddAt) {
                    zeroed = g.node(zeroed.input(0));
                }
                List<Integer> at = node.inputs().subList(2, node.inputs().size());
                n += zeroed.op() instanceof dev.gradc.ops.Update && zeroed.input(0) == read.input(0)
                        && zeroed.inputs().subList(2, zeroed.inputs().size()).equals(at)
                        && read.inputs().subList(1, read.inputs().size()).equals(at) ? 1 : 0;
            }
            if (node.op() instanceof Region r) {
                for (Graph sub : r.graphs()) {
                    n += rowsAddedBack(sub);
                }
            }
        }
        return n;
    }

    private static Object[] interpret(Graph g, Object[] args) {
        return new dev.gradc.engine.Interpreter(new dev.gradc.ops.EvalContext(java.util.Map.of("N", 4)), 10_000)
                .run(g, args);
    }

    /** Raw and optimised graphs give the same numbers, entry by entry (a zero's sign aside). */
    private static void assertSameResults(Graph raw, Graph opt, Object[] args) {
        Object[] want = interpret(raw, args);
        Object[] got = interpret(opt, args);
        for (int k = 0; k < want.length; k++) {
            double[] w = ((NDArray) want[k]).data();
            double[] o = ((NDArray) got[k]).data();
            for (int i = 0; i < w.length; i++) {
                assertEquals(w[i], o[i], 0.0, "result " + k + " [" + i + "]");
            }
        }
    }

    @Property(tries = 150, seed = "20261125")
    void optimisedGraphsComputeWhatTheRawOnesDo(@ForAll long seed) {
        FunctionIr f = Programs.compile(RandomPrograms.generate(seed)).function("f");
        Graph raw = GradientPass.gradient(f, List.of("x", "y", "v", "M"), false);
        Graph opt = Verifier.verify(Optimizer.optimize(raw));
        Object[] in = GradientPropertyTest.inputs(seed);
        Object[] a = Programs.run(raw, in);
        Object[] b = Programs.run(opt, in);
        for (int i = 0; i < a.length; i++) {
            double[] x = ((NDArray) a[i]).data();
            double[] y = ((NDArray) b[i]).data();
            for (int k = 0; k < x.length; k++) {
                assertEquals(x[k], y[k], 1e-13 * Math.max(1, Math.abs(x[k])));
            }
        }
        assertTrue(opt.totalSize() <= raw.totalSize());
    }

    @Property(tries = 100, seed = "20261125")
    void everyPassKeepsGraphsWellFormed(@ForAll long seed) {
        FunctionIr f = Programs.compile(RandomPrograms.generate(seed)).function("f");
        Graph g = Verifier.verify(GradientPass.gradient(f, List.of("x", "v"), false));
        Verifier.verify(ConstantFolding.apply(g));
        Verifier.verify(Simplify.apply(g));
        Verifier.verify(CommonSubexpressions.apply(g));
        Verifier.verify(DeadNodes.apply(g));
        Verifier.verify(TangentPass.jvp(f, List.of("y", "M")));
    }
}
