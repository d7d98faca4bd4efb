package dev.gradc.runtime.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** CustomFunction: a hand-written backward, as PyTorch's autograd.Function. */
class CustomFunctionTest {

    /** The identity with its adjoint clipped to [-1, 1]. */
    private static Tensor clip(Tensor x) {
        return new CustomFunction("clip") {
            @Override
            protected Tensor forward(Context ctx, Tensor... in) {
                return in[0].mul(1);
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor ybar) {
                return new Tensor[] {ybar.min(1).max(-1)};
            }
        }.apply(x);
    }

    @Test
    void theBackwardRuleReplacesTheAutomaticDerivative() {
        Tensor x = Tensor.vector(2, -3, 0.5).requiresGrad();
        Tensor loss = clip(x.mul(x)).mul(Tensor.vector(5, 0.25, -4)).sum();
        assertEquals(4 * 5 + 9 * 0.25 + 0.25 * -4, loss.item(), 1e-15);
        loss.backward();
        // the seeds 5, 0.25 and -4 clipped to 1, 0.25, -1, then through x*x: 2x times that
        assertArrayEquals(new double[] {4, -1.5, -1}, x.grad().data(), 1e-15);
    }

    @Test
    void forwardRecordsNothingAndSavesWhatBackwardNeeds() {
        Tensor a = Tensor.scalar(0.7).requiresGrad();
        Tensor b = Tensor.scalar(1.9);
        Tensor y = new CustomFunction("hypot") {
            @Override
            protected Tensor forward(Context ctx, Tensor... in) {
                assertTrue(!in[0].needsGrad(), "inputs are detached in forward");
                Tensor h = in[0].square().add(in[1].square()).sqrt();
                ctx.saveForBackward(in[0], in[1], h);
                return h;
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor ybar) {
                Tensor h = ctx.savedTensors().get(2);
                return new Tensor[] {ybar.mul(ctx.savedTensors().get(0)).div(h), null};
            }
        }.apply(a, b);
        assertEquals(Math.hypot(0.7, 1.9), y.item(), 1e-15);
        y.backward();
        assertEquals(0.7 / Math.hypot(0.7, 1.9), a.grad().item(), 1e-15);
        assertNull(b.grad());
    }

    @Test
    void anAdjointOfTheWrongSizeIsAnError() {
        Tensor x = Tensor.vector(1, 2).requiresGrad();
        Tensor y = new CustomFunction("bad") {
            @Override
            protected Tensor forward(Context ctx, Tensor... in) {
                return in[0].sum();
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor ybar) {
                return new Tensor[] {Tensor.vector(1, 2, 3)};
            }
        }.apply(x);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertEquals("bad: the adjoint of input 0 has 3 elements; the input has 2", e.getMessage());
    }
}
