package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * In a loop body, the arrays of the ops that are not elementwise (a slice copied out of a matrix, a triangle,
 * a diagonal, diag, a transpose, a sum along an axis) are buffers the loop allocates once when no trip keeps
 * them, as elementwise arrays and products already were; and those ops read their operands without keeping
 * them (each writes a new array), so an operand read only by them is no longer thought to escape its trip.
 * Before, each of them allocated per trip (the GMM's per-component D × D blocks and N-vectors). Counted in
 * bytes per trip (the difference between two trip counts), not timed; the gradient against central
 * differences of the value.
 */
class LoopArrayOpsTest {

    private static final String BLOCKS = """
            module arrays.Blocks;
            @grad(ls, x)
            fn f<K, D, KD>(ls: real[KD, D], x: real[D]) -> real {
              acc = 0;
              for k in 0..K {
                block = ls[k * D:k * D + D, :];
                lk = tril(block) - diag(diagonal(block));
                q = diag(exp(x)) + transpose(lk);
                z = q @ x;
                acc = acc + sum(z * z) + sum(sum(lk * q, 1) * x);
              }
              return acc;
            }
            """;

    private static final CompiledModule COMPILED = CompiledModule.load(Programs.compile(BLOCKS));
    private static final int D = 16;

    private static double[] normal(int n, long seed, double scale) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale * r.nextGaussian();
        }
        return x;
    }

    private static Object[] args(int k, double[] ls, double[] x) {
        return new Object[] {k, D, k * D, ls, x};
    }

    private static long perTrip(boolean grad) {
        double[] x = normal(D, 2, 0.3);
        double[] few = normal(32 * D * D, 1, 0.3);
        double[] many = normal(64 * D * D, 1, 0.3);
        Runnable a = grad ? () -> COMPILED.grad("f", args(32, few, x)) : () -> COMPILED.value("f", args(32, few, x));
        Runnable b = grad ? () -> COMPILED.grad("f", args(64, many, x)) : () -> COMPILED.value("f", args(64, many, x));
        long perTrip = Allocation.perTrip(a, b, 32);
        System.out.println((grad ? "gradient" : "value") + ": " + perTrip + " bytes per trip");
        return perTrip;
    }

    @Test
    void theValueAllocatesNothingPerTrip() {
        long perTrip = perTrip(false);
        // a copy of the block, tril, diagonal, diag (twice), exp(x), lk, the transpose and the row sums, new per
        // trip: 12,816 bytes a trip with D = 16; all of them buffers made once: nothing
        assertTrue(perTrip < 64, perTrip + " bytes per trip");
    }

    @Test
    void theGradientAllocatesItsBlocksOncePerCall() {
        long perTrip = perTrip(true);
        // the forward, the recomputed trips and the reverse allocated the same ops' arrays and their adjoints' per
        // trip: 40,496 bytes a trip; buffers made once: 2,192 (the products' row accumulators, the kept state)
        assertTrue(perTrip < 4_000, perTrip + " bytes per trip");
    }

    @Test
    void theGradientIsTheValuesCentralDifferences() {
        int k = 3;
        double[] ls = normal(k * D * D, 7, 0.3);
        double[] x = normal(D, 8, 0.3);
        CompiledModule.Result grad = COMPILED.grad("f", args(k, ls, x));
        double[] gls = (double[]) grad.parts().get("ls");
        double[] gx = (double[]) grad.parts().get("x");
        double h = 1e-6;
        for (int i = 0; i < ls.length; i += 7) {
            assertEquals(central(ls, i, h, () -> value(k, ls, x)), gls[i], 1e-6 * (1 + Math.abs(gls[i])), "ls[" + i + "]");
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(central(x, i, h, () -> value(k, ls, x)), gx[i], 1e-6 * (1 + Math.abs(gx[i])), "x[" + i + "]");
        }
        assertEquals(value(k, ls, x), ((Number) grad.value()).doubleValue(), 1e-12 * Math.abs(value(k, ls, x)));
    }

    private static double value(int k, double[] ls, double[] x) {
        return ((Number) COMPILED.value("f", args(k, ls, x))).doubleValue();
    }

    private static double central(double[] a, int i, double h, java.util.function.DoubleSupplier f) {
        double keep = a[i];
        a[i] = keep + h;
        double up = f.getAsDouble();
        a[i] = keep - h;
        double down = f.getAsDouble();
        a[i] = keep;
        return (up - down) / (2 * h);
    }
}
