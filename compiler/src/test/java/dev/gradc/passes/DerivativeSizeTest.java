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
 * A derivative too large to build is a positioned error naming the limit, reached while the pass builds (so
 * before the heap runs out), not an out-of-memory failure; below the limit the same family differentiates.
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
        // the loops are lines 3, 5, 7, ... of the program: the limit is reached inside one of them
        int line = e.at().line();
        assertTrue(line >= 3 && line <= 3 + 2 * 40, () -> "at line " + line);
        String where = "deep.grad:" + line + ":" + e.at().column() + ": ";
        assertEquals(DerivativeMessages.derivativeTooLarge(where, 1_000), e.getMessage());
        // an unsupported derivative: every engine and the compiler report it as such, with this message
        assertTrue(e instanceof UnsupportedOperationException);
    }

    @Test
    void theSameFamilyBelowTheLimitDifferentiates() throws InterruptedException {
        FunctionIr f = nestedWhiles(8);
        assertEquals(null, onLargeStack(() -> Derivatives.gradient(f, f.realParams())));
    }
}
