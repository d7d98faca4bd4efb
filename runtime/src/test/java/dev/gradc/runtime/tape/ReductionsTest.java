package dev.gradc.runtime.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReductionsTest {

    private static final double[][] ROWS = {{1, 2, 3}, {4, 5, 6}};

    private static Tensor matrix() {
        return Tensor.matrix(ROWS).requiresGrad();
    }

    @Test
    void sumAlongAxisZeroAddsTheRows() {
        assertArrayEquals(new double[] {5, 7, 9}, matrix().sum(0).data());
    }

    @Test
    void sumAlongTheLastAxisAddsEachRow() {
        assertArrayEquals(new double[] {6, 15}, matrix().sum(-1).data());
    }

    @Test
    void sumAlongAnAxisSpreadsTheAdjointBack() {
        Tensor x = matrix();
        x.sum(1).backward(Tensor.vector(2, 3));
        assertArrayEquals(new double[] {2, 2, 2, 3, 3, 3}, x.grad().data());
    }

    @Test
    void axisOutOfRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> matrix().sum(2));
    }

    @Test
    void meanGradientIsOneOverN() {
        Tensor x = matrix();
        x.mean().backward();
        assertArrayEquals(new double[] {1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0}, x.grad().data());
    }

    @Test
    void meanAlongAxisAveragesColumns() {
        assertArrayEquals(new double[] {2.5, 3.5, 4.5}, matrix().mean(0).data());
    }

    @Test
    void maxvalSplitsTheAdjointEvenlyAmongTiedMaxima() {
        Tensor x = Tensor.vector(3, 1, 3, 3).requiresGrad();
        x.maxval().backward();
        assertArrayEquals(new double[] {1 / 3.0, 0, 1 / 3.0, 1 / 3.0}, x.grad().data());
    }

    @Test
    void maxvalAlongAxisTakesEachRowsMaximum() {
        Tensor x = Tensor.matrix(new double[][] {{1, 9}, {8, 2}}).requiresGrad();
        Tensor m = x.maxval(1);
        m.sum().backward();
        assertArrayEquals(new double[] {9, 8}, m.data());
        assertArrayEquals(new double[] {0, 1, 1, 0}, x.grad().data());
    }

    @Test
    void maxvalOfAnEmptyTensorIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0).maxval());
    }

    @Test
    void logsumexpIsStableForLargeValues() {
        assertEquals(1000 + Math.log(2), Tensor.vector(1000, 1000).logsumexp().item(), 1e-12);
    }

    @Test
    void logsumexpOfAllNegativeInfinityIsNegativeInfinity() {
        double inf = Double.NEGATIVE_INFINITY;
        assertEquals(inf, Tensor.vector(inf, inf).logsumexp().item());
    }

    @Test
    void logsumexpGradientIsTheSoftmax() {
        Tensor x = Tensor.vector(1, 2, 3).requiresGrad();
        x.logsumexp().backward();
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        FiniteDifferences.assertClose(new double[] {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z},
                x.grad().data(), 1e-15);
    }

    @Test
    void logsumexpAlongAxisMatchesCentralDifferences() {
        Tensor x = matrix();
        Tensor w = Tensor.vector(0.3, -1.1);
        x.logsumexp(1).dot(w).backward();
        FiniteDifferences.assertClose(FiniteDifferences.gradient(t -> t.logsumexp(1).dot(w), x),
                x.grad().data(), 1e-8);
    }

    @Test
    void softmaxRowsSumToOne() {
        assertArrayEquals(new double[] {1, 1}, Tensor.matrix(new double[][] {{1, 2, 900}, {-5, 0, 5}})
                .softmax(1).sum(1).data(), 1e-15);
    }

    @Test
    void softmaxAlongAxisZeroMatchesCentralDifferences() {
        Tensor x = matrix();
        Tensor w = Tensor.matrix(new double[][] {{0.5, -2, 1}, {1.5, 0.25, -1}});
        x.softmax(0).mul(w).sum().backward();
        FiniteDifferences.assertClose(FiniteDifferences.gradient(t -> t.softmax(0).mul(w).sum(), x),
                x.grad().data(), 1e-8);
    }

    @Test
    void normOfAScalarIsItsAbsoluteValue() {
        assertEquals(2.5, Tensor.scalar(-2.5).norm().item());
    }

    @Test
    void normGradientIsTheUnitVector() {
        Tensor x = Tensor.vector(3, 4).requiresGrad();
        x.norm().backward();
        assertArrayEquals(new double[] {0.6, 0.8}, x.grad().data(), 1e-16);
    }

    @Test
    void normGradientAtZeroIsZero() {
        Tensor x = Tensor.vector(0, 0).requiresGrad();
        x.norm().backward();
        assertArrayEquals(new double[] {0, 0}, x.grad().data());
    }

    @Test
    void dotGradientsAreTheOtherOperand() {
        Tensor a = Tensor.vector(1, 2).requiresGrad();
        Tensor b = Tensor.vector(3, 4).requiresGrad();
        Tensor d = a.dot(b);
        d.backward();
        assertEquals(11.0, d.item());
        assertArrayEquals(new double[] {3, 4}, a.grad().data());
        assertArrayEquals(new double[] {1, 2}, b.grad().data());
    }

    @Test
    void dotOfDifferentShapesIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.vector(1, 2).dot(Tensor.vector(1, 2, 3)));
    }
}
