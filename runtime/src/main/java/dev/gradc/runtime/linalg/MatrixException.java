package dev.gradc.runtime.linalg;

/**
 * A matrix that a linear-algebra kernel cannot take: not positive definite ({@code cholesky}), singular
 * ({@code solve}, {@code inv}, {@code trisolve}) or not square. The message names the pivot or row at
 * fault and, once the caller has added it with {@link #at}, the source position of the call.
 */
public final class MatrixException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the matrix. */
    public enum Kind {
        /** A Cholesky pivot (the diagonal entry left after elimination) was not positive. */
        NOT_POSITIVE_DEFINITE,
        /** An LU pivot or a triangular matrix's diagonal entry was exactly zero. */
        SINGULAR,
        /** The matrix has a different number of rows and columns. */
        NOT_SQUARE
    }

    private final Kind kind;
    private final int index;
    private final String detail;
    private final String where;

    private MatrixException(Kind kind, int index, String detail, String where) {
        super((where == null ? "" : where + ": ") + detail);
        this.kind = kind;
        this.index = index;
        this.detail = detail;
        this.where = where;
    }

    /**
     * Cholesky's pivot {@code pivot} (0-based) was {@code value}, not positive.
     *
     * @param op the operation's name, like {@code "cholesky"}
     */
    public static MatrixException notPositiveDefinite(String op, int pivot, double value) {
        return new MatrixException(Kind.NOT_POSITIVE_DEFINITE, pivot, op + ": the matrix is not positive definite: pivot "
                + pivot + " (row " + pivot + ", counting from 0) is " + value + " after elimination, not > 0", null);
    }

    /**
     * Elimination found no nonzero pivot for row {@code row} (0-based).
     *
     * @param what how the zero was found, like {@code "no nonzero pivot in column 2"}
     */
    public static MatrixException singular(String op, int row, String what) {
        return new MatrixException(Kind.SINGULAR, row, op + ": the matrix is singular: " + what, null);
    }

    /** A {@code rows × cols} matrix where a square one was needed. */
    public static MatrixException notSquare(String op, int rows, int cols) {
        return new MatrixException(Kind.NOT_SQUARE, -1,
                op + ": the matrix is " + rows + "×" + cols + ", not square", null);
    }

    /** The same error, its message starting with the source position {@code where} (like {@code "gp.grad:7:12"}). */
    public MatrixException at(String where) {
        MatrixException positioned = new MatrixException(kind, index, detail, where);
        positioned.setStackTrace(getStackTrace());
        return positioned;
    }

    /** What is wrong. */
    public Kind kind() {
        return kind;
    }

    /** The 0-based pivot or row at fault; -1 for {@link Kind#NOT_SQUARE}. */
    public int index() {
        return index;
    }

    /** The source position given to {@link #at}, or {@code null}. */
    public String where() {
        return where;
    }
}
