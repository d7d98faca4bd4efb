package dev.gradc.runtime.parallel;

import java.io.Serializable;

/**
 * A running weighted sum of batch losses and gradients, added in the order the caller adds them (so the
 * same order gives the same bits). Empty until the first batch: an empty partition's sum has no rows.
 */
public final class GradientSum implements Serializable {

    private static final long serialVersionUID = 1L;

    private long rows;
    private long batches;
    private double value;
    private double[][] gradient;

    /** Adds the result {@code g} of a batch of {@code batchRows} rows, weighted as {@code reduction} says. */
    public void add(int batchRows, ValueAndGradient g, Reduction reduction) {
        double w = reduction.weight(batchRows);
        double[][] parts = g.gradient();
        if (gradient == null) {
            gradient = new double[parts.length][];
            for (int i = 0; i < parts.length; i++) {
                gradient[i] = new double[parts[i].length];
            }
        }
        checkShape(parts);
        value += w * g.value();
        for (int i = 0; i < parts.length; i++) {
            double[] acc = gradient[i];
            double[] part = parts[i];
            for (int j = 0; j < acc.length; j++) {
                acc[j] += w * part[j];
            }
        }
        rows += batchRows;
        batches++;
    }

    /** Adds {@code other} into this sum (this first, then other) and returns this. */
    public GradientSum plus(GradientSum other) {
        if (other.gradient == null) {
            return this;
        }
        if (gradient == null) {
            gradient = new double[other.gradient.length][];
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] = new double[other.gradient[i].length];
            }
        }
        checkShape(other.gradient);
        value += other.value;
        for (int i = 0; i < gradient.length; i++) {
            double[] acc = gradient[i];
            double[] part = other.gradient[i];
            for (int j = 0; j < acc.length; j++) {
                acc[j] += part[j];
            }
        }
        rows += other.rows;
        batches += other.batches;
        return this;
    }

    private void checkShape(double[][] parts) {
        if (parts.length != gradient.length) {
            throw new IllegalStateException("a batch gradient has " + parts.length + " parts, an earlier one "
                    + gradient.length);
        }
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].length != gradient[i].length) {
                throw new IllegalStateException("part " + i + " of a batch gradient has " + parts[i].length
                        + " entries, of an earlier one " + gradient[i].length);
            }
        }
    }

    /** The rows added so far. */
    public long rows() {
        return rows;
    }

    /** The batches added so far. */
    public long batches() {
        return batches;
    }

    /** The weighted sum of the batch losses (not yet divided by the rows for a mean). */
    public double weightedValue() {
        return value;
    }

    /** The weighted sums of the gradients, or null when nothing was added. Not a copy. */
    public double[][] weightedGradient() {
        return gradient;
    }

    /** The loss and gradient over every row added, as one call on all of them would give. */
    public ValueAndGradient finish(Reduction reduction) {
        if (gradient == null) {
            throw new IllegalStateException("there are no rows to evaluate the loss on");
        }
        double[][] out = new double[gradient.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new double[gradient[i].length];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = reduction.finish(gradient[i][j], rows);
            }
        }
        return new ValueAndGradient(reduction.finish(value, rows), out);
    }
}
