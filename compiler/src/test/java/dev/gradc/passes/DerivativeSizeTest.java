package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.DerivativeMessages;
import dev.gradc.diag.SourceFile;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.testing.Programs;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A derivative too large to build, or to write out as code, is a positioned error naming the limit (the first
 * reached while the pass builds, so before the heap runs out), not an out-of-memory failure; below the limits
 * the same family differentiates.
 */
class DerivativeSizeTest {

    /** Runs on a large stack, as the command line does; gives what the body threw, or null. */
    private static Throwable onLargeStack(Runnable body) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                body.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "derivative", 1L << 28);
        t.start();
        t.join();
        return thrown.get();
    }

    private static FunctionIr nestedWhiles(int depth) {
        ModuleIr m = Programs.compile(new SourceFile("deep.grad", DerivativeScalingTest.nestedWhiles(depth)));
        return m.function("f");
    }

    @Test
    void aDerivativePastTheNodeLimitIsAPositionedErrorAtWhatItWasDifferentiating() throws InterruptedException {
        FunctionIr f = nestedWhiles(40);
        String saved = System.getProperty("gradc.maxDerivativeNodes");
        System.setProperty("gradc.maxDerivativeNodes", "1000");
        Throwable thrown;
        try {
            thrown = onLargeStack(() -> Derivatives.gradient(f, f.realParams()));
        } finally {
            if (saved == null) {
                System.clearProperty("gradc.maxDerivativeNodes");
            } else {
                System.setProperty("gradc.maxDerivativeNodes", saved);
            }
        }
        DerivativeSize.TooLarge e = assertThrows(DerivativeSize.TooLarge.class, () -> {
            throw thrown;
        });
        // the loops are lines 4, 5, 6, ... of the program (then their counters' lines): the limit is reached
        // while differentiating one of those statements
        int line = e.at().line();
        assertTrue(line >= 4 && line <= 4 + 3 * 40, () -> "at line " + line);
        String where = "deep.grad:" + line + ":" + e.at().column() + ": ";
        assertEquals(DerivativeMessages.derivativeTooLarge(where, 1_000), e.getMessage());
        // an unsupported derivative: every engine and the compiler report it as such, with this message
        assertTrue(e instanceof UnsupportedOperationException);
    }

    @Test
    void aDerivativeTooLargeToWriteOutIsAPositionedErrorAtItsOutermostLoop() throws InterruptedException {
        FunctionIr f = nestedWhiles(40);
        String saved = System.getProperty("gradc.maxDerivativeCode");
        System.setProperty("gradc.maxDerivativeCode", "20000");
        Throwable thrown;
        try {
            thrown = onLargeStack(() -> Derivatives.gradient(f, f.realParams()));
        } finally {
            if (saved == null) {
                System.clearProperty("gradc.maxDerivativeCode");
            } else {
                System.setProperty("gradc.maxDerivativeCode", saved);
            }
        }
        DerivativeSize.TooLarge e = assertThrows(DerivativeSize.TooLarge.class, () -> {
            throw thrown;
        });
        assertEquals(4, e.at().line()); // the outermost while: its adjoint holds every loop inside it
        assertEquals(DerivativeMessages.derivativeCodeTooLarge("deep.grad:4:" + e.at().column() + ": ", 20_000),
                e.getMessage());
    }

    @Test
    void writtenOutEachSharedRegionCountsOnce() {
        // nested whiles: the adjoint reruns the loops inside each level, sharing their regions, which generated
        // code writes once each (as methods): written out, every distinct graph counts once
        FunctionIr f = nestedWhiles(20);
        dev.gradc.ir.Graph g = Derivatives.gradient(f, f.realParams());
        java.util.Set<dev.gradc.ir.Region> shared = dev.gradc.ir.SharedRegions.of(g);
        assertTrue(shared.size() >= 10, () -> shared.size() + " shared regions");
        long written = DerivativeSize.writtenSize(g, shared, new java.util.IdentityHashMap<>());
        assertEquals(Rebuild.distinctSize(g), written);
        // had each shared region been written at every use, the code would be far larger
        long everyUse = DerivativeSize.writtenSize(g, java.util.Set.of(), new java.util.IdentityHashMap<>());
        assertTrue(everyUse > written, () -> everyUse + " at every use, " + written + " written");
    }

    @Test
    void theSameFamilyBelowTheLimitDifferentiates() throws InterruptedException {
        FunctionIr f = nestedWhiles(8);
        assertEquals(null, onLargeStack(() -> Derivatives.gradient(f, f.realParams())));
    }
}
