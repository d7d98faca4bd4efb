package dev.gradc.spark;

import breeze.linalg.DenseVector;
import breeze.optimize.DiffFunction;
import dev.gradc.runtime.parallel.Evaluator;
import dev.gradc.runtime.parallel.ValueAndGradient;
import java.util.Arrays;

/**
 * A gradc loss as Breeze's {@link DiffFunction} over the flat parameter vector (the parameters one after
 * another), so that Breeze's optimisers — L-BFGS and OWL-QN, which Spark ML uses — minimise it. Each new
 * point is one evaluation by the evaluator (on an RDD, one Spark job); asking again at the last point
 * reuses its result, as Breeze's {@code CachedDiffFunction} would.
 */
public final class BreezeObjective {

    private final Evaluator evaluator;
    private final ParameterShapes shapes;
    private final DiffFunction<DenseVector<Object>> function;
    private long evaluations;
    private double[] lastPoint;
    private ValueAndGradient lastResult;

    /** The loss of {@code evaluator} over parameters shaped as {@code shapes}. */
    @SuppressWarnings("unchecked")
    public BreezeObjective(Evaluator evaluator, ParameterShapes shapes) {
        this.evaluator = evaluator;
        this.shapes = shapes;
        this.function = (DiffFunction<DenseVector<Object>>) (DiffFunction<?>) new BreezeFunction(this::valueAt,
                shapes.total());
    }

    /** The function to hand to a Breeze optimiser. */
    public DiffFunction<DenseVector<Object>> function() {
        return function;
    }

    /** The loss at the flat point {@code x}; its gradient is written into {@code gradient}. */
    public double valueAt(double[] x, double[] gradient) {
        if (lastPoint == null || !Arrays.equals(x, lastPoint)) {
            lastResult = evaluator.evaluate(shapes.split(x));
            lastPoint = x.clone();
            evaluations++;
        }
        double[] flat = shapes.flatten(lastResult.gradient());
        System.arraycopy(flat, 0, gradient, 0, flat.length);
        return lastResult.value();
    }

    /** The number of evaluations so far (points evaluated; a repeat of the last point is not counted). */
    public long evaluations() {
        return evaluations;
    }

    /** The shapes of the parameters. */
    public ParameterShapes shapes() {
        return shapes;
    }

    /** A Breeze vector over a copy of {@code values}. */
    @SuppressWarnings("unchecked")
    static DenseVector<Object> vector(double[] values) {
        return (DenseVector<Object>) (DenseVector<?>) new breeze.linalg.DenseVector$mcD$sp(values.clone());
    }

    /** The entries of a Breeze vector of doubles as a new array. */
    static double[] values(DenseVector<Object> v) {
        double[] out = new double[v.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.apply$mcD$sp(i);
        }
        return out;
    }
}
