package dev.gradc.runtime.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShapingTest {

    private static final Tensor A = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
    private static final Tensor B = Tensor.matrix(new double[][] {{1, -1}, {0.5, 2}, {-3, 1}});

    /** Checks both operands' gradients of sum(f(a, b)·w) against central differences. */
    private static void assertMatmulGradients(Tensor a0, Tensor b0) {
        Tensor a = a0.requiresGrad();
        Tensor b = b0.requiresGrad();
        Tensor y = a.matmul(b);
        Tensor w = Tensor.of(IntStream.range(0, y.size()).mapToDouble(i -> 1.5 - i).toArray(),
                y.shape());
        Function<Tensor[], Tensor> f = in -> in[0].matmul(in[1]).mul(w).sum();
        f.apply(new Tensor[] {a, b}).backward();
        Tensor[] inputs = {a, b};
        FiniteDifferences.assertClose(FiniteDifferences.gradient(f, inputs, 0), a.grad().data(), 1e-8);
        FiniteDifferences.assertClose(FiniteDifferences.gradient(f, inputs, 1), b.grad().data(), 1e-8);
    }

    @Test
    void matrixTimesMatrixHasTheProductValues() {
        Tensor y = A.matmul(B);
        assertArrayEquals(new int[] {2, 2}, y.shape());
        assertArrayEquals(new double[] {-7, 6, -11.5, 12}, y.data());
    }

    @Test
    void matrixTimesMatrixGradientsMatchCentralDifferences() {
        assertMatmulGradients(A, B);
    }

    @Test
    void matrixTimesVectorGradientsMatchCentralDifferences() {
        assertMatmulGradients(A, Tensor.vector(1, -2, 0.5));
    }

    @Test
    void vectorTimesMatrixGradientsMatchCentralDifferences() {
        assertMatmulGradients(Tensor.vector(2, -1, 0.5), B);
    }

    @Test
    void vectorTimesVectorIsTheDotProductScalar() {
        Tensor d = Tensor.vector(1, 2, 3).matmul(Tensor.vector(4, 5, 6));
        assertEquals(0, d.rank());
        assertEquals(32.0, d.item());
    }

    @Test
    void matmulWithMismatchedInnerDimensionsNamesBothShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> A.matmul(A));
        assertTrue(e.getMessage().contains("[2,3]") && e.getMessage().contains("inner"), e.getMessage());
    }

    @Test
    void matmulOfAScalarIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(2).matmul(A));
    }

    @Test
    void transposeSwapsRowsAndColumns() {
        Tensor t = A.transpose();
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, t.data());
    }

    @Test
    void transposeGradientIsTransposedBack() {
        Tensor a = A.requiresGrad();
        a.transpose().mul(B).sum().backward();
        assertArrayEquals(B.transpose().data(), a.grad().data());
    }

    @Test
    void transposeOfAVectorIsTheVector() {
        Tensor v = Tensor.vector(1, 2);
        assertSame(v, v.transpose());
    }

    @Test
    void indexReadScattersItsGradientBack() {
        Tensor a = A.requiresGrad();
        a.get(1, 2).mul(3).add(a.get(0).sum()).backward();
        assertArrayEquals(new double[] {1, 1, 1, 0, 0, 3}, a.grad().data());
    }

    @Test
    void rowReadGivesAVector() {
        assertArrayEquals(new double[] {4, 5, 6}, A.get(1).data());
    }

    @Test
    void indexOutOfBoundsNamesTheAxisAndSize() {
        var e = assertThrows(IndexOutOfBoundsException.class, () -> A.get(0, 3));
        assertTrue(e.getMessage().contains("axis 1") && e.getMessage().contains("size 3"), e.getMessage());
    }

    @Test
    void stackOfScalarsIsAVectorAndSplitsItsGradient() {
        Tensor x = Tensor.scalar(2).requiresGrad();
        Tensor y = Tensor.scalar(3).requiresGrad();
        Tensor v = Tensor.stack(x, y, x.mul(y));
        v.dot(Tensor.vector(1, 10, 100)).backward();
        assertArrayEquals(new double[] {2, 3, 6}, v.data());
        assertEquals(1 + 100 * 3, x.grad().item());
        assertEquals(10 + 100 * 2, y.grad().item());
    }

    @Test
    void stackOfVectorsIsAMatrix() {
        Tensor m = Tensor.stack(Tensor.vector(1, 2), Tensor.vector(3, 4));
        assertArrayEquals(new int[] {2, 2}, m.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4}, m.data());
    }

    @Test
    void stackOfDifferentShapesIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.stack(Tensor.vector(1), Tensor.scalar(1)));
    }
}
