package dev.gradc.runtime.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Second derivatives through every op of the tape: every constant of the elementwise and arithmetic tables (so a
 * function added to either without a differentiable tangent rule fails here), then every other op. For
 * f(a, b) = Σ sin(op(a, b)), reverse over forward (the gradient of the tangent ⟨∇f, v⟩) must give H·v, checked
 * against central differences of the reverse-mode gradient.
 */
class SecondOrderTest {

    private record Op(String name, Function<Tensor[], Tensor> f) {
    }

    private static List<Op> ops() {
        List<Op> all = new ArrayList<>();
        for (Elementwise e : Elementwise.values()) {
            all.add(new Op(e.name(), a -> e.apply(a[0])));
        }
        for (Arithmetic o : Arithmetic.values()) {
            all.add(new Op(o.name(), a -> o.apply(a[0], a[1])));
        }
        for (int k = 0; k < ForwardModeTest.OPS.size(); k++) {
            all.add(new Op("op " + k + " of ForwardModeTest.OPS", ForwardModeTest.OPS.get(k)));
        }
        return all;
    }

    @TestFactory
    Stream<DynamicTest> theGradientOfTheTangentIsTheHessianTimesTheDirectionForEveryOp() {
        return ops().stream().map(op -> DynamicTest.dynamicTest(op.name(), () -> check(op)));
    }

    private static void check(Op op) {
        Tensor a0 = ForwardModeTest.random(3, 3);
        Tensor b0 = ForwardModeTest.random(3, 3);
        Tensor va = ForwardModeTest.random(3, 3).sub(0.8);
        Tensor vb = ForwardModeTest.random(3, 3).sub(0.8);
        Tensor a = a0.requiresGrad().dual(va);
        Tensor b = b0.requiresGrad().dual(vb);
        Tensor y = f(op, a, b);
        assertNotNull(y.tangent(), op.name() + ": no tangent");
        y.tangent().backward();
        double h = 1e-5;
        double[] up = gradient(op, a0.add(va.mul(h)), b0.add(vb.mul(h)));
        double[] down = gradient(op, a0.sub(va.mul(h)), b0.sub(vb.mul(h)));
        double[] hv = concat(a.grad(), b.grad());
        for (int i = 0; i < hv.length; i++) {
            double want = (up[i] - down[i]) / (2 * h);
            assertEquals(want, hv[i], 1e-6 * Math.max(1, Math.abs(want)), op.name() + ": entry " + i + " of H·v");
        }
    }

    private static Tensor f(Op op, Tensor a, Tensor b) {
        return op.f().apply(new Tensor[] {a, b}).sin().sum();
    }

    private static double[] gradient(Op op, Tensor a0, Tensor b0) {
        Tensor a = a0.requiresGrad();
        Tensor b = b0.requiresGrad();
        f(op, a, b).backward();
        return concat(a.grad(), b.grad());
    }

    private static double[] concat(Tensor ga, Tensor gb) {
        double[] out = new double[18];
        if (ga != null) {
            System.arraycopy(ga.data(), 0, out, 0, 9);
        }
        if (gb != null) {
            System.arraycopy(gb.data(), 0, out, 9, 9);
        }
        return out;
    }
}
