package softmax;

import dev.gradc.runtime.parallel.BatchGradient;
import dev.gradc.runtime.parallel.Reduction;
import dev.gradc.runtime.parallel.ValueAndGradient;
import dev.gradc.spark.Lbfgs;
import dev.gradc.spark.ProgressListener;
import dev.gradc.spark.SparkEvaluator;
import java.util.SplittableRandom;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The fits the example compares: gradc's two models through Breeze's L-BFGS, and Spark ML's own. */
final class Fits {

    private Fits() {
    }

    /** The generated softmax-regression gradient as the evaluators take it: a lambda over the method. */
    static BatchGradient softmax(double lambda) {
        return (rows, data, p) -> {
            Softmax.Loss.Grad g = Softmax.lossGrad(rows, data[0], data[1], p[0], p[1], lambda);
            return ValueAndGradient.of(g.value(), g.W(), g.b());
        };
    }

    /** The generated network gradient. */
    static BatchGradient mlp(double lambda) {
        return (rows, data, p) -> {
            Mlp.Loss.Grad g = Mlp.lossGrad(rows, data[0], data[1], p[0], p[1], p[2], p[3], lambda);
            return ValueAndGradient.of(g.value(), g.W1(), g.b1(), g.W2(), g.b2());
        };
    }

    /** gradc: the rows packed into batches on the executors, then L-BFGS from {@code start}. */
    static Lbfgs.Result gradc(Dataset<Row> rows, BatchGradient gradient, double[][] start, int batchRows,
            int maxIterations, double tolerance, ProgressListener listener) {
        try (SparkEvaluator e = SparkEvaluator.builder(gradient, Reduction.MEAN).batchRows(batchRows)
                .build(rows, SyntheticRows.packer(), SyntheticRows.LAYOUT)) {
            return new Lbfgs().maxIterations(maxIterations).tolerance(tolerance).listener(listener)
                    .minimize(e, start);
        }
    }

    /** Spark ML's multinomial logistic regression minimising the same function as softmax.grad. */
    static LogisticRegressionModel sparkMl(Dataset<Row> rows, double lambda, int maxIterations, double tolerance) {
        return new LogisticRegression().setFamily("multinomial").setRegParam(lambda).setElasticNetParam(0)
                .setStandardization(false).setFitIntercept(true).setMaxIter(maxIterations).setTol(tolerance)
                .fit(rows);
    }

    /** Spark ML's coefficients laid out as softmax.grad's W (features × classes, row-major) and b. */
    static double[][] asParams(LogisticRegressionModel model) {
        Matrix m = model.coefficientMatrix(); // classes × features
        double[] w = new double[SyntheticRows.D * SyntheticRows.K];
        for (int j = 0; j < SyntheticRows.D; j++) {
            for (int k = 0; k < SyntheticRows.K; k++) {
                w[j * SyntheticRows.K + k] = m.apply(k, j);
            }
        }
        return new double[][] {w, model.interceptVector().toArray()};
    }

    /**
     * The intercepts less their mean: softmax is unchanged by adding one number to all of them and they are
     * not penalised, so only their differences are determined (Spark ML reports them centred too).
     */
    static double[] centred(double[] b) {
        double mean = 0;
        for (double x : b) {
            mean += x / b.length;
        }
        double[] out = b.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] -= mean;
        }
        return out;
    }

    /** The largest absolute difference of two arrays. */
    static double maxDifference(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    /** Small random weights for the network (zero weights would keep its hidden units identical). */
    static double[][] mlpStart(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] p = {new double[SyntheticRows.D * 32], new double[32], new double[32 * SyntheticRows.K],
            new double[SyntheticRows.K]};
        for (int i = 0; i < p[0].length; i++) {
            p[0][i] = r.nextGaussian() / Math.sqrt(SyntheticRows.D);
        }
        for (int i = 0; i < p[2].length; i++) {
            p[2][i] = r.nextGaussian() / Math.sqrt(32);
        }
        return p;
    }
}
