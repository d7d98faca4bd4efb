package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.While;
import dev.gradc.runtime.IterationLimitException;
import java.util.List;

/**
 * The iteration limit of a counted loop ({@link While.Counted}: {@code j < n} with {@code j = j + 1}, or
 * {@code j > n} with {@code j = j - 1}, {@code n} invariant) checked where the loop stops instead of on every
 * trip. The loop's trip count is known when it starts, so the loop runs to an end of its own, the bound or the
 * counter after {@code limit} trips, whichever comes first; after it, the loop's condition still holding means
 * trip {@code limit + 1} was due, and that throws, as the per-trip count would have at that trip's start:
 * <pre>
 * int jEnd = (long) n - j &gt; limit ? (int) (j + limit) : n;
 * while (j &lt; jEnd) { ... }
 * if (j &lt; n) { throw new IterationLimitException(...); }
 * </pre>
 * The same trips run, in the same order, and the same exception ends them: only the counter the loop carried
 * for the limit, a long added to and compared on every trip, is gone, and the loop's test is a plain
 * {@code j < jEnd} that HotSpot compiles as a counted loop. {@code (long) n - j} cannot overflow; when it is
 * at most the limit the end is the bound, and otherwise {@code j + limit} is below the bound, an int.
 *
 * <p>Loops whose trips the checkpointing report counts ({@link CheckpointCode#count}) keep the per-trip counter.
 */
final class CountedLimit {

    private final GraphCode gc;
    private final While w;
    private final Expr test;
    private final String counter;
    private final Expr bound;
    private final int step;
    /** The bound when it is an int literal, else null. */
    private final Integer literal;

    private CountedLimit(GraphCode gc, While w, Expr test, String counter, Expr bound, int step, Integer literal) {
        this.gc = gc;
        this.w = w;
        this.test = test;
        this.counter = counter;
        this.bound = bound;
        this.step = step;
        this.literal = literal;
    }

    /**
     * The counted form of loop w, whose condition {@code cond} emitted no statements and gave {@code test}; null
     * when the loop is not counted or its trips are reported.
     */
    static CountedLimit of(GraphCode gc, While w, GraphCode cond, Expr test, List<String> vars) {
        While.Counted c = While.Counted.of(w.condition(), w.body(), w.carried());
        if (c == null || dev.gradc.passes.CheckpointReport.counted(w) >= 0) {
            return null;
        }
        Graph g = w.condition();
        Node compare = g.node(g.result(0));
        return new CountedLimit(gc, w, test, vars.get(c.counter()), cond.value(compare.input(1)), c.step(),
                c.literalBound() ? c.toValue() : null);
    }

    /** Declares the loop's end and opens the loop. */
    void open() {
        String limit = gc.m.limit();
        String end = gc.m.names.newName(counter + "End");
        CodeBlock to = bound.in(Expr.UNARY);
        if (step == 1) {
            // the bound as a long: a literal one written so, anything else cast
            CodeBlock wide = literal != null ? CodeBlock.of("$LL", literal)
                    : CodeBlock.of("(long) $L", to);
            gc.m.code.addStatement("int $L = $L - $L > $L ? (int) ($L + $L) : $L", end, wide, counter, limit,
                    counter, limit, bound.in(Expr.OR));
            gc.m.code.beginControlFlow("while ($L < $L)", counter, end);
        } else if (literal != null && literal == 0) {
            // the adjoint loops' form, counting a trip count down to 0: the trips are the counter
            gc.m.code.addStatement("int $L = $L > $L ? (int) ($L - $L) : 0", end, counter, limit, counter, limit);
            gc.m.code.beginControlFlow("while ($L > $L)", counter, end);
        } else {
            gc.m.code.addStatement("int $L = (long) $L - $L > $L ? (int) ($L - $L) : $L", end, counter, to, limit,
                    counter, limit, bound.in(Expr.OR));
            gc.m.code.beginControlFlow("while ($L > $L)", counter, end);
        }
    }

    /** After the loop: its condition still holding means the trip past the limit was due. */
    void close() {
        String limit = gc.m.limit();
        gc.m.code.beginControlFlow("if ($L)", test.block());
        gc.m.code.addStatement("throw new $T($S, $L)", IterationLimitException.class, w.where(), limit);
        gc.m.code.endControlFlow();
    }
}
