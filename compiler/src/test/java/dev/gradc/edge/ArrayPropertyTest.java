package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.IntND;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.passes.TangentPass;
import dev.gradc.testing.ArrayPrograms;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random programs with slices, indexed and slice updates, gathers, scatter-adds and loops
 * ({@link ArrayPrograms}): in every engine the value agrees and the gradient matches central differences,
 * and the tangent along a direction equals the gradient's inner product with it (⟨∇f, ẋ⟩ = J ẋ).
 */
class ArrayPropertyTest {

    private static double[] point(long seed) {
        Random r = new Random(seed);
        double[] x = new double[ArrayPrograms.N + 1];
        for (int k = 0; k < x.length; k++) {
            x[k] = r.nextDouble() * 1.6 - 0.8;
        }
        return x;
    }

    private static double value(FunctionIr f, double[] p, int[] idx) {
        Object[] in = {new NDArray(java.util.Arrays.copyOf(p, ArrayPrograms.N), new int[] {ArrayPrograms.N}),
            NDArray.scalar(p[ArrayPrograms.N]), IntND.vector(idx.clone())};
        return ((NDArray) Programs.run(f.graph(), in)[0]).item();
    }

    private static double central(FunctionIr f, double[] p, int[] idx, int k) {
        double h = 1e-5;
        double[] plus = p.clone();
        double[] minus = p.clone();
        plus[k] += h;
        minus[k] -= h;
        return (value(f, plus, idx) - value(f, minus, idx)) / (2 * h);
    }

    @Property(tries = 40, seed = "20261203")
    void everyEngineAgreesAndTheGradientMatchesCentralDifferences(@ForAll long seed) {
        String src = ArrayPrograms.generate(seed);
        int[] idx = ArrayPrograms.indices(seed);
        double[] p = point(seed);
        FunctionIr f = Programs.compile(src).function("f");
        Map<String, Engines.Answer> all = Engines.run(src, java.util.Arrays.copyOf(p, ArrayPrograms.N),
                p[ArrayPrograms.N], idx);
        double v = value(f, p, idx);
        for (var e : all.entrySet()) {
            assertEquals(v, e.getValue().value()[0], 1e-12 * Math.max(1, Math.abs(v)), e.getKey() + " value of\n" + src);
            double[] gx = e.getValue().gradient().get("x");
            double ga = e.getValue().gradient().get("a")[0];
            for (int k = 0; k <= ArrayPrograms.N; k++) {
                double fd = central(f, p, idx, k);
                double g = k < ArrayPrograms.N ? gx[k] : ga;
                assertEquals(fd, g, 1e-6 * Math.max(1, Math.abs(fd)), e.getKey() + " ∂" + k + " of\n" + src);
            }
        }
    }

    @Property(tries = 100, seed = "20261203")
    void theTangentIsTheGradientAlongTheDirection(@ForAll long seed) {
        String src = ArrayPrograms.generate(seed);
        int[] idx = ArrayPrograms.indices(seed);
        double[] p = point(seed);
        double[] d = point(seed + 1);
        FunctionIr f = Programs.compile(src).function("f");
        Object[] at = {new NDArray(java.util.Arrays.copyOf(p, ArrayPrograms.N), new int[] {ArrayPrograms.N}),
            NDArray.scalar(p[ArrayPrograms.N]), IntND.vector(idx.clone())};
        Object[] grad = Programs.run(Derivatives.gradient(f, List.of("x", "a")), at);
        double[] gx = ((NDArray) grad[1]).data();
        double expected = ((NDArray) grad[2]).item() * d[ArrayPrograms.N];
        for (int k = 0; k < ArrayPrograms.N; k++) {
            expected += gx[k] * d[k];
        }
        Object[] args = {new NDArray(java.util.Arrays.copyOf(p, ArrayPrograms.N), new int[] {ArrayPrograms.N}),
            NDArray.scalar(p[ArrayPrograms.N]), IntND.vector(idx.clone()),
            new NDArray(java.util.Arrays.copyOf(d, ArrayPrograms.N), new int[] {ArrayPrograms.N}),
            NDArray.scalar(d[ArrayPrograms.N])};
        Object[] out = Programs.run(TangentPass.jvp(f, List.of("x", "a")), args);
        double actual = ((NDArray) out[1]).item();
        assertTrue(Math.abs(expected - actual) <= 1e-10 * Math.max(1, Math.abs(expected)),
                "gradient·direction " + expected + " vs tangent " + actual + " of\n" + src);
    }
}
