package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.Gradc;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Writing Java costs in proportion to what is written: families of programs with many calls at doubling sizes,
 * emitted as {@code compile} does (every function, value and gradient) and as {@code run --fn} does (one), and the
 * bytes the emitter allocates per node of the graphs it writes compared, never times. With calls inlined, a
 * function's graph holds its callees' graphs; that size is what the design implies, and the emitter may cost no
 * more than a constant per node of it.
 */
class JavaEmitterScalingTest {

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * What emitting a module cost: the nodes of the graphs written (values, gradients and their workspace forms,
     * as {@link ModuleCodeSize} counts them against the module's limit) and the bytes allocated.
     */
    private record Cost(long nodes, long bytes) {
        double perNode() {
            return (double) bytes / nodes;
        }
    }

    /**
     * Lowers the program (only function {@code only}, or all when null) and emits it, counting the bytes the
     * emitter allocates, on a large stack as the command line does.
     */
    private static Cost emit(String text, String only) throws InterruptedException {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                Diagnostics d = new Diagnostics();
                SourceFile source = new SourceFile("family.grad", text);
                ModuleIr m = only == null ? Gradc.frontEnd(source, null, d)
                        : Gradc.frontEnd(source, null, d, JavaEmitterScalingTest.class.getClassLoader(), Set.of(only));
                assertEquals(0, d.errorCount(), () -> d.sorted().toString());
                long nodes = 0;
                for (FunctionIr f : m.functions()) {
                    nodes += ModuleCodeSize.of(f);
                }
                long before = allocated();
                JavaEmitter.emit(m);
                out.set(new Cost(nodes, allocated() - before));
            } catch (Throwable e) {
                out.set(e);
            }
        }, "emitting", 1L << 28);
        t.start();
        t.join();
        if (out.get() instanceof Throwable e) {
            throw new AssertionError(e);
        }
        return (Cost) out.get();
    }

    /**
     * Emits the family at sizes n, 2n, 4n (and a first time at n, to warm the emitter's code) and checks that each
     * doubling multiplies the bytes allocated per node written by at most {@code factor}.
     */
    private static void linear(IntFunction<String> family, boolean last, int n, double factor)
            throws InterruptedException {
        emit(family.apply(n), last ? "f" + n : null);
        Cost previous = emit(family.apply(n), last ? "f" + n : null);
        for (int size = 2 * n; size <= 4 * n; size *= 2) {
            Cost c = emit(family.apply(size), last ? "f" + size : null);
            double growth = c.perNode() / previous.perNode();
            int at = size;
            Cost before = previous;
            assertTrue(growth <= factor, () -> "bytes per node grew " + growth + "x from size " + at / 2 + " (" + before
                    + ") to " + at + " (" + c + ")");
            previous = c;
        }
    }

    /** f_k(x) = f_{k-1}(x) + f_{k-1}(x + 1): k + 1 distinct arguments at depth k, so f_k's graph is about k² nodes. */
    static String doublingCalls(int k) {
        StringBuilder s = new StringBuilder("fn f0(x: real) -> real { return sin(x); }\n");
        for (int i = 1; i <= k; i++) {
            s.append("fn f").append(i).append("(x: real) -> real { return f").append(i - 1).append("(x) + f")
                    .append(i - 1).append("(x + 1); }\n");
        }
        return s.toString();
    }

    /** f_k(x) = f_{k-1}(x) + cos(x): a chain of single calls, f_k's graph about 2k nodes in one long method. */
    static String chainedCalls(int k) {
        StringBuilder s = new StringBuilder("fn f0(x: real) -> real { return sin(x); }\n");
        for (int i = 1; i <= k; i++) {
            s.append("fn f").append(i).append("(x: real) -> real { return f").append(i - 1).append("(x) + cos(x); }\n");
        }
        return s.toString();
    }

    /** f_k calls f_{k-1} inside a loop: f_k is k whiles nested, each with one call. */
    static String callsInLoops(int k) {
        StringBuilder s = new StringBuilder("fn f0(x: real) -> real { return sin(x); }\n");
        for (int i = 1; i <= k; i++) {
            s.append("fn f").append(i).append("(x: real) -> real {\n  s = x;\n  i = 0;\n  while (i < 3) {\n    s = f")
                    .append(i - 1).append("(s) * 0.5 + x;\n    i = i + 1;\n  }\n  return s;\n}\n");
        }
        return s.toString();
    }

    /**
     * One long function, split into many methods: when every part of a split method planned the whole graph again
     * and kept slots for all its nodes (parts × nodes), 13.6, 15.9, 20.4 KB per node at 2,000, 4,000, 8,000 calls;
     * planned once, with the slots shared by the parts, 11.3, 11.0, 10.3 KB.
     */
    @Test
    void aLongFunctionSplitIntoMethodsCostsInProportionToItsGraph() throws InterruptedException {
        linear(JavaEmitterScalingTest::chainedCalls, true, 2000, 1.15);
    }

    /** As {@code run --fn f_k} emits it: f_k alone, its graph about k² nodes. */
    @Test
    void theDoublingCallsLastFunctionCostsInProportionToItsGraph() throws InterruptedException {
        linear(JavaEmitterScalingTest::doublingCalls, true, 20, 1.15);
    }

    /** As {@code compile} emits them: every function, each with its callees' graphs copied in. */
    @Test
    void wholeModulesCostInProportionToTheirGraphs() throws InterruptedException {
        linear(JavaEmitterScalingTest::doublingCalls, false, 8, 1.15);
        linear(JavaEmitterScalingTest::chainedCalls, false, 50, 1.15);
        linear(JavaEmitterScalingTest::callsInLoops, false, 4, 1.15);
    }
}
