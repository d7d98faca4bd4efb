package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.Gradc;
import dev.gradc.diag.DerivativeMessages;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.passes.DerivativeSize;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The limit on what the emitter writes for a module ({@link ModuleCodeSize}): a module past it is refused at the
 * function that crossed it, before anything is written and at a cost bounded by the limit, not the heap running
 * out; what it counts bounds the Java written, whatever the program's shape and its derivatives.
 */
class ModuleCodeSizeTest {

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Runs {@code work} on a large stack, as the command line does; its exception is rethrown. */
    private static <T> T onLargeStack(Supplier<T> work) throws InterruptedException {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                out.set(work.get());
            } catch (Throwable e) {
                out.set(new Failure(e));
            }
        }, "emitting", 1L << 28);
        t.start();
        t.join();
        if (out.get() instanceof Failure f && f.e instanceof RuntimeException e) {
            throw e;
        } else if (out.get() instanceof Failure f) {
            throw new AssertionError(f.e);
        }
        @SuppressWarnings("unchecked")
        T result = (T) out.get();
        return result;
    }

    private record Failure(Throwable e) {
    }

    private static ModuleIr lowered(String text) {
        Diagnostics d = new Diagnostics();
        ModuleIr m = Gradc.frontEnd(new SourceFile("family.grad", text), null, d);
        assertEquals(0, d.errorCount(), () -> d.sorted().toString());
        return m;
    }

    private static long counted(ModuleIr m) {
        long n = 0;
        for (FunctionIr f : m.functions()) {
            n += ModuleCodeSize.of(f);
        }
        return n;
    }

    /**
     * The doubling calls at k = 160 would write about 3.1 million nodes (k³ growth: 0.76 million at k = 100), some
     * 190 MB of Java; at k = 200, 6 million, which ran the compiler out of memory. Past the default limit they are
     * refused at the first function with which the module's code passes it, having built only the graphs up to it
     * (measured: refused at f140, 1.9 KB allocated per node of the
     * limit), with the function's own size and the module's.
     */
    @Test
    void theDoublingCallsAreRefusedAtTheFunctionThatPassesTheLimit() throws InterruptedException {
        ModuleIr m = onLargeStack(() -> lowered(JavaEmitterScalingTest.doublingCalls(160)));
        long limit = ModuleCodeSize.limit();
        long[] spent = new long[1];
        DerivativeSize.TooLarge e = onLargeStack(() -> {
            long before = allocated();
            try {
                JavaEmitter.emit(m);
                return null;
            } catch (DerivativeSize.TooLarge tooLarge) {
                spent[0] = allocated() - before;
                return tooLarge;
            }
        });
        assertTrue(e != null, "emitted past the limit");
        int k = e.at().line() - 1; // f_k is on line k + 1
        assertTrue(e.unpositioned().startsWith("the generated code of the module's functions up to 'f" + k + "'"),
                e::getMessage);
        long before = onLargeStack(() -> {
            long n = 0;
            for (int i = 0; i < k; i++) {
                n += ModuleCodeSize.of(m.functions().get(i));
            }
            return n;
        });
        long own = onLargeStack(() -> ModuleCodeSize.of(m.functions().get(k)));
        assertTrue(before <= limit && before + own > limit, () -> before + " + " + own + " against " + limit);
        assertEquals(DerivativeMessages.moduleCodeTooLarge("f" + k, own, before + own, limit), e.unpositioned());
        assertTrue(spent[0] < 3_000L * limit, () -> spent[0] + " bytes to refuse, limit " + limit);
    }

    /**
     * The limit in nodes bounds the Java written, in any shape of program: at most 100 characters per node
     * counted (measured: the doubling calls 52, the chained calls 11, calls in loops 38), for values, gradients,
     * every other derivative and their workspace forms.
     */
    @Test
    void whatIsCountedBoundsTheJavaWritten() throws InterruptedException {
        String derivatives = "@grad\n@vjp\n@jvp\n@hvp\n@jacobian\n@hessian\nfn g(x: real, v: real[3]) -> real {\n"
                + "  s = x;\n  i = 0;\n  while (i < 3) {\n    s = sin(s) * sum(v) + x;\n    i = i + 1;\n  }\n"
                + "  return s;\n}\n";
        for (String text : new String[] {JavaEmitterScalingTest.doublingCalls(30),
                JavaEmitterScalingTest.chainedCalls(300), JavaEmitterScalingTest.callsInLoops(8), derivatives}) {
            ModuleIr m = onLargeStack(() -> lowered(text));
            long nodes = counted(m);
            String java = onLargeStack(() -> JavaEmitter.emit(m)).source();
            assertTrue(java.length() <= 100 * nodes, () -> java.length() + " chars for " + nodes + " nodes: " + text);
        }
    }
}
