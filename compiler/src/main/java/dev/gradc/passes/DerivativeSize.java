package dev.gradc.passes;

import dev.gradc.diag.DerivativeMessages;
import dev.gradc.diag.Span;
import dev.gradc.ir.GraphBuilder;
import java.util.function.Supplier;

/**
 * The limit on how many nodes one derivative pass may build (its graph and every region graph in it), so that a
 * derivative too large to build is a positioned error, not the heap running out. The default suits a heap of
 * a few gigabytes; {@code -Dgradc.maxDerivativeNodes=N} changes it.
 */
public final class DerivativeSize {

    /** The default limit: far above what real programs need (the examples' largest derivative builds ≈10⁴). */
    public static final long DEFAULT_LIMIT = 4_000_000;

    private DerivativeSize() {
    }

    /** The limit in force. */
    public static long limit() {
        return Long.getLong("gradc.maxDerivativeNodes", DEFAULT_LIMIT);
    }

    /** Runs a derivative pass within the limit; past it, throws {@link TooLarge} at what it was building. */
    static <T> T limited(Supplier<T> pass) {
        long limit = limit();
        try {
            return GraphBuilder.Budget.during(limit, pass);
        } catch (GraphBuilder.TooLarge e) {
            throw new TooLarge(e.at(), limit);
        }
    }

    /**
     * A derivative that would be larger than the limit: unsupported as written, with the position of the
     * statement being differentiated when the limit was reached. Every caller that reports unsupported
     * derivatives reports this one.
     */
    public static final class TooLarge extends UnsupportedOperationException {
        private final transient Span at;

        TooLarge(Span at, long limit) {
            super(DerivativeMessages.derivativeTooLarge(where(at), limit));
            this.at = at;
        }

        public Span at() {
            return at;
        }

        private static String where(Span at) {
            return at == null || !at.isKnown() ? "" : at.file() + ":" + at.line() + ":" + at.column() + ": ";
        }
    }
}
