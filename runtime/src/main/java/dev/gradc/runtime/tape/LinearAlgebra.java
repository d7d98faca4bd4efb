package dev.gradc.runtime.tape;

import dev.gradc.runtime.linalg.Cholesky;
import dev.gradc.runtime.linalg.Dense;
import dev.gradc.runtime.linalg.Lu;
import dev.gradc.runtime.linalg.LuRules;
import dev.gradc.runtime.linalg.MatrixException;
import dev.gradc.runtime.linalg.Triangular;

/**
 * Linear algebra on the tape: the structural matrices ({@code eye diag diagonal trace tril triu outer}) and
 * the factorisations and solves ({@code cholesky trisolve solve inv det logdet}), each recording its
 * backward rule beside its value. The kernels and rules are {@link dev.gradc.runtime.linalg}'s, so the tape
 * computes exactly what the compiled code computes. A right-hand side is a vector {@code [n]} or a matrix
 * {@code [n,m]}.
 *
 * @throws MatrixException (from the factorisations) for a matrix that is not square, not positive definite
 *     or singular, naming the pivot or row
 */
public final class LinearAlgebra {

    private LinearAlgebra() {
    }

    /** The {@code n × n} identity, a constant. */
    public static Tensor eye(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            e[i * n + i] = 1;
        }
        return Tensor.of(e, n, n);
    }

    /** The square matrix with v on its diagonal; v̄ is the diagonal of the adjoint. */
    public static Tensor diag(Tensor v) {
        int n = vectorLength(v, "diag");
        double[] y = new double[n * n];
        for (int i = 0; i < n; i++) {
            y[i * n + i] = v.data[i];
        }
        return Tape.record("diag", y, new int[] {n, n}, bar -> new double[][] {diagonalOf(bar, n, n)},
                (out, t) -> diag(t[0]), v);
    }

    /** The diagonal of a matrix (of length min(rows, cols)); its adjoint is placed back on the diagonal. */
    public static Tensor diagonal(Tensor a) {
        int r = rows(a, "diagonal");
        int c = a.shape[1];
        int n = Math.min(r, c);
        return Tape.record("diagonal", diagonalOf(a.data, r, c), new int[] {n}, bar -> {
            double[] g = new double[r * c];
            for (int i = 0; i < n; i++) {
                g[i * c + i] = bar[i];
            }
            return new double[][] {g};
        }, (y, t) -> diagonal(t[0]), a);
    }

    /** The sum of the diagonal; Ā = ȳ·I (on the diagonal of a rectangular matrix). */
    public static Tensor trace(Tensor a) {
        int r = rows(a, "trace");
        int c = a.shape[1];
        double s = 0;
        for (double d : diagonalOf(a.data, r, c)) {
            s += d;
        }
        return Tape.record("trace", new double[] {s}, new int[0], bar -> {
            double[] g = new double[r * c];
            for (int i = 0; i < Math.min(r, c); i++) {
                g[i * c + i] = bar[0];
            }
            return new double[][] {g};
        }, (y, t) -> trace(t[0]), a);
    }

    /** The lower triangle with the diagonal, zeros above; the adjoint is masked the same way. */
    public static Tensor tril(Tensor a) {
        return triangle(a, true);
    }

    /** The upper triangle with the diagonal, zeros below. */
    public static Tensor triu(Tensor a) {
        return triangle(a, false);
    }

    private static Tensor triangle(Tensor a, boolean lower) {
        int r = rows(a, lower ? "tril" : "triu");
        int c = a.shape[1];
        return Tape.record(lower ? "tril" : "triu", mask(a.data, r, c, lower), a.shape.clone(),
                bar -> new double[][] {mask(bar, r, c, lower)}, (y, t) -> triangle(t[0], lower), a);
    }

    /** a·bᵀ of two vectors, {@code [n] × [m] -> [n,m]}; ā = Ȳ·b, b̄ = Ȳᵀ·a. */
    public static Tensor outer(Tensor a, Tensor b) {
        int n = vectorLength(a, "outer");
        int m = vectorLength(b, "outer");
        double[] y = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                y[i * m + j] = a.data[i] * b.data[j];
            }
        }
        return Tape.record("outer", y, new int[] {n, m}, bar -> new double[][] {
            a.needsGrad() ? Dense.times(bar, n, m, b.data, 1) : null,
            b.needsGrad() ? Dense.transposedTimes(bar, n, m, a.data, 1) : null},
            (out, t) -> outer(t[0], b).add(outer(a, t[1])), a, b);
    }

    /** The lower Cholesky factor of (A + Aᵀ)/2; Ā by the reversed factorisation. */
    public static Tensor cholesky(Tensor a) {
        int n = square(a, "cholesky");
        double[] l = Cholesky.factor(a.data, n);
        return Tape.record("cholesky", l, new int[] {n, n}, bar -> new double[][] {Cholesky.vjp(l, bar, n)},
                (y, t) -> choleskyTangent(y, t[0]), a);
    }

    /**
     * L⁻¹·B with L's lower triangle, or L⁻ᵀ·B (the upper solve with the transpose, not formed) when
     * {@code transposed}.
     */
    public static Tensor trisolve(Tensor l, Tensor b, boolean transposed) {
        int n = square(l, "trisolve");
        rightHandSide(b, n, "trisolve");
        double[] x = transposed ? Triangular.solveLowerTransposed(l.data, n, b.data)
                : Triangular.solveLower(l.data, n, b.data);
        return Tape.record(transposed ? "trisolve_t" : "trisolve", x, b.shape.clone(), bar -> {
            double[] bBar = Triangular.vjpB(l.data, n, bar, transposed);
            return new double[][] {l.needsGrad() ? Triangular.vjpL(x, bBar, n, transposed) : null,
                b.needsGrad() ? bBar : null};
        }, (y, t) -> {
            Tensor dl = tril(t[0]);
            return trisolve(l, t[1].sub((transposed ? dl.transpose() : dl).matmul(y)), transposed);
        }, l, b);
    }

    /**
     * The tangent of L = cholesky(A): L·Φ(L⁻¹·Ṡ·L⁻ᵀ) with Ṡ = (Ȧ + Ȧᵀ)/2 (the factor is of the symmetric part)
     * and Φ the lower triangle with half the diagonal.
     */
    private static Tensor choleskyTangent(Tensor l, Tensor da) {
        Tensor s = da.add(da.transpose()).mul(0.5);
        Tensor m = trisolve(l, trisolve(l, s, false).transpose(), false);
        return l.matmul(tril(m).sub(diag(diagonal(m)).mul(0.5)));
    }

    /** A⁻¹·B by pivoted LU; B̄ = A⁻ᵀ·X̄ with the same factors, Ā = −B̄·Xᵀ. */
    public static Tensor solve(Tensor a, Tensor b) {
        int n = square(a, "solve");
        rightHandSide(b, n, "solve");
        Lu lu = Lu.factor(a.data, n);
        double[] x = lu.solve(b.data, "solve");
        return Tape.record("solve", x, b.shape.clone(), bar -> {
            double[] bBar = LuRules.solveVjpB(lu, bar);
            return new double[][] {a.needsGrad() ? LuRules.solveVjpA(bBar, x, n) : null,
                b.needsGrad() ? bBar : null};
        }, (y, t) -> solve(a, t[1].sub(t[0].matmul(y))), a, b);
    }

    /** A⁻¹ (by solving with the identity); Ā = −Yᵀ·Ȳ·Yᵀ. */
    public static Tensor inv(Tensor a) {
        int n = square(a, "inv");
        double[] y = Lu.factor(a.data, n).solve(eye(n).data, "inv");
        return Tape.record("inv", y, new int[] {n, n}, bar -> new double[][] {LuRules.invVjp(y, bar, n)},
                (yt, t) -> yt.matmul(t[0]).matmul(yt).neg(), a);
    }

    /** det A by pivoted LU (0 for a singular matrix); Ā = d̄·adj(A)ᵀ. */
    public static Tensor det(Tensor a) {
        int n = square(a, "det");
        Lu lu = Lu.factor(a.data, n);
        return Tape.record("det", new double[] {lu.det()}, new int[0],
                bar -> new double[][] {LuRules.detVjp(lu, bar[0])}, (y, t) -> y.mul(trace(solve(a, t[0]))), a);
    }

    /** log |det A|; Ā = ℓ̄·A⁻ᵀ by a solve with the LU factors. */
    public static Tensor logdet(Tensor a) {
        int n = square(a, "logdet");
        Lu lu = Lu.factor(a.data, n);
        return Tape.record("logdet", new double[] {lu.logAbsDet()}, new int[0],
                bar -> new double[][] {LuRules.logdetVjp(lu, bar[0])}, (y, t) -> trace(solve(a, t[0])), a);
    }

    private static double[] diagonalOf(double[] a, int r, int c) {
        double[] d = new double[Math.min(r, c)];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i * c + i];
        }
        return d;
    }

    private static double[] mask(double[] a, int r, int c, boolean lower) {
        double[] y = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                if (lower ? j <= i : j >= i) {
                    y[i * c + j] = a[i * c + j];
                }
            }
        }
        return y;
    }

    private static int vectorLength(Tensor v, String op) {
        if (v.shape.length != 1) {
            throw new IllegalArgumentException(op + " needs a vector, got shape " + Broadcast.text(v.shape));
        }
        return v.shape[0];
    }

    private static int rows(Tensor a, String op) {
        if (a.shape.length != 2) {
            throw new IllegalArgumentException(op + " needs a matrix, got shape " + Broadcast.text(a.shape));
        }
        return a.shape[0];
    }

    private static int square(Tensor a, String op) {
        int r = rows(a, op);
        if (a.shape[1] != r) {
            throw MatrixException.notSquare(op, r, a.shape[1]);
        }
        return r;
    }

    private static void rightHandSide(Tensor b, int n, String op) {
        if (b.shape.length < 1 || b.shape.length > 2 || b.shape[0] != n) {
            throw new IllegalArgumentException(op + ": the right-hand side has shape " + Broadcast.text(b.shape)
                    + ", expected [" + n + "] or [" + n + ", m]");
        }
    }
}
