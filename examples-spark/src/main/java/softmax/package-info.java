/**
 * Softmax regression and a small network fitted on Spark with gradc-generated gradients and Breeze's
 * L-BFGS, beside Spark ML's own LogisticRegression on the same synthetic rows.
 */
package softmax;
