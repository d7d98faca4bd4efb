package dev.gradc.nested;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;

/** The generated {@code fHvp} of {@code @hvp}: against the generated dense Hessian and a closed form. */
class GeneratedHvpTest {

    @Test
    void hvpIsTheHessianTimesV() {
        CompiledModule m = CompiledModule.load(Programs.compile("""
                @hvp(x, w)
                @hessian(x, w)
                fn f(x: real[3], w: real) -> real {
                  s = 0;
                  for i in 0..4 { s = s + sin(w * sum(x * x)) * x[1]; }
                  return s;
                }
                """));
        double[] x = {0.3, -0.4, 0.8};
        double w = 0.9;
        double[] vx = {1, -2, 0.5};
        double vw = 0.25;
        CompiledModule.Result h = m.hessian("f", x, w);
        CompiledModule.Result p = m.hvp("f", x, w, vx, vw);
        double[][] dense = (double[][]) h.parts().get("hessian");
        double[] v = {vx[0], vx[1], vx[2], vw};
        double[] hv = new double[4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                hv[i] += dense[i][j] * v[j];
            }
        }
        assertArrayEquals(new double[] {hv[0], hv[1], hv[2]}, (double[]) p.parts().get("xHvp"), 1e-12);
        assertEquals(hv[3], (Double) p.parts().get("wHvp"), 1e-12);
        assertArrayEquals((double[]) h.parts().get("x"), (double[]) p.parts().get("x"), 0);
        assertEquals((Double) h.value(), (Double) p.value(), 0);
    }

    @Test
    void oneParameterTakesDirectionV() {
        CompiledModule m = CompiledModule.load(Programs.compile("""
                @hvp(x)
                fn q(x: real[2]) -> real { return x[0] * x[0] * x[1] + 3 * x[1] * x[1]; }
                """));
        // H = [[2 x1, 2 x0], [2 x0, 6]]
        CompiledModule.Result r = m.hvp("q", new double[] {1.5, -2}, new double[] {1, 1});
        assertArrayEquals(new double[] {2 * -2 + 2 * 1.5, 2 * 1.5 + 6}, (double[]) r.parts().get("xHvp"), 1e-12);
        org.junit.jupiter.api.Assertions.assertTrue(m.emitted().source().contains("qHvp(double[] x, double[] v)"),
                m.emitted().source());
    }
}
