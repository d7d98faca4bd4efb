package dev.gradc.runtime.tape;

/**
 * Elementwise comparisons, which make a {@link Mask}, and {@code where}, which selects with one. Masks are
 * never differentiated; {@code where} sends the adjoint to a where the mask holds and to b elsewhere.
 */
final class Selection {

    /** One comparison of two doubles. */
    @FunctionalInterface
    interface Comparison {
        boolean test(double a, double b);
    }

    private Selection() {
    }

    static Mask compare(String op, Comparison comparison, Tensor a, Tensor b) {
        int[] shape = Broadcast.shape(a.shape, b.shape, op);
        double[] as = a.data;
        double[] bs = b.data;
        boolean[] values = new boolean[Broadcast.size(shape)];
        for (int i = 0; i < values.length; i++) {
            values[i] = comparison.test(as[i % as.length], bs[i % bs.length]);
        }
        return new Mask(values, shape);
    }

    static Tensor where(Mask mask, Tensor a, Tensor b) {
        int[] shape = Broadcast.shape(mask.shape, Broadcast.shape(a.shape, b.shape, "where"), "where");
        boolean[] ms = mask.values;
        double[] as = a.data;
        double[] bs = b.data;
        double[] ys = new double[Broadcast.size(shape)];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = ms[i % ms.length] ? as[i % as.length] : bs[i % bs.length];
        }
        return Tape.record("where", ys, shape, bar -> new double[][] {
            a.needsGrad() ? select(bar, ms, true) : null,
            b.needsGrad() ? select(bar, ms, false) : null}, (y, t) -> where(mask, t[0], t[1]), a, b);
    }

    /** The adjoint where the mask equals {@code when}, else 0, in the output's shape. */
    private static double[] select(double[] bar, boolean[] mask, boolean when) {
        double[] g = new double[bar.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = mask[i % mask.length] == when ? bar[i] : 0.0;
        }
        return g;
    }
}
