package dev.gradc.runtime.checkpoint;

/**
 * What a schedule costs, counted by running it without a loop: {@link Schedule#count()}.
 *
 * @param advances evaluations of the loop body that only move the state on, the first sweep included
 * @param reversals trips reversed (the trip count)
 * @param snapshots snapshots taken
 * @param peakSnapshots the most snapshots held at once
 */
public record Counts(long advances, long reversals, long snapshots, long peakSnapshots) {
}
