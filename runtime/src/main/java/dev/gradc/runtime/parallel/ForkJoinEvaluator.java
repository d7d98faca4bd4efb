package dev.gradc.runtime.parallel;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/**
 * Evaluates a loss over rows held in memory on all cores of one machine: the rows are packed into batches
 * once, and each evaluation calls the generated method once per batch on a {@link ForkJoinPool} (the
 * common pool, all cores, unless another is given). Batch results are added along a binary tree over the
 * batch indices whose shape depends only on the number of batches, so the result has the same bits
 * whatever the pool's size or scheduling. Going to a cluster is a change of one line:
 * {@code SparkEvaluator.builder(...)} with the same settings and an RDD in place of the list.
 */
public final class ForkJoinEvaluator implements Evaluator {

    private final BatchGradient gradient;
    private final Reduction reduction;
    private final boolean checkFinite;
    private final ForkJoinPool pool;
    private final List<Batch> batches;
    private final long[] firstRows;
    private final long rows;

    private ForkJoinEvaluator(Builder b, List<Batch> batches) {
        this.gradient = b.gradient;
        this.reduction = b.reduction;
        this.checkFinite = b.checkFinite;
        this.pool = b.pool == null ? ForkJoinPool.commonPool() : b.pool;
        this.batches = batches;
        this.firstRows = new long[batches.size()];
        long n = 0;
        for (int i = 0; i < batches.size(); i++) {
            firstRows[i] = n;
            n += batches.get(i).rows();
        }
        this.rows = n;
    }

    /** A builder for an evaluator of {@code gradient}, whose batch losses are reduced as {@code reduction}. */
    public static Builder builder(BatchGradient gradient, Reduction reduction) {
        return new Builder(gradient, reduction);
    }

    @Override
    public ValueAndGradient evaluate(double[][] params) {
        if (batches.isEmpty()) {
            throw new IllegalStateException("there are no rows to evaluate the loss on");
        }
        GradientSum sum = pool.invoke(new Sum(params, 0, batches.size()));
        return sum.finish(reduction);
    }

    @Override
    public long rows() {
        return rows;
    }

    /** The number of batches the rows were packed into. */
    public int batches() {
        return batches.size();
    }

    @Override
    public void close() {
        // the batches are ordinary heap objects; the common pool is not ours to shut down
    }

    /** The sum over batches [from, to): halves added left then right, whoever computes them. */
    private final class Sum extends RecursiveTask<GradientSum> {

        private static final long serialVersionUID = 1L;

        private final transient double[][] params;
        private final int from;
        private final int to;

        Sum(double[][] params, int from, int to) {
            this.params = params;
            this.from = from;
            this.to = to;
        }

        @Override
        protected GradientSum compute() {
            if (to - from == 1) {
                Batch batch = batches.get(from);
                String where = Evaluator.where("", from, firstRows[from], batch.rows());
                GradientSum one = new GradientSum();
                one.add(batch.rows(), Evaluator.evaluateBatch(gradient, batch, params, checkFinite, where), reduction);
                return one;
            }
            int mid = (from + to) >>> 1;
            Sum left = new Sum(params, from, mid);
            left.fork();
            GradientSum right = new Sum(params, mid, to).compute();
            return left.join().plus(right);
        }
    }

    /** Settings of a {@link ForkJoinEvaluator}; those it shares with the Spark evaluator have the same names. */
    public static final class Builder {

        private final BatchGradient gradient;
        private final Reduction reduction;
        private int batchRows = 1024;
        private boolean checkFinite = true;
        private ForkJoinPool pool;

        private Builder(BatchGradient gradient, Reduction reduction) {
            this.gradient = Objects.requireNonNull(gradient, "gradient");
            this.reduction = Objects.requireNonNull(reduction, "reduction");
        }

        /** The rows per batch (the size name's value in each call); the last batch may be shorter. */
        public Builder batchRows(int rowsPerBatch) {
            if (rowsPerBatch <= 0) {
                throw new IllegalArgumentException("the batch length must be positive, not " + rowsPerBatch);
            }
            this.batchRows = rowsPerBatch;
            return this;
        }

        /** Whether a NaN or infinite loss or gradient of a batch fails the evaluation (on by default). */
        public Builder checkFinite(boolean check) {
            this.checkFinite = check;
            return this;
        }

        /** The pool to run on instead of the common pool. */
        public Builder pool(ForkJoinPool forkJoinPool) {
            this.pool = Objects.requireNonNull(forkJoinPool, "pool");
            return this;
        }

        /** Packs {@code rows} into batches, each row written by {@code packer} as {@code layout} says. */
        public <T> ForkJoinEvaluator build(Iterable<? extends T> rows, RowPacker<? super T> packer,
                RowLayout layout) {
            return new ForkJoinEvaluator(this, Batch.pack(rows.iterator(), packer, layout, batchRows));
        }
    }
}
