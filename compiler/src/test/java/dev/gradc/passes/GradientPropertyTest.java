package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Random well-typed programs: every gradient and every tangent agrees with central finite differences. */
class GradientPropertyTest {

    private static final int[][] SHAPES = {{}, {}, {3}, {2, 3}};

    static Object[] inputs(long seed) {
        Random r = new Random(seed);
        Object[] in = new Object[4];
        for (int i = 0; i < 4; i++) {
            int n = SHAPES[i].length == 0 ? 1 : SHAPES[i].length == 1 ? 3 : 6;
            double[] d = new double[n];
            for (int k = 0; k < n; k++) {
                d[k] = r.nextDouble() * 1.6 - 0.8;
            }
            in[i] = new NDArray(d, SHAPES[i]);
        }
        return in;
    }

    static double value(FunctionIr f, Object[] in) {
        return ((NDArray) Programs.run(f.graph(), in)[0]).item();
    }

    static Object[] nudge(Object[] in, int param, int element, double h) {
        Object[] c = in.clone();
        NDArray a = (NDArray) in[param];
        double[] d = a.data().clone();
        d[element] += h;
        c[param] = new NDArray(d, a.shape());
        return c;
    }

    private static double central(FunctionIr f, Object[] in, int param, int element, double h) {
        return (value(f, nudge(in, param, element, h)) - value(f, nudge(in, param, element, -h))) / (2 * h);
    }

    /**
     * The derivative by Richardson-extrapolated central differences (error O(h⁴)), or NaN where the program is
     * not smooth at the point (the estimate disagrees with a plain central difference at a much smaller step).
     */
    static double centralDifference(FunctionIr f, Object[] in, int param, int element) {
        double h = 1e-4;
        double richardson = (4 * central(f, in, param, element, h / 2) - central(f, in, param, element, h)) / 3;
        double small = central(f, in, param, element, 1e-6);
        return Math.abs(richardson - small) <= 1e-5 * Math.max(1, Math.abs(small)) ? richardson : Double.NaN;
    }

    @Property(tries = 250, seed = "20261125")
    void gradientOfRandomProgramMatchesFiniteDifferences(@ForAll long seed) {
        String src = RandomPrograms.generate(seed);
        FunctionIr f = Programs.compile(src).function("f");
        Object[] in = inputs(seed);
        // both ways of differentiating loops: scalar loops in forward mode as they run, or every loop reversed
        for (GradientPass.Loops loops : GradientPass.Loops.values()) {
            Graph g = GradientPass.gradient(f, List.of("x", "y", "v", "M"), false, loops);
            Object[] out = Programs.run(g, in);
            assertEquals(value(f, in), ((NDArray) out[0]).item(), 0.0, src);
            for (int p = 0; p < 4; p++) {
                double[] grad = ((NDArray) out[1 + p]).data();
                for (int e = 0; e < grad.length; e++) {
                    double fd = centralDifference(f, in, p, e);
                    Assume.that(!Double.isNaN(fd));
                    assertEquals(fd, grad[e], 1e-6 * Math.max(1, Math.abs(fd)),
                            loops + ": param " + p + "[" + e + "] of\n" + src);
                }
            }
        }
    }

    @Property(tries = 200, seed = "20261125")
    void tangentOfRandomProgramEqualsGradientAlongDirection(@ForAll long seed) {
        String src = RandomPrograms.generate(seed);
        FunctionIr f = Programs.compile(src).function("f");
        Object[] in = inputs(seed);
        Object[] dir = inputs(seed + 1);
        Object[] grad = Programs.run(GradientPass.gradient(f, List.of("x", "y", "v", "M"), false), in);
        double expected = 0;
        for (int p = 0; p < 4; p++) {
            double[] gp = ((NDArray) grad[1 + p]).data();
            double[] dp = ((NDArray) dir[p]).data();
            for (int e = 0; e < gp.length; e++) {
                expected += gp[e] * dp[e];
            }
        }
        Object[] args = new Object[8];
        System.arraycopy(in, 0, args, 0, 4);
        System.arraycopy(dir, 0, args, 4, 4);
        Object[] out = Programs.run(TangentPass.jvp(f, List.of("x", "y", "v", "M")), args);
        double actual = ((NDArray) out[1]).item();
        assertEquals(expected, actual, 1e-10 * Math.max(1, Math.abs(expected)),
                "gradient·direction " + expected + " vs tangent " + actual + " of\n" + src);
    }
}
