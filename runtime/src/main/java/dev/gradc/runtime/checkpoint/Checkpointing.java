package dev.gradc.runtime.checkpoint;

import java.util.ArrayDeque;

/** Runs a {@link Schedule} on a loop written by hand: the first sweep, then the checkpointed reversal. */
public final class Checkpointing {

    private Checkpointing() {
    }

    /**
     * A loop as a schedule drives it.
     *
     * @param <S> the loop's carried state
     */
    public interface Loop<S> {

        /** A copy of the state that later trips cannot change (a snapshot). */
        S copy(S state);

        /** The state after one trip from {@code state} (which the call may reuse for it). */
        S step(S state);

        /**
         * Reverses one trip: {@code before} is the state at its start, {@code after} the state it gave; the
         * adjoint of {@code after} is in the loop's own keeping and becomes that of {@code before}.
         */
        void reverse(long trip, S before, S after);
    }

    /** Runs the whole schedule from {@code initial}; gives the loop's final state (its value). */
    public static <S> S run(Schedule schedule, Loop<S> loop, S initial) {
        ArrayDeque<S> kept = new ArrayDeque<>();
        S current = initial;
        S after = null;
        S last = null;
        while (schedule.hasNext()) {
            Action a = schedule.next();
            switch (a.kind()) {
                case ADVANCE -> {
                    for (long i = 0; i < a.steps(); i++) {
                        current = loop.step(current);
                    }
                }
                case SNAPSHOT -> kept.push(loop.copy(current));
                case DISCARD -> kept.pop();
                case RESTORE -> {
                    if (last == null) {
                        last = current;
                        after = current;
                    }
                    current = kept.pop();
                }
                case REVERSE -> {
                    loop.reverse(a.position(), current, after);
                    after = current;
                    current = null;
                }
                default -> throw new IllegalStateException(a.toString());
            }
        }
        return last == null ? current : last;
    }
}
