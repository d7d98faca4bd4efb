package dev.gradc.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.check.ModuleChecker;
import dev.gradc.diag.Diagnostic;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.diag.SourceFile;
import dev.gradc.syntax.Ast;
import dev.gradc.syntax.Parser;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The front end stays polynomial — mostly linear — in the program text: families of generated programs at
 * doubling sizes, measured by counted quantities (graph nodes, and bytes the lowering allocates, compared
 * generously), never by time. What cannot be kept small is a positioned diagnostic, quickly.
 */
class LoweringScalingTest {

    /**
     * What lowering one program cost: the nodes of its last function (with regions), of all its functions, and
     * the bytes allocated.
     */
    private record Cost(long nodes, long allNodes, long bytes, Diagnostics diagnostics) {
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Parses, checks and lowers on a large stack (as the command line does), counting only the lowering. */
    private static Cost lower(String text) throws InterruptedException {
        AtomicReference<Cost> out = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            SourceFile source = new SourceFile("family.grad", text);
            Diagnostics d = new Diagnostics();
            Ast.Module m = Parser.parse(source, d);
            ModuleChecker.check(m, d);
            long before = allocated();
            ModuleIr ir = d.hasErrors() ? null : Lowering.lower(m, source, "", "Family", d);
            long bytes = allocated() - before;
            long nodes = ir == null ? -1 : ir.functions().get(ir.functions().size() - 1).graph().totalSize();
            long all = ir == null ? -1 : ir.functions().stream().mapToLong(f -> f.graph().totalSize()).sum();
            out.set(new Cost(nodes, all, bytes, d));
        }, "lowering", 1L << 28);
        t.start();
        t.join();
        return out.get();
    }

    /**
     * The lowering of text, run twice, that allocated less: how much a run allocates depends on which of the
     * lowering's methods the JIT has compiled by then (a compiled method's objects may never reach the heap), and
     * on a loaded host that lags: one run read 1.80×, at the limit, and passed when run again (6 December).
     */
    private static Cost leastOfTwo(String text) throws InterruptedException {
        Cost a = lower(text);
        Cost b = lower(text);
        return b.bytes() < a.bytes() ? b : a;
    }

    /**
     * Lowers the family at sizes n, 2n, 4n and checks that each doubling multiplies the last function's nodes by
     * at most {@code nodeFactor}, and the bytes allocated by at most {@code byteFactor} times the growth of all
     * functions' nodes (lowering costs in proportion to what it produces; with inlining every function is
     * a graph of its own, so a module of k functions calling each other produces k graphs).
     */
    private static void grows(IntFunction<String> family, int n, double nodeFactor, double byteFactor)
            throws InterruptedException {
        lower(family.apply(n)); // warm the lowering code, so later sizes are not charged for class loading
        Cost previous = leastOfTwo(family.apply(n));
        for (int size = 2 * n; size <= 4 * n; size *= 2) {
            Cost c = leastOfTwo(family.apply(size));
            assertEquals(0, c.diagnostics().errorCount(), () -> c.diagnostics().sorted().toString());
            double nodes = (double) c.nodes() / previous.nodes();
            double bytes = (double) c.bytes() / previous.bytes() / ((double) c.allNodes() / previous.allNodes());
            int at = size;
            assertTrue(nodes <= nodeFactor, () -> "nodes grew " + nodes + "x from size " + at / 2 + " to " + at);
            assertTrue(bytes <= byteFactor, () -> "allocation per node grew " + bytes + "x from size " + at / 2 + " to " + at);
            previous = c;
        }
    }

    /** f_k(x) = f_{k-1}(x) + f_{k-1}(x): equal calls share one inlined copy, so the graph is linear in k. */
    private static String equalCalls(int k) {
        StringBuilder s = new StringBuilder("fn f0(x: real) -> real { return sin(x); }\n");
        for (int i = 1; i <= k; i++) {
            s.append("fn f").append(i).append("(x: real) -> real { return f").append(i - 1).append("(x) * f")
                    .append(i - 1).append("(x); }\n");
        }
        return s.toString();
    }

    /** The report's family, f_k(x) = f_{k-1}(x) + f_{k-1}(x + 1): k + 1 distinct arguments at depth k, so k² / 2 calls. */
    private static String shiftedCalls(int k) {
        StringBuilder s = new StringBuilder("fn f0(x: real) -> real { return sin(x); }\n");
        for (int i = 1; i <= k; i++) {
            s.append("fn f").append(i).append("(x: real) -> real { return f").append(i - 1).append("(x) + f")
                    .append(i - 1).append("(x + 1); }\n");
        }
        return s.toString();
    }

    /** Ifs nested d deep, each updating y and reading x (no indentation, so the text is linear in d). */
    private static String nestedIfs(int d) {
        StringBuilder s = new StringBuilder("fn f(x: real) -> real {\ny = x;\n");
        for (int k = 0; k < d; k++) {
            s.append("if (y > ").append(k).append(") {\ny = y * 1.01 + x;\n");
        }
        for (int k = 0; k < d; k++) {
            s.append("} else {\ny = y - 1;\n}\n");
        }
        return s.append("return y;\n}\n").toString();
    }

    /** While loops nested d deep, each with its own counter. */
    private static String nestedWhiles(int d) {
        StringBuilder s = new StringBuilder("fn f(x: real) -> real {\ny = x;\n");
        for (int k = 0; k < d; k++) {
            s.append("i").append(k).append(" = 0;\nwhile (i").append(k).append(" < 2) {\ny = y * 0.5 + x;\n");
        }
        for (int k = d - 1; k >= 0; k--) {
            s.append("i").append(k).append(" = i").append(k).append(" + 1;\n}\n");
        }
        return s.append("return y;\n}\n").toString();
    }

    @Test
    void equalCallsAreInlinedOnce() throws InterruptedException {
        grows(LoweringScalingTest::equalCalls, 50, 2.2, 1.3);
    }

    @Test
    void theReportsDoublingCallsGrowQuadraticallyNotExponentially() throws InterruptedException {
        grows(LoweringScalingTest::shiftedCalls, 25, 4.4, 1.3);
        assertTrue(lower(shiftedCalls(25)).nodes() < 2_000, "25 levels inline into a few hundred nodes");
    }

    @Test
    void nestedIfsAreLinearInTheirDepth() throws InterruptedException {
        grows(LoweringScalingTest::nestedIfs, 200, 2.2, 1.3);
    }

    /**
     * Nodes are linear; the bookkeeping is not quite: each loop's set of assigned names holds the counters of
     * every loop inside it (depth × distinct names, bounded by the nesting limit), hence the looser factor.
     */
    @Test
    void nestedWhilesAreLinearInTheirDepth() throws InterruptedException {
        grows(LoweringScalingTest::nestedWhiles, 100, 2.2, 1.8);
    }

    /** f_k(x) = f_{k-1}(x) + cos(x): a chain of single calls, f_k's graph about 2k nodes. */
    private static String chainedCalls(int k) {
        StringBuilder s = new StringBuilder("fn f0(x: real) -> real { return sin(x); }\n");
        for (int i = 1; i <= k; i++) {
            s.append("fn f").append(i).append("(x: real) -> real { return f").append(i - 1).append("(x) + cos(x); }\n");
        }
        return s.toString();
    }

    /** f_k calls f_{k-1} inside a loop: f_k is k whiles nested, each with one call. */
    private static String callsInLoops(int k) {
        StringBuilder s = new StringBuilder("fn f0(x: real) -> real { return sin(x); }\n");
        for (int i = 1; i <= k; i++) {
            s.append("fn f").append(i).append("(x: real) -> real {\n  s = x;\n  i = 0;\n  while (i < 3) {\n    s = f")
                    .append(i - 1).append("(s) * 0.5 + x;\n    i = i + 1;\n  }\n  return s;\n}\n");
        }
        return s.toString();
    }

    /** The counted work of lowering a program and the nodes of all its functions' graphs (with their regions). */
    private record Counted(Lowering.Work work, long graphs) {
        long steps() {
            return work.added() + work.reused() + work.inlined() + work.shared();
        }

        @Override
        public String toString() {
            return graphs + " graph nodes: " + work.added() + " added, " + work.reused() + " reused, "
                    + work.inlined() + " calls inlined, " + work.shared() + " shared";
        }
    }

    private static Counted counted(String text) {
        SourceFile source = new SourceFile("family.grad", text);
        Diagnostics d = new Diagnostics();
        Ast.Module m = Parser.parse(source, d);
        ModuleChecker.check(m, d);
        Lowering.Work w = Lowering.counted(m, source, d);
        assertEquals(0, d.errorCount(), () -> d.sorted().toString());
        return new Counted(w, w.module().functions().stream().mapToLong(f -> f.graph().totalSize()).sum());
    }

    /**
     * Lowering's steps — nodes added, nodes hash-consing gave back, calls inlined, calls shared — are counted at
     * sizes n, 2n, 4n; per node of the graphs built they grow at most {@code factor} per doubling (the graphs
     * themselves are what inlining must build: every function is a graph of its own with its calls inlined).
     */
    private static void workFollowsTheGraphs(IntFunction<String> family, int n, double factor) {
        Counted previous = counted(family.apply(n));
        for (int size = 2 * n; size <= 4 * n; size *= 2) {
            Counted c = counted(family.apply(size));
            double perNode = ((double) c.steps() / c.graphs()) / ((double) previous.steps() / previous.graphs());
            int at = size;
            Counted before = previous;
            assertTrue(perNode <= factor, () -> "work per graph node grew " + perNode + "x from size " + at / 2
                    + " (" + before + ") to " + at + " (" + c + ")");
            assertTrue(c.work().inlined() <= c.graphs() && c.work().shared() <= c.graphs(), c::toString);
            previous = c;
        }
    }

    @Test
    void doublingCallsChainedCallsAndCallsInLoopsCostInProportionToTheirGraphs() {
        workFollowsTheGraphs(LoweringScalingTest::shiftedCalls, 25, 1.15);
        workFollowsTheGraphs(LoweringScalingTest::chainedCalls, 100, 1.15);
        workFollowsTheGraphs(LoweringScalingTest::callsInLoops, 25, 1.15);
        // the doubling chain at 100 levels: each function f_k inlines about k² / 2 distinct calls, shares as many
        Counted c = counted(shiftedCalls(100));
        assertTrue(c.work().inlined() < 200_000 && c.work().shared() < 200_000, c::toString);
    }

    @Test
    void genuinelyExponentialInliningIsAPositionedErrorNotAnOutOfMemoryError() throws InterruptedException {
        // f_k(x) = f_{k-1}(x + 1) + f_{k-1}(x + 2): every call has arguments of its own, 2^k copies
        StringBuilder s = new StringBuilder("fn f0(x: real) -> real { return sin(x); }\n");
        for (int i = 1; i <= 40; i++) {
            s.append("fn f").append(i).append("(x: real) -> real { return f").append(i - 1).append("(x + 1) + f")
                    .append(i - 1).append("(x + 2); }\n");
        }
        Cost c = lower(s.toString());
        assertEquals(1, c.diagnostics().errorCount(), () -> c.diagnostics().sorted().toString());
        Diagnostic e = c.diagnostics().sorted().get(0);
        assertTrue(e.message().startsWith("inlining this call makes 'f"), e.message());
        assertTrue(e.message().contains(Long.toString(Lowering.MAX_NODES)), e.message());
        assertTrue(e.span().line() > 1 && e.span().column() > 1, "positioned at a call: " + e.span());
        // 210 MB (840 bytes per node of the limit; 935 MB when every call lowered its callee's body again)
        assertTrue(c.bytes() < 2_000L * Lowering.MAX_NODES, "gave up within the budget: " + c.bytes() + " bytes");
    }

    /**
     * Derivatives of derivatives inside a program, f_k(x) = grad(f_{k-1}, x)(x) * grad(f_{k-1}, x)(x * x): each
     * level differentiates the last, so the graph grows exponentially with k whatever is shared. They are held to
     * the graph limit too, so the chain ends in one positioned error at the derivative that went past it (it used
     * to lower and differentiate without a limit until the heap ran out), and each level is lowered and
     * differentiated once for the whole module, not once per function above it.
     */
    @Test
    void derivativesOfDerivativesPastTheLimitAreAPositionedError() throws InterruptedException {
        StringBuilder s = new StringBuilder("fn f0(x: real) -> real { return sin(x); }\n");
        for (int i = 1; i <= 30; i++) {
            s.append("fn f").append(i).append("(x: real) -> real { return grad(f").append(i - 1)
                    .append(", x)(x) * grad(f").append(i - 1).append(", x)(x * x); }\n");
        }
        Cost c = lower(s.toString());
        assertEquals(1, c.diagnostics().errorCount(), () -> c.diagnostics().sorted().toString());
        Diagnostic e = c.diagnostics().sorted().get(0);
        assertTrue(e.message().matches("'grad\\(f\\d+, x\\)' needs a graph of more than "
                + Lowering.MAX_NODES + " nodes .*"), e.message());
        assertEquals(33, e.span().column(), "at the derivative: " + e.span());
        assertTrue(c.bytes() < 16_000L * Lowering.MAX_NODES, "gave up within the budget: " + c.bytes() + " bytes");
    }

    /**
     * The doubling calls at 240 levels are about 2.3 million nodes over the module's functions (each one's graph
     * within the function limit): past the module's limit, one error at the call that passed it, in the function
     * it names; the functions after it are not lowered (nor reported).
     */
    @Test
    void modulesPastTheirGraphLimitAreAPositionedError() throws InterruptedException {
        String text = shiftedCalls(240);
        Cost c = lower(text);
        assertEquals(1, c.diagnostics().errorCount(), () -> c.diagnostics().sorted().toString());
        Diagnostic e = c.diagnostics().sorted().get(0);
        String function = text.lines().toList().get(e.span().line() - 1).split("[ (]")[1];
        assertEquals(Messages.moduleTooLarge(function, Lowering.MAX_MODULE_NODES), e.message());
        assertTrue(e.span().line() > 200 && e.span().column() > 1, "positioned at a call: " + e.span());
        // 1.22 GB (611 bytes per node of the limit; 6.3 GB when every call lowered its callee's body again)
        assertTrue(c.bytes() < 1_000L * Lowering.MAX_MODULE_NODES, "gave up within the budget: " + c.bytes() + " bytes");
    }

    @Test
    void nestingBeyondTheLimitIsAPositionedError() throws InterruptedException {
        Cost c = lower(nestedIfs(ModuleChecker.MAX_NESTING + 1));
        assertEquals(1, c.diagnostics().errorCount());
        Diagnostic e = c.diagnostics().sorted().get(0);
        assertEquals(Messages.nestedBlocksTooDeep(ModuleChecker.MAX_NESTING), e.message());
        assertEquals(3 + 2 * ModuleChecker.MAX_NESTING, e.span().line());
        assertEquals(0, lower(nestedIfs(ModuleChecker.MAX_NESTING)).diagnostics().errorCount());
    }
}
