package dev.gradc.spark;

import dev.gradc.runtime.parallel.Batch;
import dev.gradc.runtime.parallel.BatchGradient;
import dev.gradc.runtime.parallel.RowLayout;
import dev.gradc.runtime.parallel.RowPacker;
import dev.gradc.runtime.parallel.ValueAndGradient;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A batch loss written by hand in the shape gradc generates: logistic loss of rows {@code x} (width D)
 * with labels {@code y} in {0, 1}, the mean (plus {@code penalty·|w|²/2}) or the sum over the batch.
 */
final class Logistic {

    static final int D = 3;
    static final RowLayout LAYOUT = RowLayout.of(D, 1);

    private Logistic() {
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
            value += Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y[r] * z;
            double dz = 1 / (1 + Math.exp(-z)) - y[r];
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

    static BatchGradient gradient(boolean mean, double penalty) {
        return (rows, data, p) -> lossGrad(rows, data[0], data[1], p[0], p[1], mean, penalty);
    }

    /** {@code n} rows of D features then a label in {0, 1}. */
    static List<double[]> rows(int n, long seed) {
        Random random = new Random(seed);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[D + 1];
            for (int j = 0; j < D; j++) {
                row[j] = random.nextGaussian();
            }
            row[D] = random.nextDouble() < 1 / (1 + Math.exp(-(row[0] - 2 * row[1] + 0.5))) ? 1 : 0;
            out.add(row);
        }
        return out;
    }

    /** The loss on all rows in one call: the single-JVM truth a distributed sum must reproduce. */
    static ValueAndGradient allAtOnce(List<double[]> rows, double[][] params, boolean mean, double penalty) {
        Batch all = Batch.pack(rows.iterator(), RowPacker.flat(), LAYOUT, rows.size()).get(0);
        return lossGrad(all.rows(), all.data()[0], all.data()[1], params[0], params[1], mean, penalty);
    }

    /** The largest difference of the value or a gradient entry, relative to the largest magnitude of truth. */
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
