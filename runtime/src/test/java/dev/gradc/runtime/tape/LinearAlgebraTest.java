package dev.gradc.runtime.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gradc.runtime.linalg.MatrixException;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LinearAlgebraTest {

    private static final Random RND = new Random(7);

    private static Tensor random(int... shape) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = 2 * RND.nextDouble() - 1;
        }
        return Tensor.of(x, shape);
    }

    /** M·Mᵀ/n + I. */
    private static Tensor spd(int n) {
        Tensor m = random(n, n);
        return m.matmul(transpose(m)).div(n).add(LinearAlgebra.eye(n));
    }

    private static Tensor transpose(Tensor m) {
        int r = m.shape()[0];
        int c = m.shape()[1];
        double[] t = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j * r + i] = m.data()[i * c + j];
            }
        }
        return Tensor.of(t, c, r);
    }

    private static Tensor wellConditioned(int n) {
        Tensor a = random(n, n);
        double[] d = a.data().clone();
        for (int i = 0; i < n; i++) {
            d[i * n + i] += i % 2 == 0 ? 3 : -3;
        }
        return Tensor.of(d, n, n);
    }

    /** Checks every input's gradient of sum(op(inputs)·w) against central differences. */
    private static void assertGradients(Function<Tensor[], Tensor> op, Tensor... inputs0) {
        Tensor[] inputs = new Tensor[inputs0.length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = Tensor.of(inputs0[i].data().clone(), inputs0[i].shape()).requiresGrad();
        }
        Tensor y = op.apply(inputs);
        Tensor w = random(y.shape());
        Function<Tensor[], Tensor> f = in -> op.apply(in).mul(w).sum();
        f.apply(inputs).backward();
        for (int i = 0; i < inputs.length; i++) {
            FiniteDifferences.assertClose(FiniteDifferences.gradient(f, inputs, i), inputs[i].grad().data(), 1e-6);
        }
    }

    @Test
    void structuralOpsHaveTheirValues() {
        Tensor a = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new double[] {1, 5}, LinearAlgebra.diagonal(a).data());
        assertEquals(6, LinearAlgebra.trace(a).item());
        assertArrayEquals(new double[] {1, 0, 0, 4, 5, 0}, LinearAlgebra.tril(a).data());
        assertArrayEquals(new double[] {1, 2, 3, 0, 5, 6}, LinearAlgebra.triu(a).data());
        assertArrayEquals(new double[] {2, 0, 0, -1}, LinearAlgebra.diag(Tensor.vector(2, -1)).data());
        assertArrayEquals(new double[] {3, 4, 6, 8}, LinearAlgebra.outer(Tensor.vector(1, 2), Tensor.vector(3, 4)).data());
        assertArrayEquals(new double[] {1, 0, 0, 1}, LinearAlgebra.eye(2).data());
    }

    @Test
    void structuralGradientsMatchCentralDifferences() {
        assertGradients(in -> LinearAlgebra.diag(in[0]), random(4));
        assertGradients(in -> LinearAlgebra.diagonal(in[0]), random(3, 5));
        assertGradients(in -> LinearAlgebra.trace(in[0]), random(4, 3));
        assertGradients(in -> LinearAlgebra.tril(in[0]), random(4, 4));
        assertGradients(in -> LinearAlgebra.triu(in[0]), random(3, 4));
        assertGradients(in -> LinearAlgebra.outer(in[0], in[1]), random(3), random(5));
    }

    @Test
    void factorisationGradientsMatchCentralDifferences() {
        assertGradients(in -> LinearAlgebra.cholesky(in[0]), spd(5));
        Tensor l = LinearAlgebra.cholesky(spd(4));
        assertGradients(in -> LinearAlgebra.trisolve(in[0], in[1], false), l, random(4, 2));
        assertGradients(in -> LinearAlgebra.trisolve(in[0], in[1], true), l, random(4));
        assertGradients(in -> LinearAlgebra.solve(in[0], in[1]), wellConditioned(5), random(5));
        assertGradients(in -> LinearAlgebra.solve(in[0], in[1]), wellConditioned(4), random(4, 3));
        assertGradients(in -> LinearAlgebra.inv(in[0]), wellConditioned(4));
        assertGradients(in -> LinearAlgebra.det(in[0]), wellConditioned(4));
        assertGradients(in -> LinearAlgebra.logdet(in[0]), wellConditioned(5));
    }

    @Test
    void solveUndoesTheProduct() {
        Tensor a = wellConditioned(6);
        Tensor x = random(6, 2);
        FiniteDifferences.assertClose(x.data(), LinearAlgebra.solve(a, a.matmul(x)).data(), 1e-12);
    }

    @Test
    void logdetIsTwiceTheLogDiagonalOfCholeskyInValueAndGradient() {
        Tensor a1 = spd(6).requiresGrad();
        Tensor a2 = Tensor.of(a1.data().clone(), 6, 6).requiresGrad();
        Tensor direct = LinearAlgebra.logdet(a1);
        Tensor viaCholesky = LinearAlgebra.diagonal(LinearAlgebra.cholesky(a2)).log().sum().mul(2);
        assertEquals(direct.item(), viaCholesky.item(), 1e-12);
        direct.backward();
        viaCholesky.backward();
        FiniteDifferences.assertClose(a1.grad().data(), a2.grad().data(), 1e-10);
    }

    @Test
    void gaussianNegativeLogLikelihoodHasItsAnalyticGradient() {
        // f(K) = ½ yᵀK⁻¹y + ½ log det K through cholesky and the two triangular solves;
        // ∂f/∂K = ½ (K⁻¹ − α αᵀ) with α = K⁻¹y.
        int n = 5;
        Tensor k = spd(n).requiresGrad();
        Tensor y = random(n);
        Tensor l = LinearAlgebra.cholesky(k);
        Tensor z = LinearAlgebra.trisolve(l, y, false);
        Tensor f = z.dot(z).mul(0.5).add(LinearAlgebra.diagonal(l).log().sum());
        f.backward();
        Tensor kInv = LinearAlgebra.inv(k.detach());
        Tensor alpha = LinearAlgebra.solve(k.detach(), y);
        Tensor expected = kInv.sub(LinearAlgebra.outer(alpha, alpha)).mul(0.5);
        FiniteDifferences.assertClose(expected.data(), k.grad().data(), 1e-10);
    }

    @Test
    void constantInputsGetNoGradient() {
        Tensor a = wellConditioned(3);
        Tensor b = random(3).requiresGrad();
        LinearAlgebra.solve(a, b).sum().backward();
        assertNull(a.grad());
    }

    @Test
    void nonSquareAndNotPositiveDefiniteAreMatrixErrors() {
        MatrixException e = assertThrows(MatrixException.class, () -> LinearAlgebra.det(random(2, 3)));
        assertEquals(MatrixException.Kind.NOT_SQUARE, e.kind());
        assertEquals("det: the matrix is 2×3, not square", e.getMessage());
        Tensor indefinite = Tensor.matrix(new double[][] {{1, 2}, {2, 1}});
        assertEquals(1, assertThrows(MatrixException.class, () -> LinearAlgebra.cholesky(indefinite)).index());
        assertThrows(IllegalArgumentException.class, () -> LinearAlgebra.solve(wellConditioned(3), random(4)));
    }
}
