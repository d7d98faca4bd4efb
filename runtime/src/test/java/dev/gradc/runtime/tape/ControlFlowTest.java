package dev.gradc.runtime.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The seed's control-flow example written in plain Java with the tape: the loop and the branch run in
 * Java, the tape records only the ops taken. f is a·2^k or 100·a·2^k, so f'(a) = f(a)/a.
 */
class ControlFlowTest {

    /** b = 2a; while (norm(b) < 1000) b = 2b; c = sum(b) > 0 ? b : 100·b. */
    private static Tensor f(Tensor a) {
        Tensor b = a.mul(2);
        while (b.norm().item() < 1000) {
            b = b.mul(2);
        }
        return b.sum().item() > 0 ? b : Tensor.scalar(100).mul(b);
    }

    @Property(tries = 1000)
    void gradientIsTheValueOverTheInputForPositiveAndNegativeInputs(
            @ForAll @DoubleRange(min = 1, max = 2, maxIncluded = false) double mantissa,
            @ForAll @IntRange(min = -1000, max = 20) int exponent, @ForAll boolean negative) {
        double a0 = (negative ? -1 : 1) * Math.scalb(mantissa, exponent);
        Tensor a = Tensor.scalar(a0).requiresGrad();
        Tensor c = f(a);
        c.backward();
        double expected = c.item() / a0;
        assertEquals(expected, a.grad().item(), 1e-12 * Math.abs(expected));
    }
}
