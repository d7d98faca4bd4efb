package dev.gradc.passes;

import dev.gradc.diag.DerivativeMessages;
import dev.gradc.diag.Span;
import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.SharedRegions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The limits on a derivative's size, so that one too large to build or to write out is a positioned error,
 * not the heap running out: how many nodes one derivative pass may build (its graph and every region graph in
 * it; {@code -Dgradc.maxDerivativeNodes=N}), and how many the derivative has written out as generated code
 * writes it ({@code -Dgradc.maxDerivativeCode=N}): a region used at one place inside the code of that place, a
 * region used at several ({@link SharedRegions}) once, as a method of its own. The interpreter writes nothing
 * out, so only the first limit applies to what it runs ({@link #interpreted}).
 */
public final class DerivativeSize {

    /** The default limit: far above what real programs need (the examples' largest derivative builds ≈10⁴). */
    public static final long DEFAULT_LIMIT = 4_000_000;

    private DerivativeSize() {
    }

    /**
     * The default limit on the nodes written out: far above real programs (a 9×9 cofactor determinant's gradient:
     * 13,350); 800 nested whiles write about 580,000, which javac compiles in minutes and several GB.
     */
    public static final long DEFAULT_WRITTEN_LIMIT = 1_000_000;

    /** The limit in force on the nodes one pass builds. */
    public static long limit() {
        return Long.getLong("gradc.maxDerivativeNodes", DEFAULT_LIMIT);
    }

    /** The limit in force on the nodes of a derivative written out. */
    public static long writtenLimit() {
        return Long.getLong("gradc.maxDerivativeCode", DEFAULT_WRITTEN_LIMIT);
    }

    /**
     * The derivative graph g when written out it stays within {@link #writtenLimit()}; else throws {@link
     * TooLarge} at the outermost region (loop or if) that holds most of it.
     */
    static Graph written(Graph g) {
        if (INTERPRETED.get()) {
            return g;
        }
        long limit = writtenLimit();
        Set<Region> shared = SharedRegions.of(g);
        Map<Graph, Long> sizes = new IdentityHashMap<>();
        if (writtenSize(g, shared, sizes) <= limit) {
            return g;
        }
        Node largest = null;
        long most = -1;
        for (Node n : g.nodes()) {
            if (n.op() instanceof Region r) {
                long size = r.graphs().stream().mapToLong(inner -> writtenSize(inner, shared, sizes)).sum();
                if (size > most) {
                    most = size;
                    largest = n;
                }
            }
        }
        throw new TooLarge(largest == null ? Span.NONE : largest.span(),
                DerivativeMessages.derivativeCodeTooLarge("", limit));
    }

    /** The nodes of g as generated code writes them out ({@link #writtenSize(Graph, Set, Map)}). */
    public static long writtenSize(Graph g) {
        return writtenSize(g, SharedRegions.of(g), new IdentityHashMap<>());
    }

    /**
     * The nodes of g as generated code writes them out: a region used at one place counted there, one used at
     * several ({@code shared}, see {@link SharedRegions}) counted once, as the method it is written as. Each
     * distinct graph is measured once (in {@code sizes}); iterative, as nesting depth is the program's.
     * Saturates at {@link Long#MAX_VALUE}.
     */
    static long writtenSize(Graph g, Set<Region> shared, Map<Graph, Long> sizes) {
        long total = inPlace(g, shared, sizes);
        for (Region r : shared) {
            for (Graph inner : r.graphs()) {
                total = plus(total, inPlace(inner, shared, sizes));
            }
        }
        return total;
    }

    /** The nodes of g with the graphs of every region it uses at one place, written inside it; shared ones are calls. */
    private static long inPlace(Graph g, Set<Region> shared, Map<Graph, Long> sizes) {
        Deque<Graph> work = new ArrayDeque<>(List.of(g));
        while (!work.isEmpty()) {
            Graph next = work.peek();
            if (sizes.containsKey(next)) {
                work.pop();
                continue;
            }
            boolean ready = true;
            long total = next.size();
            for (Node n : next.nodes()) {
                if (n.op() instanceof Region r && !shared.contains(r)) {
                    for (Graph inner : r.graphs()) {
                        Long known = sizes.get(inner);
                        if (known == null) {
                            ready = false;
                            work.push(inner);
                        } else {
                            total = plus(total, known);
                        }
                    }
                }
            }
            if (ready) {
                sizes.put(next, total);
                work.pop();
            }
        }
        return sizes.get(g);
    }

    private static long plus(long a, long b) {
        return a + b < a ? Long.MAX_VALUE : a + b;
    }

    /** Whether the derivatives built on this thread now are interpreted, never written out ({@link #interpreted}). */
    private static final ThreadLocal<Boolean> INTERPRETED = ThreadLocal.withInitial(() -> false);

    /**
     * Builds derivatives ({@code build}: calls of {@link Derivatives}) for the interpreter, which runs each region
     * graph where it is, shared, and writes nothing out: only the limit on the nodes built applies to them, not
     * the one on their written-out size.
     */
    public static <T> T interpreted(Supplier<T> build) {
        boolean saved = INTERPRETED.get();
        INTERPRETED.set(true);
        try {
            return build.get();
        } finally {
            INTERPRETED.set(saved);
        }
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
        private final String unpositioned;

        TooLarge(Span at, long limit) {
            this(at, DerivativeMessages.derivativeTooLarge("", limit));
        }

        /**
         * {@code unpositioned}: the message without the position, which the exception's message starts with. Also
         * what the emitter throws for a module whose code is past its limit, as the callers report it the same way.
         */
        public TooLarge(Span at, String unpositioned) {
            super(where(at) + unpositioned);
            this.at = at;
            this.unpositioned = unpositioned;
        }

        public Span at() {
            return at;
        }

        /** The message without its position, for a diagnostic printed with the source line. */
        public String unpositioned() {
            return unpositioned;
        }

        static String where(Span at) {
            return at == null || !at.isKnown() ? "" : at.file() + ":" + at.line() + ":" + at.column() + ": ";
        }
    }
}
