package dev.gradc.runtime.parallel;

import java.util.Random;

/**
 * A batch loss written by hand in the shape gradc generates ({@code lossGrad(int B, double[] x, double[] y,
 * double[] w, double[] b)} returning the value and one array per parameter): mean or summed logistic loss
 * of rows {@code x} (width D) with labels {@code y} in {0, 1}, plus {@code penalty·|w|²/2} for the mean form.
 */
final class LogisticBatch {

    static final int D = 3;

    private LogisticBatch() {
    }

    static ValueAndGradient lossGrad(int rows, double[] x, double[] y, double[] w, double[] b, boolean mean,
            double penalty) {
        double value = 0;
        double[] gw = new double[D];
        double[] gb = new double[1];
        for (int r = 0; r < rows; r++) {
            double z = b[0];
            for (int j = 0; j < D; j++) {
                z += x[r * D + j] * w[j];
            }
            double p = 1 / (1 + Math.exp(-z));
            value += Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y[r] * z;
            double dz = p - y[r];
            for (int j = 0; j < D; j++) {
                gw[j] += dz * x[r * D + j];
            }
            gb[0] += dz;
        }
        if (mean) {
            value /= rows;
            for (int j = 0; j < D; j++) {
                gw[j] = gw[j] / rows + penalty * w[j];
                value += 0.5 * penalty * w[j] * w[j];
            }
            gb[0] /= rows;
        }
        return ValueAndGradient.of(value, gw, gb);
    }

    /** The gradient as a lambda over the method, as a user writes it for a generated one. */
    static BatchGradient gradient(boolean mean, double penalty) {
        return (rows, data, p) -> lossGrad(rows, data[0], data[1], p[0], p[1], mean, penalty);
    }

    /** {@code n} rows of D features then a label, from {@code seed}. */
    static java.util.List<double[]> rows(int n, long seed) {
        Random random = new Random(seed);
        java.util.List<double[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[D + 1];
            for (int j = 0; j < D; j++) {
                row[j] = random.nextGaussian();
            }
            row[D] = random.nextDouble() < 1 / (1 + Math.exp(-(row[0] - 2 * row[1]))) ? 1 : 0;
            out.add(row);
        }
        return out;
    }

    /** The loss on all rows in one call: the single-call truth the evaluators must reproduce. */
    static ValueAndGradient allAtOnce(java.util.List<double[]> rows, double[][] params, boolean mean,
            double penalty) {
        Batch all = Batch.pack(rows.iterator(), RowPacker.flat(), RowLayout.of(D, 1), rows.size()).get(0);
        return lossGrad(all.rows(), all.data()[0], all.data()[1], params[0], params[1], mean, penalty);
    }

    /** The largest difference of value or any gradient entry, relative to the largest magnitude of truth. */
    static double relativeError(ValueAndGradient got, ValueAndGradient truth) {
        double diff = Math.abs(got.value() - truth.value());
        double scale = Math.abs(truth.value());
        for (int i = 0; i < truth.gradient().length; i++) {
            for (int j = 0; j < truth.gradient()[i].length; j++) {
                diff = Math.max(diff, Math.abs(got.gradient()[i][j] - truth.gradient()[i][j]));
                scale = Math.max(scale, Math.abs(truth.gradient()[i][j]));
            }
        }
        return diff / scale;
    }
}
