package dev.gradc.spark;

import dev.gradc.runtime.parallel.GradientSum;
import dev.gradc.runtime.parallel.Reduction;
import dev.gradc.runtime.parallel.ValueAndGradient;
import java.io.Serializable;
import java.math.BigDecimal;

/**
 * The per-partition sums of a loss and its gradient, added exactly. Spark combines partial results in the
 * order its tasks finish (treeAggregate's shuffles and its final fold on the driver alike), and floating-point
 * addition depends on that order; exact addition does not, so the rounded total has the same bits however
 * the tasks were scheduled. Each partition's own batches are summed in their order in the partition, in
 * doubles; only the few partition sums are added exactly. NaN and infinities, which have no exact value,
 * are added in doubles beside the exact part (their sum does not depend on the order either).
 */
final class ExactSum implements Serializable {

    private static final long serialVersionUID = 1L;

    private long rows;
    private BigDecimal value = BigDecimal.ZERO;
    private double valueNonFinite;
    private BigDecimal[][] gradient;
    private double[][] gradientNonFinite;

    /** The exact form of one partition's sum (of no rows when the partition was empty). */
    static ExactSum of(GradientSum partition) {
        ExactSum s = new ExactSum();
        s.rows = partition.rows();
        double[][] g = partition.weightedGradient();
        if (g == null) {
            return s;
        }
        s.value = exact(partition.weightedValue());
        s.valueNonFinite = nonFinite(partition.weightedValue());
        s.gradient = new BigDecimal[g.length][];
        s.gradientNonFinite = new double[g.length][];
        for (int i = 0; i < g.length; i++) {
            s.gradient[i] = new BigDecimal[g[i].length];
            s.gradientNonFinite[i] = new double[g[i].length];
            for (int j = 0; j < g[i].length; j++) {
                s.gradient[i][j] = exact(g[i][j]);
                s.gradientNonFinite[i][j] = nonFinite(g[i][j]);
            }
        }
        return s;
    }

    private static BigDecimal exact(double x) {
        return Double.isFinite(x) ? new BigDecimal(x) : BigDecimal.ZERO;
    }

    private static double nonFinite(double x) {
        return Double.isFinite(x) ? 0 : x;
    }

    /** Adds {@code other} into this sum and returns this; the result does not depend on the order of adds. */
    ExactSum plus(ExactSum other) {
        if (other.gradient == null) {
            return this;
        }
        if (gradient == null) {
            gradient = other.gradient.clone();
            gradientNonFinite = other.gradientNonFinite.clone();
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] = other.gradient[i].clone();
                gradientNonFinite[i] = other.gradientNonFinite[i].clone();
            }
        } else {
            if (other.gradient.length != gradient.length) {
                throw new IllegalStateException("partition gradients with " + gradient.length + " and "
                        + other.gradient.length + " parts");
            }
            for (int i = 0; i < gradient.length; i++) {
                for (int j = 0; j < gradient[i].length; j++) {
                    gradient[i][j] = gradient[i][j].add(other.gradient[i][j]);
                    gradientNonFinite[i][j] += other.gradientNonFinite[i][j];
                }
            }
        }
        value = value.add(other.value);
        valueNonFinite += other.valueNonFinite;
        rows += other.rows;
        return this;
    }

    /** The rows summed. */
    long rows() {
        return rows;
    }

    /** The loss and gradient over all rows summed, each entry rounded once. */
    ValueAndGradient finish(Reduction reduction) {
        if (gradient == null) {
            throw new IllegalStateException("there are no rows to evaluate the loss on");
        }
        double[][] out = new double[gradient.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new double[gradient[i].length];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = reduction.finish(round(gradient[i][j], gradientNonFinite[i][j]), rows);
            }
        }
        return new ValueAndGradient(reduction.finish(round(value, valueNonFinite), rows), out);
    }

    private static double round(BigDecimal exact, double nonFinite) {
        return nonFinite != 0 ? nonFinite : exact.doubleValue();
    }
}
