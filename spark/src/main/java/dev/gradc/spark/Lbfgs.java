package dev.gradc.spark;

import breeze.linalg.DenseVector;
import breeze.linalg.DenseVector$;
import breeze.optimize.FirstOrderMinimizer;
import breeze.optimize.LBFGS;
import dev.gradc.runtime.parallel.Evaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Breeze's L-BFGS (the optimiser Spark ML's own models use) minimising a gradc loss through any
 * {@link Evaluator}: on a Spark cluster with {@link SparkEvaluator}, on one machine with the runtime's
 * ForkJoin evaluator. Each iteration is reported to a {@link ProgressListener}.
 */
public final class Lbfgs {

    private int maxIterations = 100;
    private int memory = 10;
    private double tolerance = 1e-9;
    private ProgressListener listener = ProgressListener.printingTo(System.out);

    /**
     * What a minimisation ended with.
     *
     * @param params the parameters found, one array per parameter
     * @param loss the loss there
     * @param iterations the iterations made
     * @param evaluations the evaluations of the loss (each a Spark job on a cluster)
     * @param stopped why it stopped, in Breeze's words
     * @param history one entry per iteration, the starting point first
     */
    public record Result(double[][] params, double loss, int iterations, long evaluations, String stopped,
            List<Progress> history) {
    }

    /** At most this many iterations (100 by default). */
    public Lbfgs maxIterations(int iterations) {
        this.maxIterations = iterations;
        return this;
    }

    /** The number of past steps kept for the curvature estimate (10 by default, as in Spark ML). */
    public Lbfgs memory(int steps) {
        this.memory = steps;
        return this;
    }

    /** Stops when the relative improvement of the loss falls below this (1e-9 by default). */
    public Lbfgs tolerance(double relative) {
        this.tolerance = relative;
        return this;
    }

    /** Who hears of each iteration (a printed line on standard output by default). */
    public Lbfgs listener(ProgressListener progressListener) {
        this.listener = Objects.requireNonNull(progressListener, "listener");
        return this;
    }

    /** Minimises the loss of {@code evaluator} from {@code start} (left unchanged). */
    public Result minimize(Evaluator evaluator, double[][] start) {
        ParameterShapes shapes = ParameterShapes.of(start);
        BreezeObjective objective = new BreezeObjective(evaluator, shapes);
        LBFGS<DenseVector<Object>> lbfgs = new LBFGS<>(maxIterations, memory, tolerance,
                DenseVector$.MODULE$.space_Double());
        scala.collection.Iterator<FirstOrderMinimizer.State<DenseVector<Object>, Object, Object>> states =
                lbfgs.iterations(objective.function(), BreezeObjective.vector(shapes.flatten(start)));
        List<Progress> history = new ArrayList<>();
        FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> state = null;
        long last = System.nanoTime();
        while (states.hasNext()) {
            state = states.next();
            long now = System.nanoTime();
            Progress p = new Progress(state.iter(), state.value(), norm(BreezeObjective.values(state.grad())),
                    (now - last) / 1e9, objective.evaluations());
            history.add(p);
            listener.onIteration(p);
            last = System.nanoTime();
        }
        if (state == null) {
            throw new IllegalStateException("L-BFGS made no iteration");
        }
        String stopped = state.convergenceReason().isDefined() ? state.convergenceReason().get().reason()
                : "iteration limit";
        return new Result(shapes.split(BreezeObjective.values(state.x())), state.value(), state.iter(),
                objective.evaluations(), stopped, List.copyOf(history));
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
