package dev.gradc.runtime.tape;

import java.util.List;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random programs built from the tape's smooth ops: gradients with respect to the input x (a vector
 * or a matrix) and a broadcast parameter v match central finite differences.
 */
class RandomCompositionTest {

    private static final Tensor W = Tensor.matrix(new double[][] {{0.5, -0.2, 0.1}, {0.3, 0.4, -0.5}, {-0.1, 0.2, 0.3}});
    private static final Mask MASK = Mask.of(true, false, true);
    private static final int STEPS = 17;
    private static final int REDUCTIONS = 8;

    /** One step of a program; every step keeps the shape of x and grows values at most mildly. */
    private static Tensor step(int op, Tensor t, Tensor x, Tensor v) {
        switch (op) {
            case 0: return t.sin();
            case 1: return t.cos();
            case 2: return t.tanh();
            case 3: return t.sigmoid();
            case 4: return t.mul(0.7).add(v);
            case 5: return t.mul(x);
            case 6: return t.add(x);
            case 7: return t.mul(t.sigmoid());
            case 8: return t.tanh().exp();
            case 9: return t.square().add(1).log();
            case 10: return t.square().add(1).sqrt();
            case 11: return t.matmul(W.mul(v.tanh()));
            case 12: return t.div(t.square().add(1));
            case 13: return t.softmax(-1);
            case 14: return t.square().add(1).pow(v.mul(0.5));
            case 15: return Tensor.where(MASK, t.mul(v), t.transpose().transpose().neg());
            default: return t.rank() == 1 ? Tensor.stack(t.get(2), t.get(0), t.get(1)) : Tensor.stack(t.get(1), t.get(0));
        }
    }

    private static Tensor reduce(int op, Tensor t, Tensor x) {
        switch (op) {
            case 0: return t.sum();
            case 1: return t.mean();
            case 2: return t.add(2).norm();
            case 3: return t.logsumexp();
            case 4: return t.dot(x);
            case 5: return t.sum(0).dot(Tensor.ones(t.rank() == 1 ? new int[0] : new int[] {3}).mul(0.5));
            case 6: return t.logsumexp(-1).sum();
            default: return t.mean(-1).add(1).norm();
        }
    }

    @Property(tries = 400)
    void gradientsOfRandomCompositionsMatchCentralDifferences(
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = STEPS - 1) Integer> program,
            @ForAll @IntRange(min = 0, max = REDUCTIONS - 1) int reduction,
            @ForAll boolean matrixInput,
            @ForAll @Size(6) List<@DoubleRange(min = -1.5, max = 1.5) Double> xs,
            @ForAll @Size(3) List<@DoubleRange(min = -1.5, max = 1.5) Double> vs) {
        Function<Tensor[], Tensor> f = in -> {
            Tensor t = in[0];
            for (int op : program) {
                t = step(op, t, in[0], in[1]);
            }
            return reduce(reduction, t, in[0]);
        };
        double[] xData = xs.stream().limit(matrixInput ? 6 : 3).mapToDouble(Double::doubleValue).toArray();
        Tensor x = (matrixInput ? Tensor.of(xData, 2, 3) : Tensor.vector(xData)).requiresGrad();
        Tensor v = Tensor.vector(vs.stream().mapToDouble(Double::doubleValue).toArray()).requiresGrad();
        Tensor[] inputs = {x, v};
        f.apply(inputs).backward();
        FiniteDifferences.assertClose(FiniteDifferences.gradient(f, inputs, 0), gradOrZero(x), 1e-6);
        FiniteDifferences.assertClose(FiniteDifferences.gradient(f, inputs, 1), gradOrZero(v), 1e-6);
    }

    /** A program that never uses v leaves it without a gradient (null), which is zero to the differences. */
    private static double[] gradOrZero(Tensor t) {
        return t.grad() == null ? new double[t.size()] : t.grad().data();
    }
}
