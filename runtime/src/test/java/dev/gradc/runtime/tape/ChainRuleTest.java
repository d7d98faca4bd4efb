package dev.gradc.runtime.tape;

import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** The chain rule over a graph where every input reaches the output along many paths. */
class ChainRuleTest {

    /** f(u,v) = (u+v)², u = (a+b)², v = (a−b)², a = (w+x+y+z)², b = (w+x−y−z)². */
    private static final Function<Tensor[], Tensor> F = in -> {
        Tensor w = in[0];
        Tensor x = in[1];
        Tensor y = in[2];
        Tensor z = in[3];
        Tensor a = w.add(x).add(y).add(z).square();
        Tensor b = w.add(x).sub(y).sub(z).square();
        Tensor u = a.add(b).square();
        Tensor v = a.sub(b).square();
        return u.add(v).square();
    };

    private static void assertMatchesCentralDifferences(double... values) {
        Tensor[] inputs = new Tensor[values.length];
        for (int i = 0; i < values.length; i++) {
            inputs[i] = Tensor.scalar(values[i]).requiresGrad();
        }
        F.apply(inputs).backward();
        for (int i = 0; i < inputs.length; i++) {
            FiniteDifferences.assertClose(FiniteDifferences.gradient(F, inputs, i), inputs[i].grad().data(), 1e-7);
        }
    }

    @Test
    void multiPathGradientMatchesCentralDifferences() {
        assertMatchesCentralDifferences(0.1, 0.2, 0.3, 0.05);
    }

    @Property(tries = 200)
    void multiPathGradientMatchesCentralDifferencesAnywhere(
            @ForAll @DoubleRange(min = -0.6, max = 0.6) double w, @ForAll @DoubleRange(min = -0.6, max = 0.6) double x,
            @ForAll @DoubleRange(min = -0.6, max = 0.6) double y, @ForAll @DoubleRange(min = -0.6, max = 0.6) double z) {
        assertMatchesCentralDifferences(w, x, y, z);
    }
}
