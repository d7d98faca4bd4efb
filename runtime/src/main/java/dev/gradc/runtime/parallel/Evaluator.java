package dev.gradc.runtime.parallel;

/**
 * A loss over a fixed set of rows, evaluated batch by batch: the shape shared by
 * {@link ForkJoinEvaluator} (the cores of one machine) and the {@code gradc-spark} evaluator (a cluster),
 * so an optimiser written against it runs on either.
 */
public interface Evaluator extends AutoCloseable {

    /**
     * The loss over all rows at {@code params} and its gradient, one array per parameter: what one call of
     * the generated method on all rows at once would return, up to rounding. The same rows, batch length
     * and parameters give the same bits on every call, however the work is scheduled.
     *
     * @throws BatchFailedException if a batch failed, saying which and why
     */
    ValueAndGradient evaluate(double[][] params);

    /** The number of rows. */
    long rows();

    /** Releases the packed batches (and anything else the evaluator holds). */
    @Override
    void close();

    /**
     * Evaluates one batch and checks it: the call of {@code gradient}, wrapped so that a failure says which
     * batch failed, and with {@code checkFinite} a NaN or infinity in the result is a failure too.
     */
    static ValueAndGradient evaluateBatch(BatchGradient gradient, Batch batch, double[][] params,
            boolean checkFinite, String where) {
        ValueAndGradient g;
        try {
            g = gradient.apply(batch.rows(), batch.data(), params);
        } catch (RuntimeException e) {
            throw BatchFailedException.threw(where, e);
        }
        if (checkFinite) {
            BatchFailedException e = BatchFailedException.nonFinite(where, g);
            if (e != null) {
                throw e;
            }
        }
        return g;
    }

    /** The place of a batch for messages. */
    static String where(String partition, int batch, long firstRow, int rows) {
        return BatchFailedException.where(partition, batch, firstRow, rows);
    }
}
