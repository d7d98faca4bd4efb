package dev.gradc.rules;

/** Static Java methods the extern tests call. */
public final class JavaFunctions {

    private JavaFunctions() {
    }

    /** Running sums; overwrites its argument, which a program must never see. */
    public static double[] cumsum(double[] v) {
        for (int i = 1; i < v.length; i++) {
            v[i] += v[i - 1];
        }
        return v;
    }

    /** Returns one element too few. */
    public static double[] short1(double[] v) {
        return java.util.Arrays.copyOf(v, v.length - 1);
    }

    /** Fails for negative arguments. */
    public static double checkedSqrt(double x) {
        if (x < 0) {
            throw new IllegalArgumentException("negative argument " + x);
        }
        return Math.sqrt(x);
    }

    /** The entries of v at idx, summed. */
    public static double pick(double[] v, int[] idx) {
        double s = 0;
        for (int i : idx) {
            s += v[i];
        }
        return s;
    }

    /** The indices in reverse order. */
    public static int[] reversed(int[] idx) {
        int[] r = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            r[i] = idx[idx.length - 1 - i];
        }
        return r;
    }

    /** Each index times s, as reals. */
    public static double[] scaled(int[] idx, double s) {
        double[] r = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            r[i] = idx[i] * s;
        }
        return r;
    }

    /** Not static. */
    public double twice(double x) {
        return 2 * x;
    }
}
