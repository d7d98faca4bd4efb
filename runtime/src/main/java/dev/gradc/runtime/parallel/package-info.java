/**
 * Data-parallel evaluation of a loss that is a sum (or mean) over rows: rows are packed into flat
 * row-major batches once, a generated {@code ...Grad} method runs once per batch, and the per-batch values
 * and gradients are summed in an order fixed by the data alone. {@link dev.gradc.runtime.parallel.Evaluator}
 * is the shape every evaluator has; {@link dev.gradc.runtime.parallel.ForkJoinEvaluator} runs on the cores
 * of one machine, and the {@code gradc-spark} module's evaluator, with the same builder, on a Spark cluster.
 */
package dev.gradc.runtime.parallel;
