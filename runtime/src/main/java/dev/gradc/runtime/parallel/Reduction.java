package dev.gradc.runtime.parallel;

/**
 * How a batch's loss relates to the loss over all rows, which decides the weight each batch gets.
 * The evaluators' result is what one call of the generated method on all rows at once would return.
 */
public enum Reduction {

    /**
     * The batch loss is a mean over its rows ({@code mean(...)} in the program): each batch is weighted by
     * its row count and the total divided by the number of rows. A term that does not depend on the rows,
     * such as an L2 penalty added to the mean, then comes out exactly once.
     */
    MEAN,

    /**
     * The batch loss is a sum over its rows ({@code sum(...)}): batches are added unweighted. A term that does
     * not depend on the rows would be counted once per batch, so keep such terms out of the program.
     */
    SUM;

    /** The weight of a batch of {@code rows} rows in the running sum. */
    public double weight(int rows) {
        return this == MEAN ? rows : 1.0;
    }

    /** Turns a weighted sum over {@code totalRows} rows into the loss (or a gradient entry) over all rows. */
    public double finish(double weightedSum, long totalRows) {
        return this == MEAN ? weightedSum / totalRows : weightedSum;
    }
}
