package dev.gradc.engine;

import dev.gradc.diag.Span;
import dev.gradc.runtime.IterationLimitException;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Ast;
import java.util.List;
import java.util.Map;

/**
 * How {@link TapeEngine} runs a {@code while} or {@code for} loop: each trip recorded on the tape while what the
 * trips keep fits in half the kept-values budget, the rest as one checkpointed tape node ({@link TapeCheckpoint});
 * and, since a checkpointed loop's snapshots hold arrays, which tensors an indexed update may write into in place.
 */
final class TapeLoops {

    private final String file;
    private final long maxIterations;
    private final long maxKeptValues;

    TapeLoops(String file, long maxIterations, long maxKeptValues) {
        this.file = file;
        this.maxIterations = maxIterations;
        this.maxKeptValues = maxKeptValues;
    }

    /**
     * The tensors whose arrays this engine made by an indexed update and that nothing else holds: bound to one
     * name and read since only by element and slice reads (which keep offsets, not values). An update of one is
     * written in place ({@link dev.gradc.runtime.tape.Writes}); any other use of the name gives the tensor away.
     */
    private final java.util.Set<Tensor> owned = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** Open checkpointed loops: their snapshots hold tensors, so nothing is written in place while one runs. */
    private int checkpointing;
    /**
     * What the loops of the current call have kept on the tape: the values of every trip they recorded and the state
     * each checkpointed loop starts from (its first snapshot), all loops together. A loop records a trip only while
     * this and the trip fit in half the budget, so loops nested in loops share the budget: an inner loop's trips,
     * recorded once per outer trip, count against the outer loop's too (each loop counted its own trips only, so an
     * inner loop recorded up to half the budget in every outer trip). While a checkpointed loop's backward records one
     * of its trips again, that trip's loops count from zero on top of it ({@link #base}), as the compiled code's inner
     * loops keep within their own budget while an outer trip is reversed, and what they record is dropped with it.
     */
    private long onTape;
    /** What the levels around the trip being recorded again keep ({@link #onTape}); 0 in the forward pass. */
    private long base;
    /** The most {@link #base} + {@link #onTape} reached in the current call. */
    private long peak;

    /** Starts a call of the engine: nothing is kept on the tape yet. */
    void startCall() {
        onTape = 0;
        base = 0;
        peak = 0;
    }

    /**
     * The most values the loops of the current call kept on the tape at once, as they count them ({@link #onTape}):
     * recorded trips and each checkpointed loop's first snapshot; a checkpointed loop's other snapshots, taken in its
     * backward within what the budget left it, are not counted here.
     */
    long keptOnTape() {
        return peak;
    }

    private void keep(long values) {
        onTape += values;
        peak = Math.max(peak, base + onTape);
    }

    /** Whether an update of {@code t} may write into its array: it is owned and no checkpointed loop is open. */
    boolean owns(Tensor t) {
        return checkpointing == 0 && owned.contains(t);
    }

    /** {@code updated}, made by an update of {@code old}, is now the engine's own (and {@code old} is gone). */
    void own(Tensor old, Tensor updated) {
        owned.remove(old);
        if (checkpointing == 0) {
            owned.add(updated);
        }
    }

    /** {@code t} is given away: another name or op may hold it from now on. */
    void giveAway(Tensor t) {
        owned.remove(t);
    }

    /**
     * The values one trip of a loop keeps for backward: the elements of the carried values that need gradients,
     * assigned or written at entries (an update keeps a new array of the whole value, or, written in place
     * into an array the engine owns, the entries it overwrites: counted as one per subscript); twice that in a
     * second derivative, whose values carry tangents that need gradients too.
     */
    private long keptByTrip(List<Ast.Stmt> body, Map<String, Object> env) {
        long kept = 0;
        for (Ast.Stmt b : body) {
            String name = b instanceof Ast.Assign a ? a.name() : b instanceof Ast.Update u ? u.name() : null;
            if (name != null && env.get(name) instanceof Tensor t && t.needsGrad()) {
                long k = b instanceof Ast.Update u && owned.contains(t) ? u.indices().size() : t.size();
                kept += t.tangent() != null && t.tangent().needsGrad() ? 2 * k : k;
            }
        }
        return kept;
    }

    /**
     * Runs a loop, recording each trip, while what the call's loops keep ({@link #onTape}) fits in half the kept-values
     * budget; a loop with {@code @checkpoint(N)} from its first trip, and any other loop from the trip that would pass
     * half the budget, runs the rest as one checkpointed tape node ({@link TapeCheckpoint}) with N snapshots, or as
     * many as fit in what is left of the budget (at least one).
     */
    void run(TapeCheckpoint.Loop l, Map<String, Object> env, Span span, int requested, List<Ast.Stmt> body) {
        long n = 0;
        long perTrip = 0;
        Runnable tooMany = () -> {
            throw new IterationLimitException(where(span), maxIterations);
        };
        long recorded = 0;
        while (l.more(env)) {
            if (requested > 0 || perTrip > 0 && onTape + perTrip > maxKeptValues / 2) {
                int c = requested > 0 ? requested
                        : dev.gradc.runtime.checkpoint.KeptBudget.snapshots(Math.max(0, maxKeptValues - onTape), perTrip);
                keep(perTrip); // the state the checkpointed rest starts from, its first snapshot
                counted(span, recorded);
                owned.clear();
                TapeCheckpoint.run(unowned(l), env, c, maxIterations - n, tooMany, where(span));
                return;
            }
            if (++n > maxIterations) {
                tooMany.run();
            }
            l.trip(env);
            perTrip = keptByTrip(body, env);
            keep(perTrip);
            recorded += perTrip > 0 ? 1 : 0;
        }
        counted(span, recorded);
    }

    /** Reports the trips of a loop recorded on the tape (its backward reverses them) to the run's counts. */
    private void counted(Span span, long recorded) {
        if (recorded > 0) {
            dev.gradc.runtime.checkpoint.LoopTrips.reversed(where(span), recorded);
        }
    }

    /**
     * {@code l} with every trip run without writing in place: a checkpointed loop's snapshots hold the arrays of
     * its state, and its trips run again from them (unrecorded, and recorded one at a time in the backward pass).
     */
    private TapeCheckpoint.Loop unowned(TapeCheckpoint.Loop l) {
        return new TapeCheckpoint.Loop() {
            @Override
            public boolean more(Map<String, Object> e) {
                return l.more(e);
            }

            @Override
            public void trip(Map<String, Object> e) {
                checkpointing++;
                long saved = onTape;
                long savedBase = base;
                base += onTape; // a trip recorded again in the backward: its loops count on top, from zero
                onTape = 0;
                try {
                    l.trip(e);
                } finally {
                    checkpointing--;
                    onTape = saved;
                    base = savedBase;
                }
            }
        };
    }

    /** A loop's name in its messages and reports, {@code file:line}, as the other engines name it. */
    private String where(Span span) {
        return file + ":" + span.line();
    }
}
