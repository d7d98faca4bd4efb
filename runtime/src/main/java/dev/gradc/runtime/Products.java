package dev.gradc.runtime;

/**
 * Matrix products that generated code calls instead of writing their loops inline, where a small method of its
 * own compiles better than the same loops inside a large generated method: HotSpot's C2 optimises a short,
 * frequently called method on its own (and keeps its compiled code), while a loop nest among hundreds of others
 * competes for the large method's node and inlining budgets. Each entry is the sum the generated loops compute,
 * over k in increasing order from 0.0, so results are bit for bit those of the inline form and of the interpreter.
 */
public final class Products {

    /** Entries of the result computed together, each its own sum, so that independent additions overlap. */
    private static final int BLOCK = 4;

    private Products() {
    }

    /**
     * {@code out[i] = Σ_k A[k, i] · v[k]} for i in [0, cols): Aᵀv, with A a row-major {@code rows × cols} matrix
     * read from {@code a} at {@code aOff} (a block of consecutive rows read in place, such as
     * {@code W[r:r+K, :]}) and v read from {@code v} at {@code vOff}. Each entry is summed over k in increasing
     * order from 0.0, {@value #BLOCK} entries at a time.
     */
    public static void transposedTimesInto(double[] a, int aOff, int rows, int cols, double[] v, int vOff,
                                           double[] out) {
        int i0 = 0;
        for (; i0 + BLOCK <= cols; i0 += BLOCK) {
            double s0 = 0.0;
            double s1 = 0.0;
            double s2 = 0.0;
            double s3 = 0.0;
            for (int k = 0; k < rows; k++) {
                double vk = v[vOff + k];
                int o = aOff + k * cols + i0;
                s0 += a[o] * vk;
                s1 += a[o + 1] * vk;
                s2 += a[o + 2] * vk;
                s3 += a[o + 3] * vk;
            }
            out[i0] = s0;
            out[i0 + 1] = s1;
            out[i0 + 2] = s2;
            out[i0 + 3] = s3;
        }
        for (; i0 < cols; i0++) {
            double s = 0.0;
            for (int k = 0; k < rows; k++) {
                s += a[aOff + k * cols + i0] * v[vOff + k];
            }
            out[i0] = s;
        }
    }
}
