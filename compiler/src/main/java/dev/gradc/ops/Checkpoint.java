package dev.gradc.ops;

/**
 * How the adjoint of a loop keeps its state when it is checkpointed: at most {@code snapshots} copies of the
 * carried state at once, the rest recomputed from them (see docs/design.md). On a loop the program wrote,
 * {@code note} is null: it asks for checkpointing ({@code @checkpoint(64)}). On the loops the gradient pass
 * builds for it, {@code note} says which part of the schedule the loop is, for pictures and generated code.
 */
public record Checkpoint(int snapshots, String note) {

    public Checkpoint {
        if (snapshots < 1) {
            throw new IllegalArgumentException("snapshots must be >= 1, got " + snapshots);
        }
    }

    /** A request for checkpointing with at most this many snapshots. */
    public static Checkpoint requested(int snapshots) {
        return new Checkpoint(snapshots, null);
    }
}
