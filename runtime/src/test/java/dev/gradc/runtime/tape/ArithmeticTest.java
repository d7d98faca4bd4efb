package dev.gradc.runtime.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArithmeticTest {

    private static final Tensor MATRIX = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});

    @Test
    void vectorBroadcastsOverTheRowsOfAMatrix() {
        assertArrayEquals(new double[] {11, 22, 33, 14, 25, 36},
                MATRIX.add(Tensor.vector(10, 20, 30)).data());
    }

    @Test
    void scalarBroadcastsWithAnything() {
        assertArrayEquals(new double[] {2, 4, 6, 8, 10, 12}, Tensor.scalar(2).mul(MATRIX).data());
    }

    @Test
    void gradientOfABroadcastVectorSumsOverTheRows() {
        Tensor v = Tensor.vector(1, 1, 1).requiresGrad();
        MATRIX.mul(v).sum().backward();
        assertArrayEquals(new double[] {5, 7, 9}, v.grad().data());
    }

    @Test
    void gradientOfABroadcastScalarSumsOverEverything() {
        Tensor c = Tensor.scalar(3).requiresGrad();
        MATRIX.sub(c).sum().backward();
        assertEquals(-6.0, c.grad().item());
    }

    @Test
    void shapesThatDoNotBroadcastAreRejectedNamingBoth() {
        var e = assertThrows(IllegalArgumentException.class, () -> MATRIX.add(Tensor.vector(1, 2)));
        assertTrue(e.getMessage().contains("[2,3]") && e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void sizeOneDimensionsAreNotStretched() {
        Tensor row = Tensor.matrix(new double[][] {{1, 2, 3}});
        assertThrows(IllegalArgumentException.class, () -> MATRIX.add(row));
    }

    @Test
    void quotientRuleGivesBothPartials() {
        Tensor a = Tensor.scalar(3).requiresGrad();
        Tensor b = Tensor.scalar(4).requiresGrad();
        a.div(b).backward();
        assertEquals(0.25, a.grad().item());
        assertEquals(-3.0 / 16, b.grad().item(), 1e-17);
    }

    @Test
    void powerGivesBothPartials() {
        Tensor a = Tensor.scalar(2).requiresGrad();
        Tensor b = Tensor.scalar(3).requiresGrad();
        a.pow(b).backward();
        assertEquals(12.0, a.grad().item());
        assertEquals(8 * Math.log(2), b.grad().item(), 1e-15);
    }

    @Test
    void maxTieSendsTheAdjointToTheFirstArgument() {
        Tensor a = Tensor.scalar(1).requiresGrad();
        Tensor b = Tensor.scalar(1).requiresGrad();
        a.max(b).backward();
        assertEquals(1.0, a.grad().item());
        assertEquals(0.0, b.grad().item());
    }

    @Test
    void minTieSendsTheAdjointToTheFirstArgument() {
        Tensor a = Tensor.scalar(1).requiresGrad();
        Tensor b = Tensor.scalar(1).requiresGrad();
        a.min(b).backward();
        assertEquals(1.0, a.grad().item());
        assertEquals(0.0, b.grad().item());
    }

    @Test
    void maxSendsTheAdjointToTheLargerArgument() {
        Tensor a = Tensor.vector(1, 5).requiresGrad();
        Tensor b = Tensor.vector(2, 3).requiresGrad();
        a.max(b).sum().backward();
        assertArrayEquals(new double[] {0, 1}, a.grad().data());
        assertArrayEquals(new double[] {1, 0}, b.grad().data());
    }

    @Test
    void constantOperandGetsNoGradient() {
        Tensor a = Tensor.scalar(2).requiresGrad();
        Tensor c = Tensor.vector(1, 2);
        a.mul(c).sum().backward();
        assertNull(c.grad());
        assertEquals(3.0, a.grad().item());
    }
}
