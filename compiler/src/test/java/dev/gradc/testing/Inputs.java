package dev.gradc.testing;

import java.util.Random;

/** Test helper: reproducible inputs for compiled programs. */
public final class Inputs {

    private Inputs() {
    }

    /** n values drawn uniformly from [0.5, 1.5) by a generator seeded with {@code seed}: positive, away from 0. */
    public static double[] uniform(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + r.nextDouble();
        }
        return x;
    }
}
