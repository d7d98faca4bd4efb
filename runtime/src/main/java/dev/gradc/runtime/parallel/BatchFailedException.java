package dev.gradc.runtime.parallel;

/**
 * A batch whose evaluation failed: the generated method threw, or (with the finiteness check on) returned
 * a loss or gradient that is NaN or infinite. The message says which batch and why; the cause, when there
 * is one, is what the generated code threw.
 */
public final class BatchFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with a complete message and the exception that caused it (or null). */
    public BatchFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The batch's place: {@code "batch 3 (rows 3072..4095)"}, or with its partition on a cluster. */
    static String where(String partition, int batch, long firstRow, int rows) {
        return (partition.isEmpty() ? "" : partition + ", ") + "batch " + batch + " (rows " + firstRow + ".."
                + (firstRow + rows - 1) + ")";
    }

    /** The failure of a batch whose call threw {@code e}. */
    static BatchFailedException threw(String where, RuntimeException e) {
        return new BatchFailedException("the loss on " + where + " failed: " + e.getMessage(), e);
    }

    /** The failure of a batch whose loss or gradient entry is not finite; null when all are finite. */
    static BatchFailedException nonFinite(String where, ValueAndGradient g) {
        if (!Double.isFinite(g.value())) {
            return new BatchFailedException("the loss on " + where + " is " + g.value(), null);
        }
        double[][] parts = g.gradient();
        for (int i = 0; i < parts.length; i++) {
            for (int j = 0; j < parts[i].length; j++) {
                if (!Double.isFinite(parts[i][j])) {
                    return new BatchFailedException("the gradient on " + where + " is " + parts[i][j]
                            + " (parameter " + i + ", entry " + j + ")", null);
                }
            }
        }
        return null;
    }
}
