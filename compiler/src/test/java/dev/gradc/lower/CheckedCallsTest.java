package dev.gradc.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.check.ModuleChecker;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.diag.SourceFile;
import dev.gradc.syntax.Ast;
import dev.gradc.syntax.Parser;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checking a module without inlining its calls, then lowering only the functions a command needs: checking is
 * linear in the program text (each function once), lowering one function costs that function's graph, not the sum
 * of every function's graph with its callees repeated. Counted (nodes, calls), never timed; the errors checking
 * finds are the errors full lowering finds.
 */
class CheckedCallsTest {

    /** f_k(x) = f_{k-1}(x) + f_{k-1}(x + 1): f_k's graph is about k² / 2 nodes, all k functions' graphs k³ / 6. */
    static String doubling(int k) {
        StringBuilder s = new StringBuilder("fn f0(x: real) -> real { return sin(x); }\n");
        for (int i = 1; i <= k; i++) {
            s.append("fn f").append(i).append("(x: real) -> real { return f").append(i - 1).append("(x) + f")
                    .append(i - 1).append("(x + 1); }\n");
        }
        return s.toString();
    }

    private record Run(Lowering.Work work, Diagnostics diagnostics) {
        long steps() {
            return work.added() + work.reused() + work.inlined() + work.shared();
        }
    }

    /** Checks the program and lowers the functions in {@code only} (null: lowers every function, no checking pass). */
    private static Run lower(String text, Set<String> only) {
        SourceFile source = new SourceFile("family.grad", text);
        Diagnostics d = new Diagnostics();
        Ast.Module m = Parser.parse(source, d);
        ModuleChecker.check(m, d);
        return new Run(Lowering.counted(m, source, d, only), d);
    }

    /** The steps per function of checking alone stay the same at k = 25, 50, 100, 200, 400: linear in the text. */
    @Test
    void checkingTheDoublingCallsIsLinearInTheirText() {
        Run previous = null;
        for (int k = 25; k <= 400; k *= 2) {
            Run r = lower(doubling(k), Set.of());
            assertEquals(0, r.diagnostics().errorCount(), () -> r.diagnostics().sorted().toString());
            assertTrue(r.work().module().functions().isEmpty(), "checking lowers no function");
            assertTrue(r.steps() < 10L * (k + 1), "a return of two calls, about 9 steps a function: " + r.steps());
            if (previous != null) {
                double growth = (double) r.steps() / previous.steps();
                assertTrue(growth < 2.05, "steps grew " + growth + "x from k = " + k / 2 + " to " + k);
            }
            previous = r;
        }
    }

