package dev.gradc.runtime.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class DetachTest {

    @Test
    void detachedFactorIsAConstantToTheDerivative() {
        Tensor x = Tensor.scalar(2).requiresGrad();
        x.mul(x.mul(x).detach()).backward();
        assertEquals(4.0, x.grad().item());
    }

    @Test
    void withoutDetachTheSameProductHasTheFullDerivative() {
        Tensor x = Tensor.scalar(2).requiresGrad();
        x.mul(x.mul(x)).backward();
        assertEquals(12.0, x.grad().item());
    }

    @Test
    void detachedTensorDoesNotRequireGradients() {
        assertFalse(Tensor.scalar(2).requiresGrad().square().detach().needsGrad());
    }

    @Test
    void requiresGradFalseDetaches() {
        assertFalse(Tensor.scalar(2).requiresGrad().requiresGrad(false).needsGrad());
    }
}
