package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.testing.Programs;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The gradient pass and the optimizer stay linear (× a log, generously) in the program: generated families at
 * doubling sizes, measured by counted quantities — the distinct nodes of the optimized gradient graph (each
 * region graph once: the pass shares graphs between nesting levels) and the bytes the gradient pass and the
 * optimizer allocate — never by time.
 */
class DerivativeScalingTest {

    /**
     * What differentiating one program cost: distinct nodes of the optimized gradient, those of them that
     * compute (not parameters, projections, constants, placeholders), bytes allocated.
     */
    private record Cost(long nodes, long computing, long bytes) {
    }

    /** The distinct nodes of g (each region graph once) that compute something. */
    private static long computing(Graph g) {
        java.util.Set<Graph> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Graph> work = new java.util.ArrayDeque<>(List.of(g));
        long n = 0;
        while (!work.isEmpty()) {
            for (dev.gradc.ir.Node node : work.pop().nodes()) {
                if (node.op() instanceof dev.gradc.ir.Region r) {
                    r.graphs().stream().filter(seen::add).forEach(work::push);
                }
                n += node.op() instanceof dev.gradc.ops.Param || node.op() instanceof dev.gradc.ops.Proj
                        || node.op() instanceof dev.gradc.ops.Constant || node.op() instanceof dev.gradc.ops.Fill
                        || node.op() instanceof dev.gradc.ops.IntConstant || node.op() instanceof dev.gradc.ops.StackNew
                        ? 0 : 1;
            }
        }
        return n;
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Lowers on a large stack (as the command line does), then counts only the gradient pass and the optimizer. */
    private static Cost differentiate(String text, String fn, GradientPass.Loops loops) throws InterruptedException {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                ModuleIr m = Programs.compile(new SourceFile("family.grad", text));
                FunctionIr f = m.function(fn);
                long before = allocated();
                Graph g = Derivatives.gradient(f, f.realParams(), loops);
                long bytes = allocated() - before;
                out.set(new Cost(Rebuild.distinctSize(g), computing(g), bytes));
            } catch (Throwable e) {
                out.set(e);
            }
        }, "differentiate", 1L << 28);
        t.start();
        t.join();
        if (out.get() instanceof Throwable e) {
            throw new AssertionError(e);
        }
        return (Cost) out.get();
    }

    /** Sizes n, 2n, 4n: each doubling multiplies the nodes (all, and those computing) and bytes by at most {@code factor}. */
    private static void grows(IntFunction<String> family, int n, double factor) throws InterruptedException {
        grows(family, "f", n, factor, GradientPass.Loops.MIXED);
    }

    /**
     * As {@link #grows(IntFunction, int, double)}, differentiating function {@code fn} and its loops as {@code
     * loops} says.
     */
    private static void grows(IntFunction<String> family, String fn, int n, double factor, GradientPass.Loops loops)
            throws InterruptedException {
        differentiate(family.apply(n), fn, loops); // warm the code: later sizes are not charged for class loading
        Cost previous = differentiate(family.apply(n), fn, loops);
        for (int size = 2 * n; size <= 4 * n; size *= 2) {
            Cost c = differentiate(family.apply(size), fn, loops);
            double nodes = (double) c.nodes() / previous.nodes();
            double computing = (double) c.computing() / previous.computing();
            double bytes = (double) c.bytes() / previous.bytes();
            int at = size;
            System.out.println("size " + size + ": " + c);
            assertTrue(computing <= factor, () -> "computing nodes grew " + computing + "x from size " + at / 2
                    + " to " + at);
            assertTrue(nodes <= factor, () -> "nodes grew " + nodes + "x from size " + at / 2 + " to " + at);
            assertTrue(bytes <= factor, () -> "allocation grew " + bytes + "x from size " + at / 2 + " to " + at);
            previous = c;
        }
    }

    /** Ifs nested d deep, each updating y from x (one line per statement: the text is linear in d). */
    static String nestedIfs(int d) {
        StringBuilder s = new StringBuilder("fn f(x: real) -> real {\ny = x;\n");
        for (int k = 0; k < d; k++) {
            s.append("if (y > ").append(k).append(") {\ny = y * 1.01 + x;\n");
        }
        for (int k = 0; k < d; k++) {
            s.append("} else {\ny = y - 1;\n}\n");
        }
        return s.append("return y;\n}\n").toString();
    }

    /** Nested ifs whose branches go on computing with the inner if's result (the adjoint needs it). */
    static String nestedIfsReadAfter(int d) {
        StringBuilder s = new StringBuilder("fn f(x: real) -> real {\ny = x;\n");
        for (int k = 0; k < d; k++) {
            s.append("if (y > ").append(k).append(") {\ny = y * 1.01 + x;\n");
        }
        for (int k = 0; k < d; k++) {
            s.append("y = sin(y) * x;\n} else {\ny = y - 1;\n}\n");
        }
        return s.append("return y;\n}\n").toString();
    }

    /** A straight-line chain of n statements. */
    static String chain(int n) {
        StringBuilder s = new StringBuilder("fn f(x: real, v: real[3]) -> real {\ny = x;\n");
        for (int k = 0; k < n; k++) {
            s.append("y = sin(y) * x + v[").append(k % 3).append("] * ").append(k % 7 + 1).append(";\n");
        }
        return s.append("return y;\n}\n").toString();
    }

    /** A wide function: n independent values of the parameters, summed at the end. */
    static String wide(int n) {
        StringBuilder s = new StringBuilder("fn f(x: real, v: real[3]) -> real {\nt = 0;\n");
        for (int k = 0; k < n; k++) {
            s.append("s").append(k).append(" = tanh(x * ").append(k + 1).append(" + sum(v * ").append(k % 5 + 1)
                    .append("));\n");
        }
        for (int k = 0; k < n; k++) {
            s.append("t = t + s").append(k).append(" * s").append((k * 7) % n).append(";\n");
        }
        return s.append("return t;\n}\n").toString();
    }

    /** While loops nested d deep, each with its own counter and a vector state (an adjoint loop at every level). */
    static String nestedWhiles(int d) {
        StringBuilder s = new StringBuilder("fn f(x: real, v: real[3]) -> real {\nw = v;\n");
        for (int k = 0; k < d; k++) {
            s.append("i").append(k).append(" = 0;\nwhile (i").append(k).append(" < 2) {\nw = sin(w) * x;\n");
        }
        for (int k = d - 1; k >= 0; k--) {
            s.append("i").append(k).append(" = i").append(k).append(" + 1;\n}\n");
        }
        return s.append("return sum(w);\n}\n").toString();
    }

    @Test
    void nestedIfsHoldingKeptLoopsAreLinearInTheirDepth() throws InterruptedException {
        // as an inner derivative's loops keep every trip: each level's loop stacks go onto a stack of stacks, not
        // through every level around it
        grows(NestedIfLoopsTest::program, "f", 50, 2.6, GradientPass.Loops.REVERSE_KEEP_ALL);
    }

    @Test
    void gradientsOfInnerGradientsOfNestedIfsHoldingLoopsAreLinearInTheirDepth() throws InterruptedException {
        // the inner gradient keeps every trip on stacks of stacks; the outer one keeps what its pops gave
        grows(NestedIfLoopsTest::withInnerGradient, "h", 25, 2.6, GradientPass.Loops.MIXED);
    }

    @Test
    void nestedIfsHoldingCheckpointedLoopsAreLinearInTheirDepth() throws InterruptedException {
        // a checkpointed loop is not kept: each level's adjoint runs its own loop's forward sweep again
        grows(NestedIfLoopsTest::program, 50, 2.6);
    }

    @Test
    void nestedIfsAreLinearInTheirDepth() throws InterruptedException {
        grows(DerivativeScalingTest::nestedIfs, 100, 2.6);
    }

    @Test
    void nestedIfsWhoseAdjointReadsTheInnerResultAreLinearInTheirDepth() throws InterruptedException {
        // what each level keeps goes onto the stacks of the level inside it, not through every level around it
        grows(DerivativeScalingTest::nestedIfsReadAfter, 100, 2.6);
    }

    @Test
    void nestedIfsKeepingRealsVectorsAndIntsAreLinearInTheirDepth() throws InterruptedException {
        grows(NestedIfStacksTest::program, 100, 2.6);
    }

    @Test
    void nestedWhilesAreLinearInTheirDepth() throws InterruptedException {
        // each level keeps its inner loops' results on stacks handed on to the level around it, within a bound
        // up to 60 deep: written out, the code still grows with the square of the depth (its limit is near 90)
        grows(DerivativeScalingTest::nestedWhiles, 15, 2.6);
    }

    @Test
    void straightLineChainsAreLinearInTheirLength() throws InterruptedException {
        grows(DerivativeScalingTest::chain, 250, 2.6);
    }

    @Test
    void wideFunctionsAreLinearInTheirWidth() throws InterruptedException {
        grows(DerivativeScalingTest::wide, 100, 2.6);
    }
}
