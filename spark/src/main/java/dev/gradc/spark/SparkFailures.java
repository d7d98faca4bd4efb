package dev.gradc.spark;

import dev.gradc.runtime.parallel.BatchFailedException;
import java.util.function.Supplier;

/**
 * Turns a Spark job that failed because a batch failed back into the batch's own error: Spark wraps a
 * task's exception in a {@code SparkException} whose message is the stage's story and the executor's stack
 * trace; the user wants the {@link BatchFailedException} that says which batch failed and why.
 */
final class SparkFailures {

    private SparkFailures() {
    }

    /** Runs a Spark action; a failed batch anywhere in its failure's causes is thrown in its place. */
    static <T> T rethrow(Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) { // Spark's own SparkException is checked but undeclared in its Java API
            BatchFailedException batch = find(e);
            if (batch == null) {
                throw e;
            }
            throw new BatchFailedException(batch.getMessage(), batch.getCause());
        }
    }

    private static BatchFailedException find(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof BatchFailedException b) {
                return b;
            }
        }
        return null;
    }
}
