package dev.gradc.runtime.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Forward mode ({@link Tensor#dual}) of every op against its reverse mode: for y = f(x), ⟨ȳ, J·ẋ⟩ must equal
 * ⟨Jᵀ·ȳ, ẋ⟩ for random ẋ and ȳ; and reverse over forward: the gradient of the tangent ⟨∇f, v⟩ is H·v, checked
 * against central differences of the gradient.
 */
class ForwardModeTest {

    private static final Random RANDOM = new Random(7);

    static Tensor random(int... shape) {
        double[] d = new double[Tensor.checkSize(-1, shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.3 + RANDOM.nextDouble();
        }
        return Tensor.of(d, shape);
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.data[i] * b.data[i];
        }
        return s;
    }

    /** Ops of two arguments, each a matrix [3,3] (the Cholesky factor and solves want a well-conditioned one). */
    static final List<Function<Tensor[], Tensor>> OPS = List.of(
            a -> a[0].add(a[1]), a -> a[0].sub(a[1]), a -> a[0].mul(a[1]), a -> a[0].div(a[1]), a -> a[0].pow(a[1]),
            a -> a[0].min(a[1]), a -> a[0].max(a[1]), a -> a[0].atan2(a[1]), a -> a[0].neg(), a -> a[0].sin(),
            a -> a[0].cos(), a -> a[0].tan(), a -> a[0].exp(), a -> a[0].log(), a -> a[0].sqrt(), a -> a[0].tanh(),
            a -> a[0].sigmoid(), a -> a[0].relu(), a -> a[0].abs(), a -> a[0].square(), a -> a[0].matmul(a[1]),
            a -> a[0].dot(a[1]), a -> a[0].sum(), a -> a[0].sum(0), a -> a[0].mean(1), a -> a[0].norm(),
            a -> a[0].maxval(), a -> a[0].maxval(1), a -> a[0].logsumexp(), a -> a[0].logsumexp(0),
            a -> a[0].softmax(0), a -> a[0].softmax(1), a -> a[0].transpose(), a -> a[0].get(1), a -> a[0].get(2, 0),
            a -> Tensor.stack(a[0], a[1]), a -> Tensor.where(a[0].gt(a[1]), a[0], a[1]),
            a -> Writes.write(a[0].mul(1), 3, a[1].get(2), false),
            a -> cube(a[0]),
            a -> LinearAlgebra.diag(a[0].get(0)), a -> LinearAlgebra.diagonal(a[0]), a -> LinearAlgebra.trace(a[0]),
            a -> LinearAlgebra.tril(a[0]), a -> LinearAlgebra.triu(a[0]), a -> LinearAlgebra.outer(a[0].get(0), a[1].get(1)),
            a -> LinearAlgebra.cholesky(spd(a[0])), a -> LinearAlgebra.trisolve(spd(a[0]), a[1], false),
            a -> LinearAlgebra.trisolve(spd(a[0]), a[1].get(0), true), a -> LinearAlgebra.solve(spd(a[0]), a[1]),
            a -> LinearAlgebra.inv(spd(a[0])), a -> LinearAlgebra.det(spd(a[0])), a -> LinearAlgebra.logdet(spd(a[0])));

    /** A·Aᵀ + 3I: symmetric positive definite and well conditioned. */
    private static Tensor spd(Tensor a) {
        return a.matmul(a.transpose()).add(LinearAlgebra.eye(3).mul(3));
    }

    @Test
    void forwardModeIsTheTransposeOfReverseModeForEveryOp() {
        for (int k = 0; k < OPS.size(); k++) {
            Tensor a = random(3, 3).requiresGrad();
            Tensor b = random(3, 3).requiresGrad();
            Tensor ta = random(3, 3).sub(0.8);
            Tensor tb = random(3, 3).sub(0.8);
            Tensor y = OPS.get(k).apply(new Tensor[] {a.detach().dual(ta), b.detach().dual(tb)});
            Tensor ybar = random(y.shape()).sub(0.8);
            Tensor plain = OPS.get(k).apply(new Tensor[] {a, b});
            plain.backward(ybar);
            double reverse = (a.grad() == null ? 0 : dot(a.grad(), ta)) + (b.grad() == null ? 0 : dot(b.grad(), tb));
            double forward = y.tangent() == null ? 0 : dot(ybar, y.tangent());
            assertEquals(reverse, forward, 1e-12 * Math.max(1, Math.abs(reverse)), "op " + k);
        }
    }

    @Test
    void theGradientOfTheTangentIsTheHessianTimesTheDirection() {
        Function<Tensor, Tensor> f = x -> x.sin().mul(x.get(0)).sum().add(LinearAlgebra.logdet(spd(
                Tensor.stack(x, x.square(), x.exp().mul(0.1))))).add(x.square().add(1).pow(Tensor.scalar(2.5)).dot(x.softmax(0)));
        Tensor x0 = Tensor.vector(0.4, -0.7, 1.1);
        Tensor v = Tensor.vector(0.3, 1.0, -0.6);
        Tensor x = x0.requiresGrad().dual(v);
        Tensor y = f.apply(x);
        y.tangent().backward();
        double[] hv = x.grad().data();
        double h = 1e-5;
        double[] up = gradient(f, x0.add(v.mul(h)));
        double[] down = gradient(f, x0.sub(v.mul(h)));
        for (int i = 0; i < hv.length; i++) {
            assertEquals((up[i] - down[i]) / (2 * h), hv[i], 1e-6, "entry " + i);
        }
    }

    private static double[] gradient(Function<Tensor, Tensor> f, Tensor at) {
        Tensor x = at.requiresGrad();
        f.apply(x).backward();
        return x.grad().data();
    }

    /** x³ as a function given by its value, its derivative as numbers and its slope as tensor ops. */
    static Tensor cube(Tensor x) {
        return x.map("cube", t -> t * t * t, (xs, ys) -> {
            double[] d = new double[xs.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = 3 * xs[i] * xs[i];
            }
            return d;
        }, (xs, ys) -> xs.square().mul(3));
    }

    @Test
    void aSecondDerivativeGoesThroughTheSlopeOfAMappedFunction() {
        Tensor x = Tensor.vector(0.5, 1.5).requiresGrad().dual(Tensor.vector(1, 0));
        Tensor y = cube(x);
        assertEquals(0.75, y.tangent().data()[0], 0);
        y.tangent().sum().backward();
        assertEquals(3.0, x.grad().data()[0], 0); // d/dx (3x² · 1) = 6x at 0.5
        assertEquals(0.0, x.grad().data()[1], 0);
        assertNull(Tensor.vector(1, 2).sin().tangent());
        Tensor plain = Tensor.vector(0.5, 1.5).dual(Tensor.vector(1, 0));
        assertThrows(ForwardModeUnsupported.class, () -> CustomOp.apply("opaque", new double[] {1}, new int[0],
                bar -> new double[][] {bar}, plain.sum()));
    }
}
