package dev.gradc.runtime.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;

/** Central finite differences, the independent truth for gradients, and a comparison with tolerance. */
final class FiniteDifferences {

    static final double H = 1e-6;

    private FiniteDifferences() {
    }

    /**
     * ∂f/∂(inputs[which]) by central differences, element by element, with f evaluated on constants.
     * f must return a scalar.
     */
    static double[] gradient(Function<Tensor[], Tensor> f, Tensor[] inputs, int which) {
        double[] x = inputs[which].data();
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double saved = x[i];
            x[i] = saved + H;
            double up = evaluate(f, inputs, which, x);
            x[i] = saved - H;
            double down = evaluate(f, inputs, which, x);
            x[i] = saved;
            g[i] = (up - down) / (2 * H);
        }
        return g;
    }

    /** The same for a function of one tensor. */
    static double[] gradient(Function<Tensor, Tensor> f, Tensor x) {
        return gradient(in -> f.apply(in[0]), new Tensor[] {x}, 0);
    }

    private static double evaluate(Function<Tensor[], Tensor> f, Tensor[] inputs, int which, double[] x) {
        Tensor[] shifted = inputs.clone();
        shifted[which] = Tensor.of(x, inputs[which].shape());
        try (var scope = Tape.noGrad()) {
            return f.apply(shifted).item();
        }
    }

    /** Asserts |expected - actual| <= tolerance·max(1, |expected|) element by element. */
    static void assertClose(double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tolerance * scale, "element " + i);
        }
    }
}
