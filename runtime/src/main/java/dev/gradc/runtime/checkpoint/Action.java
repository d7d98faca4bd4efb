package dev.gradc.runtime.checkpoint;

/**
 * One step of a checkpointing schedule, applied to the current state of the loop being reversed.
 *
 * @param kind what to do
 * @param position the trip whose start the current state is, when the action applies (for {@code REVERSE},
 *     the trip being reversed; for {@code RESTORE}, the trip of the snapshot restored)
 * @param steps for {@code ADVANCE}, how many trips to run; else 0
 */
public record Action(Kind kind, long position, long steps) {

    /** The kinds of action, as in Revolve. */
    public enum Kind {
        /** Run the loop body {@code steps} times from the current state, keeping nothing. */
        ADVANCE,
        /** Keep a copy of the current state on top of the snapshots. */
        SNAPSHOT,
        /** Make the top snapshot the current state and remove it from the snapshots. */
        RESTORE,
        /** Remove the top snapshot without using it. */
        DISCARD,
        /**
         * Reverse one trip: the current state is the state at its start; the state after it (the start of the
         * trip reversed before, or the loop's final state) and its adjoint give the adjoint at its start.
         */
        REVERSE
    }
}
