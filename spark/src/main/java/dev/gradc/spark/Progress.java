package dev.gradc.spark;

/**
 * Where an optimiser is after one iteration.
 *
 * @param iteration the iteration, 0 for the starting point
 * @param loss the loss
 * @param gradientNorm the Euclidean norm of the gradient
 * @param seconds the wall-clock time of this iteration (its line search included)
 * @param evaluations the evaluations of the loss so far
 */
public record Progress(int iteration, double loss, double gradientNorm, double seconds, long evaluations) {
}
