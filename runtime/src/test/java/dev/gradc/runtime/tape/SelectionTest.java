package dev.gradc.runtime.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SelectionTest {

    @Test
    void whereSelectsElementwise() {
        Tensor x = Tensor.vector(-1, 2, -3);
        assertArrayEquals(new double[] {0, 2, 0}, Tensor.where(x.gt(0), x, Tensor.scalar(0)).data());
    }

    @Test
    void whereSendsTheAdjointToTheChosenSide() {
        Tensor a = Tensor.vector(1, 2, 3).requiresGrad();
        Tensor b = Tensor.vector(4, 5, 6).requiresGrad();
        Tensor.where(new boolean[] {true, false, true}, a, b).sum().backward();
        assertArrayEquals(new double[] {1, 0, 1}, a.grad().data());
        assertArrayEquals(new double[] {0, 1, 0}, b.grad().data());
    }

    @Test
    void whereBroadcastsAScalarBranchAndSumsItsAdjoint() {
        Tensor c = Tensor.scalar(7).requiresGrad();
        Tensor x = Tensor.matrix(new double[][] {{1, -1}, {-2, 2}});
        Tensor.where(x.lt(0), c, x).sum().backward();
        assertArrayEquals(new double[] {2}, c.grad().data());
    }

    @Test
    void comparisonsBroadcast() {
        Tensor m = Tensor.matrix(new double[][] {{1, 5}, {3, 2}});
        assertArrayEquals(new boolean[] {false, true, true, false}, m.ge(Tensor.vector(2, 5)).values());
    }

    @Test
    void masksCombineWithAndOrNot() {
        Mask p = Mask.of(true, true, false);
        Mask q = Mask.of(true, false, false);
        assertArrayEquals(new boolean[] {true, false, false}, p.and(q).values());
        assertArrayEquals(new boolean[] {true, true, false}, p.or(q).values());
        assertArrayEquals(new boolean[] {false, false, true}, p.not().values());
    }

    @Test
    void anyAndAllSummariseAMask() {
        assertTrue(Mask.of(false, true).any());
        assertFalse(Mask.of(false, true).all());
    }
}
