package dev.gradc.runtime.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void scalarHasRankZero() {
        Tensor s = Tensor.scalar(4);
        assertArrayEquals(new int[0], s.shape());
        assertEquals(4.0, s.item());
    }

    @Test
    void matrixIsRowMajor() {
        Tensor m = Tensor.matrix(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        assertArrayEquals(new int[] {3, 2}, m.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, m.data());
    }

    @Test
    void raggedMatrixIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.matrix(new double[][] {{1, 2}, {3}}));
    }

    @Test
    void ofRejectsDataThatDoesNotFitTheShape() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[5], 2, 3));
        assertTrue(e.getMessage().contains("[2,3]"), e.getMessage());
    }

    @Test
    void zerosAndOnesFillTheShape() {
        assertArrayEquals(new double[] {0, 0, 0, 0}, Tensor.zeros(2, 2).data());
        assertArrayEquals(new double[] {1, 1, 1}, Tensor.ones(3).data());
    }

    @Test
    void factoriesCopyTheirInput() {
        double[] values = {1, 2};
        Tensor v = Tensor.vector(values);
        values[0] = 99;
        assertEquals(1.0, v.data()[0]);
    }

    @Test
    void dataReturnsACopy() {
        Tensor v = Tensor.vector(1, 2);
        v.data()[0] = 99;
        assertEquals(1.0, v.data()[0]);
    }

    @Test
    void itemOfANonScalarSaysSoWithTheShape() {
        var e = assertThrows(IllegalStateException.class, () -> Tensor.vector(1, 2).item());
        assertTrue(e.getMessage().contains("scalar") && e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void toStringShowsValuesAndHowTheTensorWasMade() {
        assertEquals("tensor(2.0, requiresGrad)", Tensor.scalar(2).requiresGrad().toString());
        assertEquals("tensor([1.0, 2.0, 3.0, 4.0], shape [2,2])",
                Tensor.matrix(new double[][] {{1, 2}, {3, 4}}).toString());
        assertEquals("tensor(4.0, op mul)", Tensor.scalar(2).requiresGrad().mul(2).toString());
    }
}
