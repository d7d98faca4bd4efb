package dev.gradc.testing;

/**
 * Programs whose generated methods would be far over HotSpot's 8,000-byte limit for compiling a method if
 * they were not split: a determinant by cofactor expansion (every minor computed once, from the bottom row
 * up: 2^n - 1 minors, n·2^(n-1) products) and an LSTM of several layers written out in one loop body. The
 * benchmarks' {@code Cofactor.grad} and {@code DeepLstm.grad} are these texts.
 */
public final class BigPrograms {

    /** Hidden size and steps of {@link #lstm}. */
    public static final int HIDDEN = 8;
    public static final int STEPS = 16;

    private BigPrograms() {
    }

    /** {@code fn det<n>(A: real[n,n]) -> real}, with its gradient requested. */
    public static String determinant(int n) {
        StringBuilder s = new StringBuilder();
        s.append("// det(A) by cofactor expansion; m<bits> is the minor of the last rows and the columns in bits\n");
        s.append("@grad(A)\nfn det").append(n).append("(A: real[").append(n).append(',').append(n).append("]) -> real {\n");
        for (int bits = 1; bits < 1 << n; bits++) {
            int k = Integer.bitCount(bits);
            int row = n - k;
            s.append("  m").append(bits).append(" = ");
            if (k == 1) {
                s.append("A[").append(row).append(", ").append(Integer.numberOfTrailingZeros(bits)).append("];\n");
                continue;
            }
            int j = 0;
            for (int c = 0; c < n; c++) {
                if ((bits & 1 << c) == 0) {
                    continue;
                }
                if (j > 0) {
                    s.append(j % 2 == 0 ? " + " : " - ");
                }
                s.append("A[").append(row).append(", ").append(c).append("] * m").append(bits & ~(1 << c));
                j++;
            }
            s.append(";\n");
        }
        s.append("  return m").append((1 << n) - 1).append(";\n}\n");
        return s.toString();
    }

    /**
     * {@code fn lstm<layers>(xs: real[STEPS, HIDDEN], Wx1, Wh1, b1, ...) -> real}: the sum of the last layer's
     * final state after {@link #STEPS} steps; every layer's gates come from one product of each weight matrix,
     * sliced into input, forget, cell and output gates. The gradient is requested for every weight.
     */
    public static String lstm(int layers) {
        int n = HIDDEN;
        StringBuilder params = new StringBuilder();
        StringBuilder wrt = new StringBuilder();
        for (int l = 1; l <= layers; l++) {
            params.append(", Wx").append(l).append(": real[").append(4 * n).append(',').append(n).append("], Wh")
                    .append(l).append(": real[").append(4 * n).append(',').append(n).append("], b").append(l)
                    .append(": real[").append(4 * n).append(']');
            wrt.append(l == 1 ? "" : ", ").append("Wx").append(l).append(", Wh").append(l).append(", b").append(l);
        }
        StringBuilder s = new StringBuilder();
        s.append("// an LSTM of ").append(layers).append(" layers, unrolled in the loop body\n");
        s.append("@grad(").append(wrt).append(")\n");
        s.append("fn lstm").append(layers).append("(xs: real[").append(STEPS).append(',').append(n).append(']')
                .append(params).append(") -> real {\n");
        for (int l = 1; l <= layers; l++) {
            s.append("  h").append(l).append(" = zeros(").append(n).append(");\n");
            s.append("  c").append(l).append(" = zeros(").append(n).append(");\n");
        }
        s.append("  for t in 0..").append(STEPS).append(" {\n");
        s.append("    x = xs[t];\n");
        for (int l = 1; l <= layers; l++) {
            String in = l == 1 ? "x" : "h" + (l - 1);
            s.append("    z").append(l).append(" = Wx").append(l).append(" @ ").append(in).append(" + Wh").append(l)
                    .append(" @ h").append(l).append(" + b").append(l).append(";\n");
            s.append("    c").append(l).append(" = sigmoid(z").append(l).append('[').append(n).append(':')
                    .append(2 * n).append("]) * c").append(l).append(" + sigmoid(z").append(l).append("[0:")
                    .append(n).append("]) * tanh(z").append(l).append('[').append(2 * n).append(':').append(3 * n)
                    .append("]);\n");
            s.append("    h").append(l).append(" = sigmoid(z").append(l).append('[').append(3 * n).append(':')
                    .append(4 * n).append("]) * tanh(c").append(l).append(");\n");
        }
        s.append("  }\n  return sum(h").append(layers).append(");\n}\n");
        return s.toString();
    }

    /** The module of the determinants of the given sizes. */
    public static String determinants(String module, int... sizes) {
        StringBuilder s = new StringBuilder("module ").append(module).append(";\n");
        for (int n : sizes) {
            s.append('\n').append(determinant(n));
        }
        return s.toString();
    }

    /** The module of the LSTMs of the given numbers of layers. */
    public static String lstms(String module, int... layers) {
        StringBuilder s = new StringBuilder("module ").append(module).append(";\n");
        for (int l : layers) {
            s.append('\n').append(lstm(l));
        }
        return s.toString();
    }
}
