package dev.gradc.bench.handwritten;

import static dev.gradc.bench.handwritten.Agreement.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.bench.CentralDifferences;
import dev.gradc.bench.Inputs;
import org.junit.jupiter.api.Test;

class ChainByHandTest {

    @Test
    void valueIsTheNestedSquares() {
        double w = 0.3;
        double x = -0.7;
        double y = 0.2;
        double z = 0.9;
        double a = Math.pow(w + x + y + z, 2);
        double b = Math.pow(w + x - y - z, 2);
        double expected = Math.pow(Math.pow(a + b, 2) + Math.pow(a - b, 2), 2);
        assertClose(expected, ChainByHand.chain(w, x, y, z), "chain");
    }

    @Test
    void gradientMatchesCentralDifferences() {
        Inputs in = new Inputs(7);
        for (int trial = 0; trial < 50; trial++) {
            double[] p = {in.uniform(-1, 1), in.uniform(-1, 1), in.uniform(-1, 1), in.uniform(-1, 1)};
            ChainByHand.Grad g = ChainByHand.chainGrad(p[0], p[1], p[2], p[3]);
            double[] fd = CentralDifferences.gradient(() -> ChainByHand.chain(p[0], p[1], p[2], p[3]), p);
            assertClose(fd, new double[] {g.w(), g.x(), g.y(), g.z()}, "chain gradient at trial " + trial);
            assertEquals(ChainByHand.chain(p[0], p[1], p[2], p[3]), g.value());
        }
    }

    @Test
    void gradientAtAPointWithOnlyOnePathIsAnalytic() {
        // w = 1, x = y = z = 0: p = q = 1, a = b = 1, u = 4, v = 0, f = 4, out = 16.
        // dout/dw = 2f · (2s · 2p + 2s · 2q) with s = 2, d = 0: 8 · (8 + 8) = 128; dout/dy = 8 · (8 - 8) = 0.
        ChainByHand.Grad g = ChainByHand.chainGrad(1, 0, 0, 0);
        assertEquals(16.0, g.value());
        assertEquals(128.0, g.w());
        assertEquals(128.0, g.x());
        assertEquals(0.0, g.y());
        assertEquals(0.0, g.z());
    }
}
