package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Forward and reverse mode are two views of one Jacobian: on random programs with vector outputs
 * ⟨u, J v⟩ computed by a JVP equals ⟨Jᵀ u, v⟩ computed by a VJP; and Hessians (forward-over-reverse) are
 * symmetric and equal central differences of the gradient.
 */
class ForwardReverseAgreementTest {

    private static final List<String> WRT = List.of("x", "y", "v", "M");

    private static NDArray vector(Random r) {
        return new NDArray(new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()}, new int[] {3});
    }

    private static double dot(Object a, Object b) {
        double[] x = ((NDArray) a).data();
        double[] y = ((NDArray) b).data();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    @Property(tries = 150, seed = "20261125")
    void jvpAndVjpAgreeOnEveryRandomVectorProgram(@ForAll long seed) {
        String src = RandomPrograms.generateVectorOutput(seed);
        FunctionIr f = Programs.compile(src).function("f");
        Object[] in = GradientPropertyTest.inputs(seed);
        Object[] dir = GradientPropertyTest.inputs(seed + 1);
        NDArray u = vector(new Random(seed));
        Object[] jvpArgs = new Object[8];
        System.arraycopy(in, 0, jvpArgs, 0, 4);
        System.arraycopy(dir, 0, jvpArgs, 4, 4);
        double uJv = dot(u, Programs.run(Derivatives.jvp(f, WRT), jvpArgs)[1]);
        Object[] vjpArgs = new Object[5];
        System.arraycopy(in, 0, vjpArgs, 0, 4);
        vjpArgs[4] = u;
        Object[] vjp = Programs.run(Derivatives.vjp(f, WRT), vjpArgs);
        double jTuv = 0;
        for (int p = 0; p < 4; p++) {
            jTuv += dot(vjp[1 + p], dir[p]);
        }
        assertEquals(uJv, jTuv, 1e-10 * Math.max(1, Math.abs(uJv)), src);
    }

    @Property(tries = 60, seed = "20261125")
    void hessiansAreSymmetricAndMatchDifferencesOfTheGradient(@ForAll long seed) {
        String src = RandomPrograms.generate(seed);
        FunctionIr f = Programs.compile(src).function("f");
        Object[] in = GradientPropertyTest.inputs(seed);
        int n = 1 + 1 + 3 + 6;
        double[][] h = new double[n][];
        var hvp = Derivatives.hvp(f, WRT);
        var grad = Derivatives.gradient(f, WRT);
        for (int j = 0; j < n; j++) {
            Object[] args = new Object[8];
            System.arraycopy(in, 0, args, 0, 4);
            Object[] basis = unit(j);
            System.arraycopy(basis, 0, args, 4, 4);
            Object[] out = Programs.run(hvp, args);
            h[j] = flatten(out, 5);
            double[] up = flatten(Programs.run(grad, shifted(in, j, 1e-5)), 1);
            double[] down = flatten(Programs.run(grad, shifted(in, j, -1e-5)), 1);
            for (int i = 0; i < n; i++) {
                double fd = (up[i] - down[i]) / 2e-5;
                assertEquals(fd, h[j][i], 1e-5 * Math.max(1, Math.abs(fd)), "H[" + i + "][" + j + "] of\n" + src);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                assertEquals(h[i][j], h[j][i], 1e-9 * Math.max(1, Math.abs(h[i][j])), "symmetry of\n" + src);
            }
        }
    }

    private static final int[][] SHAPES = {{}, {}, {3}, {2, 3}};

    private static Object[] unit(int j) {
        Object[] out = new Object[4];
        int offset = 0;
        for (int p = 0; p < 4; p++) {
            int size = p < 2 ? 1 : p == 2 ? 3 : 6;
            double[] d = new double[size];
            if (j >= offset && j < offset + size) {
                d[j - offset] = 1;
            }
            out[p] = new NDArray(d, SHAPES[p]);
            offset += size;
        }
        return out;
    }

    private static Object[] shifted(Object[] in, int j, double h) {
        Object[] e = unit(j);
        Object[] out = new Object[4];
        for (int p = 0; p < 4; p++) {
            double[] a = ((NDArray) in[p]).data().clone();
            double[] b = ((NDArray) e[p]).data();
            for (int k = 0; k < a.length; k++) {
                a[k] += h * b[k];
            }
            out[p] = new NDArray(a, SHAPES[p]);
        }
        return out;
    }

    private static double[] flatten(Object[] results, int first) {
        double[] out = new double[11];
        int k = 0;
        for (int p = 0; p < 4; p++) {
            for (double d : ((NDArray) results[first + p]).data()) {
                out[k++] = d;
            }
        }
        return out;
    }
}
