package dev.gradc.runtime.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackwardTest {

    private static Tensor cubic(Tensor x) {
        return x.pow(3).add(x.square().mul(2)).sub(x.mul(5)).add(1);
    }

    @Test
    void gradientOfTheSeedPolynomialAtTwoIsFifteen() {
        Tensor x = Tensor.scalar(2).requiresGrad();
        Tensor f = cubic(x);
        f.backward();
        assertEquals(7.0, f.item());
        assertEquals(15.0, x.grad().item());
    }

    @Test
    void seededBackwardOfVectorGivesTheVectorJacobianProduct() {
        Tensor x = Tensor.vector(1, 2, 3).requiresGrad();
        x.mul(x).backward(Tensor.vector(1, 1, 1));
        assertArrayEquals(new double[] {2, 4, 6}, x.grad().data());
    }

    @Test
    void backwardWithoutSeedOnAVectorSaysTheOutputIsNotAScalar() {
        Tensor x = Tensor.vector(1, 2, 3).requiresGrad();
        var e = assertThrows(IllegalStateException.class, () -> x.mul(x).backward());
        assertTrue(e.getMessage().contains("not a scalar"), e.getMessage());
        assertTrue(e.getMessage().contains("backward(Tensor seed)"), e.getMessage());
    }

    @Test
    void seedOfTheWrongShapeIsRejectedNamingBothShapes() {
        Tensor x = Tensor.vector(1, 2, 3).requiresGrad();
        var e = assertThrows(IllegalArgumentException.class, () -> x.mul(2).backward(Tensor.vector(1, 1)));
        assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void adjointsFromSeveralPathsAddUp() {
        Tensor x = Tensor.scalar(3).requiresGrad();
        x.mul(x).add(x).add(x.sin()).backward();
        assertEquals(2 * 3 + 1 + Math.cos(3), x.grad().item(), 1e-15);
    }

    @Test
    void gradientsAccumulateAcrossBackwardPasses() {
        Tensor x = Tensor.scalar(2).requiresGrad();
        x.square().backward();
        x.square().backward();
        assertEquals(8.0, x.grad().item());
    }

    @Test
    void zeroGradForgetsTheGradient() {
        Tensor x = Tensor.scalar(2).requiresGrad();
        x.square().backward();
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void leafWithoutBackwardHasNoGradient() {
        assertNull(Tensor.scalar(2).requiresGrad().grad());
    }

    @Test
    void secondBackwardThroughAFreedGraphFailsClearly() {
        Tensor x = Tensor.scalar(2).requiresGrad();
        Tensor y = x.square().sin();
        y.backward();
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("freed"), e.getMessage());
        assertTrue(e.getMessage().contains("backward(true)"), e.getMessage());
    }

    @Test
    void retainedGraphRunsBackwardTwice() {
        Tensor x = Tensor.scalar(2).requiresGrad();
        Tensor y = x.square();
        y.backward(true);
        y.backward();
        assertEquals(8.0, x.grad().item());
    }

    @Test
    void failedBackwardOnAFreedGraphAccumulatesNothing() {
        Tensor x = Tensor.scalar(2).requiresGrad();
        Tensor y = x.square();
        Tensor z = y.mul(x);
        y.backward();
        assertThrows(IllegalStateException.class, z::backward);
        assertEquals(4.0, x.grad().item());
    }

    @Test
    void backwardOnAConstantSaysNothingRequiresGradients() {
        var e = assertThrows(IllegalStateException.class, () -> Tensor.scalar(2).square().backward());
        assertTrue(e.getMessage().contains("does not require gradients"), e.getMessage());
    }

    @Test
    void backwardOnALeafSeedsItsGradient() {
        Tensor x = Tensor.scalar(5).requiresGrad();
        x.backward();
        assertEquals(1.0, x.grad().item());
    }

    @Test
    void onlyInputsThatRequireGradientsGetOne() {
        Tensor x = Tensor.scalar(2).requiresGrad();
        Tensor c = Tensor.scalar(3);
        x.mul(c).backward();
        assertNull(c.grad());
        assertEquals(3.0, x.grad().item());
    }

    @Test
    void aMillionStepChainDoesNotOverflowTheStack() {
        Tensor x = Tensor.scalar(0.5).requiresGrad();
        Tensor y = x;
        for (int i = 0; i < 1_000_000; i++) {
            y = y.add(x);
        }
        y.backward();
        assertEquals(1_000_001.0, x.grad().item());
    }

    @Test
    void requiresGradOnAComputedTensorMakesAFreshLeaf() {
        Tensor x = Tensor.scalar(2).requiresGrad();
        Tensor y = x.square().requiresGrad();
        assertTrue(y.isLeaf());
        y.mul(3).backward();
        assertEquals(3.0, y.grad().item());
        assertNull(x.grad());
    }
}
