package dev.gradc.runtime.tape;

import java.util.Arrays;

/**
 * The ops that move elements rather than compute them elementwise: matrix product, transpose, index
 * read and stack, each with its backward rule beside it.
 */
final class Shaping {

    private Shaping() {
    }

    /**
     * The matrix product of vectors and matrices: {@code [n,k]@[k,m] -> [n,m]}, {@code [n,k]@[k] -> [n]},
     * {@code [k]@[k,m] -> [m]}, {@code [k]@[k] -> []} (the dot product). A vector on the left is a
     * {@code [1,k]} matrix and on the right a {@code [k,1]} one, with the same row-major layout, so one
     * kernel serves all four. Adjoints: Ā = Ȳ·Bᵀ, B̄ = Aᵀ·Ȳ.
     */
    static Tensor matmul(Tensor a, Tensor b) {
        int ra = a.shape.length;
        int rb = b.shape.length;
        if (ra < 1 || ra > 2 || rb < 1 || rb > 2) {
            throw new IllegalArgumentException("matmul needs vectors or matrices, got shapes "
                    + Broadcast.text(a.shape) + " and " + Broadcast.text(b.shape));
        }
        int n = ra == 2 ? a.shape[0] : 1;
        int k = a.shape[ra - 1];
        int m = rb == 2 ? b.shape[1] : 1;
        if (b.shape[0] != k) {
            throw new IllegalArgumentException("matmul of shapes " + Broadcast.text(a.shape) + " and "
                    + Broadcast.text(b.shape) + ": inner dimensions " + k + " and " + b.shape[0] + " differ");
        }
        if (ra == 1 && rb == 1) {
            return Reductions.dot(a, b);
        }
        int[] shape = ra == 2 && rb == 2 ? new int[] {n, m} : new int[] {ra == 2 ? n : m};
        double[] as = a.data;
        double[] bs = b.data;
        double[] ys = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double aip = as[i * k + p];
                for (int j = 0; j < m; j++) {
                    ys[i * m + j] += aip * bs[p * m + j];
                }
            }
        }
        return Tape.record("matmul", ys, shape, bar -> new double[][] {
            a.needsGrad() ? timesTransposed(bar, bs, n, k, m) : null,
            b.needsGrad() ? transposedTimes(as, bar, n, k, m) : null},
            (y, t) -> matmul(t[0], b).add(matmul(a, t[1])), a, b);
    }

    /** Ȳ[n,m]·B[k,m]ᵀ. */
    private static double[] timesTransposed(double[] bar, double[] bs, int n, int k, int m) {
        double[] g = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double s = 0.0;
                for (int j = 0; j < m; j++) {
                    s += bar[i * m + j] * bs[p * m + j];
                }
                g[i * k + p] = s;
            }
        }
        return g;
    }

    /** A[n,k]ᵀ·Ȳ[n,m]. */
    private static double[] transposedTimes(double[] as, double[] bar, int n, int k, int m) {
        double[] g = new double[k * m];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double aip = as[i * k + p];
                for (int j = 0; j < m; j++) {
                    g[p * m + j] += aip * bar[i * m + j];
                }
            }
        }
        return g;
    }

    /** The transpose of a matrix; a scalar or vector is its own transpose. Adjoint: Ȳᵀ. */
    static Tensor transpose(Tensor x) {
        if (x.shape.length < 2) {
            return x;
        }
        if (x.shape.length > 2) {
            throw new IllegalArgumentException("transpose needs a matrix, got shape " + Broadcast.text(x.shape));
        }
        int rows = x.shape[0];
        int cols = x.shape[1];
        double[] ys = transposed(x.data, rows, cols);
        return Tape.record("transpose", ys, new int[] {cols, rows},
                bar -> new double[][] {transposed(bar, cols, rows)}, (y, t) -> transpose(t[0]), x);
    }

    private static double[] transposed(double[] v, int rows, int cols) {
        double[] t = new double[v.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = v[i * cols + j];
            }
        }
        return t;
    }

    /**
     * The sub-tensor at the leading indices {@code index} (one index of a vector gives a scalar, of a
     * matrix a row; two indices of a matrix give a scalar). Adjoint: Ȳ scattered back into zeros.
     */
    static Tensor index(Tensor x, int... index) {
        if (index.length > x.shape.length) {
            throw new IllegalArgumentException(index.length + " indices for a tensor of shape "
                    + Broadcast.text(x.shape));
        }
        int offset = 0;
        for (int d = 0; d < index.length; d++) {
            if (index[d] < 0 || index[d] >= x.shape[d]) {
                throw new IndexOutOfBoundsException("index " + index[d] + " is out of bounds for axis " + d
                        + " of size " + x.shape[d] + " (shape " + Broadcast.text(x.shape) + ")");
            }
            offset = offset * x.shape[d] + index[d];
        }
        int[] shape = Arrays.copyOfRange(x.shape, index.length, x.shape.length);
        int length = Broadcast.size(shape);
        int start = offset * length;
        double[] ys = Arrays.copyOfRange(x.data, start, start + length);
        return Tape.recordPlaced("index", ys, shape, Block.run(start, length), x, (y, t) -> index(t[0], index));
    }

    /** Tensors of one shape stacked along a new leading axis; adjoint: the slices of Ȳ. */
    static Tensor stack(Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("stack needs at least one tensor");
        }
        int[] part = parts[0].shape;
        int length = parts[0].data.length;
        double[] ys = new double[parts.length * length];
        for (int p = 0; p < parts.length; p++) {
            if (!Arrays.equals(parts[p].shape, part)) {
                throw new IllegalArgumentException("stack needs tensors of one shape, got "
                        + Broadcast.text(part) + " and " + Broadcast.text(parts[p].shape) + " at position " + p);
            }
            System.arraycopy(parts[p].data, 0, ys, p * length, length);
        }
        int[] shape = new int[part.length + 1];
        shape[0] = parts.length;
        System.arraycopy(part, 0, shape, 1, part.length);
        Tensor[] inputs = parts.clone();
        return Tape.record("stack", ys, shape, bar -> {
            double[][] gs = new double[inputs.length][];
            for (int p = 0; p < inputs.length; p++) {
                gs[p] = inputs[p].needsGrad()
                        ? Arrays.copyOfRange(bar, p * length, (p + 1) * length) : null;
            }
            return gs;
        }, (y, t) -> stack(t), inputs);
    }
}