    /**
     * Lowering f_k for a run costs f_k's graph (k² / 2 nodes) after checking: at k = 100 the whole module is about
     * 35 times as many nodes as f_100 alone.
     */
    @Test
    void runningOneFunctionLowersOnlyItsGraph() {
        Run all = lower(doubling(100), null);
        Run one = lower(doubling(100), Set.of("f100"));
        assertEquals(List.of("f100"), one.work().module().functions().stream().map(FunctionIr::name).toList());
        long nodes = one.work().module().function("f100").graph().totalSize();
        // all functions' graphs copy their callees' graphs in; one function's re-lowers their bodies: the same nodes
        assertEquals(all.work().module().function("f100").graph().toString(),
                one.work().module().function("f100").graph().toString());
        assertTrue(one.steps() < 8 * nodes, "in proportion to the graph's nodes: " + one.steps()
                + " steps for " + nodes + " nodes");
        assertTrue(one.work().added() < 2 * nodes, one.work().added() + " nodes added for a graph of " + nodes);
        assertTrue(all.work().added() > 30 * nodes, all.work().added() + " nodes added for all functions");
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Lowering every function of the doubling chain at k = 25, 50, 100 (3,677, 24,852 and 182,202 nodes) allocates
     * under 1,000 bytes and keeps under 300 bytes per node of the graphs built (about 600 and 100: a call of a
     * function already lowered copies its graph in; lowering its body again allocated 2-3 KB per node). Bytes
     * counted by the JVM, never time.
     */
    @Test
    void everyFunctionsGraphCostsBytesInProportionToItsNodes() {
        lower(doubling(25), null); // warm: classes loaded, code compiled
        for (int k = 25; k <= 100; k *= 2) {
            String text = doubling(k);
            long heap = heapAfterGc();
            long before = allocated();
            Run r = lower(text, null);
            long bytes = allocated() - before;
            long kept = heapAfterGc() - heap;
            long nodes = r.work().module().functions().stream().mapToLong(f -> f.graph().totalSize()).sum();
            int at = k;
            assertTrue(bytes < 1_000 * nodes, () -> bytes / nodes + " bytes allocated per node at k = " + at);
            assertTrue(kept < 300 * nodes, () -> kept / nodes + " bytes kept per node at k = " + at);
        }
    }

    /**
     * Past the module's budget (k = 240 is about 2.3 million nodes over all functions), checking passes and the
     * function a run needs lowers within it; lowering every function is the positioned error at the call that
     * passed the budget.
     */
    @Test
    void theModuleBudgetCountsOnlyTheGraphsBuilt() {
        String text = doubling(240);
        Run check = lower(text, Set.of());
        assertEquals(0, check.diagnostics().errorCount(), () -> check.diagnostics().sorted().toString());
        Run one = lower(text, Set.of("f240"));
        assertEquals(0, one.diagnostics().errorCount(), () -> one.diagnostics().sorted().toString());
        assertNotNull(one.work().module().function("f240"));
        Run all = lower(text, null);
        assertNull(all.work().module());
        assertEquals(1, all.diagnostics().errorCount());
        assertEquals(Messages.moduleTooLarge("f226", Lowering.MAX_MODULE_NODES),
                all.diagnostics().sorted().get(0).message());
    }

    /** An error at a call, or inside a callee, is reported by checking as by lowering every function. */
    @Test
    void checkingFindsTheErrorsLoweringFinds() {
        List<String> programs = List.of(
                "fn g<n>(v: real[n], w: real[n]) -> real { return sum(v * w); }\n"
                        + "fn f(a: real[3], b: real[4]) -> real { return g(a, b) + g(a, a); }\n",
                "fn g(x: real) -> real[2] { return [x, x]; }\n"
                        + "fn f(x: real) -> real { return g(x) + 1; }\n",
                "fn g(x: real) -> real { return y; }\n"
                        + "fn f(x: real) -> real { return g(x) * g(2 * x); }\n",
                "fn g(x: real, n: int) -> real { return x * n; }\n"
                        + "fn f(x: real) -> real { return g(x, x) + g(1, 2, 3); }\n");
        for (String p : programs) {
            Run check = lower(p, Set.of());
            Run all = lower(p, null);
            assertTrue(all.diagnostics().errorCount() > 0, p);
            assertEquals(all.diagnostics().sorted(), check.diagnostics().sorted(), p);
        }
    }

    /** Calls whose graphs hold what derivatives decide on whole are inlined while checking; values agree. */
    @Test
    void aCalleeWithCustomRulesIsCheckedWhole() {
        String text = """
                fn f(x: real) -> real { return x * x; }
                @vjp_rule(f, x)
                fn f_vjp(x: real, y: real, ybar: real) -> real { return ybar * 3 * x; }
                fn g(x: real) -> real { return f(x) + sin(x); }
                fn h(x: real) -> real { return g(x) * g(x + 1); }
                """;
        Run one = lower(text, Set.of("h"));
        assertEquals(0, one.diagnostics().errorCount(), () -> one.diagnostics().sorted().toString());
        Run all = lower(text, null);
        assertEquals(all.work().module().function("h").graph().toString(),
                one.work().module().function("h").graph().toString());
    }
}
