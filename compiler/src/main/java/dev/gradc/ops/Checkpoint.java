package dev.gradc.ops;

/**
 * How the adjoint of a loop keeps its state when it is checkpointed: at most {@code snapshots} copies of the
 * carried state at once, the rest recomputed from them (see docs/design.md). On a loop the program wrote,
 * {@code note} is null: it asks for checkpointing ({@code @checkpoint(64)}). On the loops the gradient pass
 * builds for it, {@code note} says which part of the schedule the loop is, for pictures and generated code;
 * {@code snapshots} is {@link #AUTOMATIC} on those built for a loop checkpointed within the kept-values budget.
 */
public record Checkpoint(int snapshots, String note) {

    /** The snapshots of a loop checkpointed automatically: as many as the kept-values budget allows. */
    public static final int AUTOMATIC = 0;

    /** How the notes of a write journal's loops start: its trips are as many as half the kept-values budget holds. */
    public static final String JOURNAL = "write journal within half the kept-values budget";

    /** The note of a write journal's forward loop. */
    public static final String JOURNAL_FORWARD = JOURNAL + ": keeps the entries its writes overwrite";

    public Checkpoint {
        if (snapshots < (note == null ? 1 : AUTOMATIC)) {
            throw new IllegalArgumentException("snapshots must be >= 1, got " + snapshots);
        }
    }

    /** A request for checkpointing with at most this many snapshots. */
    public static Checkpoint requested(int snapshots) {
        return new Checkpoint(snapshots, null);
    }

    /**
     * Whether this loop is a segment of a checkpointed loop's schedule: it runs on to, or recomputes up to, the
     * next snapshot, its carried arrays in buffers its sweep reuses from segment to segment.
     */
    public boolean segment() {
        return note != null && (note.endsWith("runs on to the next snapshot")
                || note.endsWith("recomputes up to the next snapshot"));
    }

    /**
     * Whether this loop is a write journal's forward loop: it stops after as many trips as half the kept-values
     * budget holds of what a trip may keep, the writes of every branch of its body counted on every trip.
     */
    public boolean journalForward() {
        return JOURNAL_FORWARD.equals(note);
    }

    /** Whether this loop was built for a loop checkpointed within the kept-values budget, not by request. */
    public boolean automatic() {
        return snapshots == AUTOMATIC;
    }
}
