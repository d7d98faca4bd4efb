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

    /** Not static. */
    public double twice(double x) {
        return 2 * x;
    }
}
