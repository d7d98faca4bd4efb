package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.emit.EmittedModule;
import dev.gradc.emit.JavaEmitter;
import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.Lowering;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * What {@code run --grad} does besides the gradient pass stays linear (× a log, generously) in the depth of nested
 * ifs: the bytes each phase allocates — parsing, checking, lowering, emitting Java (with the gradient pass and the
 * optimizer), javac and loading, the compiled gradient's call — and the generated source's length, at doubling
 * depths. Counted, never timed.
 */
class PipelineScalingTest {

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** The bytes each phase allocates on this thread, and the source's characters, in pipeline order. */
    private static Map<String, Long> phases(String text) {
        Map<String, Long> cost = new LinkedHashMap<>();
        SourceFile source = new SourceFile("deep.grad", text);
        Diagnostics d = new Diagnostics();
        long at = allocated();
        var ast = dev.gradc.syntax.Parser.parse(source, d);
        cost.put("parse", allocated() - at);
        at = allocated();
        dev.gradc.check.ModuleChecker.check(ast, d);
        cost.put("check", allocated() - at);
        at = allocated();
        ModuleIr m = Lowering.lower(ast, source, "deep", "Deep", d, PipelineScalingTest.class.getClassLoader());
        cost.put("lower", allocated() - at);
        assertTrue(m != null && !d.hasErrors(), "the program compiles");
        FunctionIr f = m.function("f");
        ModuleIr asked = CompiledModule.requesting(m, "f", new Request(Request.Kind.GRAD, f.realParams()));
        at = allocated();
        EmittedModule emitted = JavaEmitter.emit(asked);
        cost.put("emit", allocated() - at);
        cost.put("source chars", (long) emitted.source().length());
        at = allocated();
        CompiledModule c = CompiledModule.load(emitted);
        cost.put("javac", allocated() - at);
        c.grad("f", 0.5);
        at = allocated();
        assertEquals(3.0301, (Double) c.grad("f", 0.5).parts().get("x"), 1e-9, "dy/dx at x = 0.5");
        cost.put("run", allocated() - at);
        return cost;
    }

    /** {@link #phases} on a large stack (as the command line does: the phases recurse over region nesting). */
    private static Map<String, Long> measured(String text) throws InterruptedException {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                out.set(phases(text));
            } catch (Throwable e) {
                out.set(e);
            }
        }, "pipeline", 1L << 28);
        t.start();
        t.join();
        if (out.get() instanceof Throwable e) {
            throw new AssertionError(e);
        }
        @SuppressWarnings("unchecked")
        Map<String, Long> cost = (Map<String, Long>) out.get();
        return cost;
    }

    /** Depths n, 2n, 4n: each doubling multiplies every phase's bytes and the source's length by at most factor. */
    private static void grows(IntFunction<String> family, int n, double factor) throws InterruptedException {
        measured(family.apply(n)); // warm the code, so that later sizes are not charged for class loading
        Map<String, Long> previous = measured(family.apply(n));
        for (int size = 2 * n; size <= 4 * n; size *= 2) {
            Map<String, Long> cost = measured(family.apply(size));
            System.out.println("depth " + size + ": " + cost);
            for (String phase : cost.keySet()) {
                // a phase of a few kilobytes (the call of the compiled gradient) is noise, not growth
                double ratio = (double) Math.max(cost.get(phase), 1 << 16) / Math.max(previous.get(phase), 1 << 16);
                int at = size;
                assertTrue(ratio <= factor, () -> phase + " grew " + ratio + "x from depth " + at / 2 + " to " + at);
            }
            previous = cost;
        }
    }

    @Test
    void runGradOfNestedIfsIsLinearOutsideTheGradientPass() throws InterruptedException {
        grows(DerivativeScalingTest::nestedIfs, 100, 2.6);
    }
}
