package softmax;

import dev.gradc.spark.Lbfgs;
import dev.gradc.spark.ProgressListener;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Softmax regression with L2 on synthetic rows made on the executors, fitted twice in one run — by gradc's
 * generated gradient with Breeze's L-BFGS, and by Spark ML's LogisticRegression — then compared: the
 * coefficients, and the time per L-BFGS iteration of each, measured by one Spark listener. A small network
 * is fitted the same way last. Arguments {@code name=value}: rows (1000000), partitions (2 per core),
 * batch (4096 rows), lambda (0.001), mlpIterations (40). The master is spark-submit's, else local[*].
 */
public final class SoftmaxVsSparkMl {

    private static final double TOLERANCE = 1e-12;
    private static final int MAX_ITERATIONS = 300;
    private static final String GRADC_JOBS = "treeAggregate at SparkEvaluator";

    private SoftmaxVsSparkMl() {
    }

    public static void main(String[] args) {
        Map<String, String> opts = options(args);
        SparkSession spark = SparkSession.builder().appName("gradc softmax regression vs Spark ML")
                .master(System.getProperty("spark.master", "local[*]")).getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        JobTimer timer = new JobTimer();
        spark.sparkContext().addSparkListener(timer);
        long n = Long.parseLong(opts.getOrDefault("rows", "1000000"));
        int partitions = Integer.parseInt(opts.getOrDefault("partitions",
                String.valueOf(2 * spark.sparkContext().defaultParallelism())));
        int batch = Integer.parseInt(opts.getOrDefault("batch", "4096"));
        double lambda = Double.parseDouble(opts.getOrDefault("lambda", "0.001"));
        System.out.printf(Locale.ROOT, "softmax regression, %d rows x %d features, %d classes, L2 lambda = %s%n",
                n, SyntheticRows.D, SyntheticRows.K, lambda);
        System.out.printf(Locale.ROOT, "master %s (%d cores), %d partitions, batches of %d rows%n",
                spark.sparkContext().master(), spark.sparkContext().defaultParallelism(), partitions, batch);
        long t0 = System.nanoTime();
        Dataset<Row> rows = SyntheticRows.generate(spark, n, partitions, 42).cache();
        rows.count();
        System.out.printf(Locale.ROOT, "rows made and cached on the executors in %.1f s%n%n", seconds(t0));
        Lbfgs.Result softmax = softmaxBothWays(spark, timer, rows, batch, lambda);
        network(spark, timer, rows, batch, lambda, Integer.parseInt(opts.getOrDefault("mlpIterations", "40")),
                softmax.loss());
        spark.stop();
    }

    /** Softmax regression by gradc and by Spark ML, then the table and the comparison of coefficients. */
    private static Lbfgs.Result softmaxBothWays(SparkSession spark, JobTimer timer, Dataset<Row> rows, int batch,
            double lambda) {
        System.out.println("gradc: generated Softmax.lossGrad, SparkEvaluator, Breeze L-BFGS");
        double[][] zero = {new double[SyntheticRows.D * SyntheticRows.K], new double[SyntheticRows.K]};
        Lbfgs.Result gradc = Fits.gradc(rows, Fits.softmax(lambda), zero, batch, MAX_ITERATIONS, TOLERANCE,
                ProgressListener.printingTo(System.out));
        System.out.println("\nSpark ML: LogisticRegression (multinomial, regParam = lambda, elasticNetParam = 0, "
                + "standardization = false)");
        LogisticRegressionModel ml = Fits.sparkMl(rows, lambda, MAX_ITERATIONS, TOLERANCE);
        drain(spark);
        Timing g = Timing.of(timer.jobs(GRADC_JOBS), gradc.iterations());
        Timing s = Timing.of(timer.jobs("treeAggregate at RDDLossFunction"), ml.summary().totalIterations());
        double[] history = ml.summary().objectiveHistory();
        printTable(gradc, g, history[history.length - 1], s);
        compare(gradc.params(), Fits.asParams(ml));
        return gradc;
    }

    /** The network fitted the same way; its evaluations are the gradc jobs after softmax regression's. */
    private static void network(SparkSession spark, JobTimer timer, Dataset<Row> rows, int batch, double lambda,
            int iterations, double softmaxLoss) {
        int before = timer.jobs(GRADC_JOBS).size();
        System.out.printf(Locale.ROOT, "%nthe network 20 -> 32 tanh -> 5 (generated Mlp.lossGrad), %d L-BFGS "
                + "iterations on the same rows%n", iterations);
        Lbfgs.Result mlp = Fits.gradc(rows, Fits.mlp(lambda), Fits.mlpStart(7), batch, iterations, TOLERANCE,
                ProgressListener.printingTo(System.out));
        drain(spark);
        List<JobTimer.Job> all = timer.jobs(GRADC_JOBS);
        Timing m = Timing.of(all.subList(before, all.size()), mlp.iterations());
        System.out.printf(Locale.ROOT, "network: loss %.9f after %d iterations (softmax regression: %.9f), "
                + "%.3f s per iteration, %.0f ms per evaluation (median)%n", mlp.loss(), mlp.iterations(),
                softmaxLoss, m.secondsPerIteration(), m.medianMillis());
    }

    private static void printTable(Lbfgs.Result gradc, Timing g, double sparkLoss, Timing s) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-34s %14s %14s%n", "", "gradc", "Spark ML");
        System.out.printf(Locale.ROOT, "%-34s %14d %14d%n", "L-BFGS iterations", g.iterations(), s.iterations());
        System.out.printf(Locale.ROOT, "%-34s %14d %14d%n", "loss evaluations (Spark jobs)", g.evaluations(),
                s.evaluations());
        System.out.printf(Locale.ROOT, "%-34s %14.0f %14.0f%n", "median evaluation (ms)", g.medianMillis(),
                s.medianMillis());
        System.out.printf(Locale.ROOT, "%-34s %14.3f %14.3f%n", "time per iteration (s)", g.secondsPerIteration(),
                s.secondsPerIteration());
        System.out.printf(Locale.ROOT, "%-34s %14.10f %14.10f%n", "final loss", gradc.loss(), sparkLoss);
        System.out.printf(Locale.ROOT, "gradc / Spark ML: %.2fx per iteration, %.2fx per evaluation%n",
                g.secondsPerIteration() / s.secondsPerIteration(), g.medianMillis() / s.medianMillis());
    }

    private static void compare(double[][] gradc, double[][] ml) {
        double dw = Fits.maxDifference(gradc[0], ml[0]);
        double db = Fits.maxDifference(Fits.centred(gradc[1]), Fits.centred(ml[1]));
        System.out.printf(Locale.ROOT, "coefficients: max |W gradc - W Spark ML| = %.2e, centred intercepts "
                + "%.2e: %s%n", dw, db, Math.max(dw, db) <= 1e-6 ? "agree to 1e-6" : "DIFFER by more than 1e-6");
    }

    /** Waits until the listener has heard of every job so far (Spark tells listeners asynchronously). */
    private static void drain(SparkSession spark) {
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not empty", e);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are name=value, not '" + a + "'");
            }
            out.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return out;
    }
}
