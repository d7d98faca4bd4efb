package dev.gradc.spark;

import dev.gradc.runtime.parallel.Batch;
import dev.gradc.runtime.parallel.BatchFailedException;
import dev.gradc.runtime.parallel.BatchGradient;
import dev.gradc.runtime.parallel.Evaluator;
import dev.gradc.runtime.parallel.GradientSum;
import dev.gradc.runtime.parallel.Reduction;
import dev.gradc.runtime.parallel.RowLayout;
import dev.gradc.runtime.parallel.RowPacker;
import dev.gradc.runtime.parallel.ValueAndGradient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Evaluates a loss over the rows of an RDD or a Dataset on a Spark cluster: each partition's rows are
 * packed once into flat row-major batches (cached on the executors), and each evaluation broadcasts the
 * parameters, calls the generated method once per batch, sums each partition's batches in order and adds
 * the partition sums with {@code treeAggregate}. Those are added exactly (see {@link ExactSum}), so the
 * result has the same bits however Spark schedules the tasks. The builder is
 * {@link dev.gradc.runtime.parallel.ForkJoinEvaluator}'s with a tree depth and a storage level added.
 */
public final class SparkEvaluator implements Evaluator {

    private final BatchGradient gradient;
    private final Reduction reduction;
    private final boolean checkFinite;
    private final int depth;
    private final JavaRDD<List<Batch>> batches;
    private final long rows;

    private SparkEvaluator(Builder b, JavaRDD<List<Batch>> batches) {
        this.gradient = b.gradient;
        this.reduction = b.reduction;
        this.checkFinite = b.checkFinite;
        this.depth = b.depth;
        this.batches = batches;
        this.rows = SparkFailures.rethrow(() -> batches.map(SparkEvaluator::rowsOf).fold(0L, Long::sum));
    }

    /** A builder for an evaluator of {@code gradient}, whose batch losses are reduced as {@code reduction}. */
    public static Builder builder(BatchGradient gradient, Reduction reduction) {
        return new Builder(gradient, reduction);
    }

    private static long rowsOf(List<Batch> partition) {
        long n = 0;
        for (Batch b : partition) {
            n += b.rows();
        }
        return n;
    }

    @Override
    public ValueAndGradient evaluate(double[][] params) {
        if (rows == 0) {
            throw new IllegalStateException("there are no rows to evaluate the loss on");
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(batches.context());
        Broadcast<double[][]> shared = sc.broadcast(params);
        try {
            BatchGradient g = gradient;
            Reduction r = reduction;
            boolean check = checkFinite;
            JavaRDD<ExactSum> sums = batches.mapPartitionsWithIndex((index, it) -> Collections.singletonList(
                    partitionSum(index, it.hasNext() ? it.next() : List.of(), g, r, check, shared.value()))
                    .iterator(), true);
            ExactSum total = SparkFailures.rethrow(
                    () -> sums.treeAggregate(new ExactSum(), ExactSum::plus, ExactSum::plus, depth));
            return total.finish(reduction);
        } finally {
            shared.destroy();
        }
    }

    /** One partition's batches, evaluated and added in their order in the partition. */
    private static ExactSum partitionSum(int partition, List<Batch> batches, BatchGradient gradient,
            Reduction reduction, boolean checkFinite, double[][] params) {
        GradientSum sum = new GradientSum();
        long first = 0;
        for (int i = 0; i < batches.size(); i++) {
            Batch b = batches.get(i);
            String where = Evaluator.where("partition " + partition, i, first, b.rows());
            sum.add(b.rows(), Evaluator.evaluateBatch(gradient, b, params, checkFinite, where), reduction);
            first += b.rows();
        }
        return ExactSum.of(sum);
    }

    @Override
    public long rows() {
        return rows;
    }

    /** The number of partitions (some may be empty). */
    public int partitions() {
        return batches.getNumPartitions();
    }

    /** Drops the cached batches from the executors. */
    @Override
    public void close() {
        batches.unpersist(false);
    }

    /** Settings of a {@link SparkEvaluator}; those it shares with the ForkJoin evaluator have the same names. */
    public static final class Builder {

        private final BatchGradient gradient;
        private final Reduction reduction;
        private int batchRows = 1024;
        private boolean checkFinite = true;
        private int depth = 2;
        private StorageLevel storage = StorageLevel.MEMORY_ONLY();

        private Builder(BatchGradient gradient, Reduction reduction) {
            this.gradient = Objects.requireNonNull(gradient, "gradient");
            this.reduction = Objects.requireNonNull(reduction, "reduction");
        }

        /** The rows per batch (the size name's value in each call); each partition's last batch may be shorter. */
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

        /** The depth of {@code treeAggregate}'s tree (2 by default; more for many partitions). */
        public Builder depth(int treeDepth) {
            if (treeDepth < 1) {
                throw new IllegalArgumentException("the tree depth must be at least 1, not " + treeDepth);
            }
            this.depth = treeDepth;
            return this;
        }

        /** Where the packed batches are kept between evaluations (memory only by default). */
        public Builder storageLevel(StorageLevel level) {
            this.storage = Objects.requireNonNull(level, "storage level");
            return this;
        }

        /**
         * Packs each partition of {@code rows} into batches, each row written by {@code packer} as
         * {@code layout} says, and caches them (this runs one Spark job, which also counts the rows).
         */
        public <T> SparkEvaluator build(JavaRDD<T> rows, RowPacker<? super T> packer, RowLayout layout) {
            int n = batchRows;
            JavaRDD<List<Batch>> packed = rows.mapPartitionsWithIndex((index, it) -> {
                List<List<Batch>> one = new ArrayList<>(1);
                try {
                    one.add(Batch.pack(it, packer, layout, n));
                } catch (RuntimeException e) {
                    throw new BatchFailedException("packing the rows of partition " + index + " failed: "
                            + e.getMessage(), e);
                }
                return one.iterator();
            }, true);
            packed.setName("gradc batches of " + n + " rows").persist(storage);
            return new SparkEvaluator(this, packed);
        }

        /** The rows of a Dataset, each written by {@code packer} (see {@link SparkRows} for columns). */
        public SparkEvaluator build(Dataset<Row> rows, RowPacker<? super Row> packer, RowLayout layout) {
            return build(rows.toJavaRDD(), packer, layout);
        }
    }
}
