package dev.gradc.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.BadInput;
import dev.gradc.engine.CompiledModule;
import dev.gradc.ops.NDArray;
import dev.gradc.runtime.ExternCallException;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.testing.Programs;
import dev.gradc.testing.ScalarProgram;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** extern fn: direct calls in generated code, method handles in the interpreter and on the tape. */
class ExternCallsTest {

    @Test
    void anArrayRuleThatCallsItsOwnExtern() {
        String program = """
                extern fn cumsum<N>(v: real[N]) -> real[N] = "dev.gradc.rules.JavaFunctions.cumsum";
                @vjp_rule(cumsum, v)
                fn cumsum_vjp<N>(v: real[N], y: real[N], ybar: real[N]) -> real[N] {
                  return sum(ybar) - cumsum(ybar) + ybar;
                }
                fn f(x: real[3], w: real[3]) -> real { return sum(cumsum(x) * w); }
                """;
        ScalarProgram p = new ScalarProgram("rules.grad", program);
        double[] x = {0.5, -1, 2};
        double[] w = {1, 2, 3};
        double[] want = {6, 5, 3}; // d/dx_i sum_j w_j (x_1 + ... + x_j) = w_i + ... + w_N
        CompiledModule c = CompiledModule.load(p.module);
        assertArrayEquals(want, (double[]) c.grad("f", x.clone(), w.clone()).parts().get("x"), 1e-12);
        NDArray[] in = {new NDArray(x.clone(), new int[] {3}), new NDArray(w.clone(), new int[] {3})};
        Object[] r = Programs.run(dev.gradc.passes.Derivatives.gradient(p.module.function("f"), List.of("x")),
                (Object[]) in);
        assertArrayEquals(want, ((NDArray) r[1]).data(), 1e-12);
        Tensor tx = Tensor.vector(x.clone()).requiresGrad();
        ((Tensor) p.tape().call("f", Map.of(), List.of(tx, Tensor.vector(w.clone())))).backward();
        assertArrayEquals(want, tx.grad().data(), 1e-12);
    }

    @Test
    void arraysGoInAsCopiesAndComeBackChecked() {
        String program = """
                extern fn cumsum<N>(v: real[N]) -> real[N] = "dev.gradc.rules.JavaFunctions.cumsum";
                fn f(x: real[3]) -> real[3] { s = cumsum(x); return s + x; }
                """;
        double[] x = {1, 2, 3};
        double[] want = {2, 5, 9}; // cumsum (1, 3, 6) plus the unchanged x
        ScalarProgram p = new ScalarProgram("rules.grad", program);
        NDArray v = (NDArray) Programs.run(p.module.function("f").graph(), new NDArray(x.clone(), new int[] {3}))[0];
        assertArrayEquals(want, v.data());
        CompiledModule c = CompiledModule.load(p.module);
        assertArrayEquals(want, (double[]) c.value("f", (Object) x.clone()));
        assertTrue(c.emitted().source().contains("JavaFunctions.cumsum("), "a direct call, no reflection");
        Tensor t = (Tensor) p.tape().call("f", Map.of(), List.of(Tensor.vector(x.clone())));
        assertArrayEquals(want, t.data());
    }

    @Test
    void aJavaExceptionNamesThePositionAndTheMethodInEveryEngine() {
        String program = """
                extern fn root(x: real) -> real = "dev.gradc.rules.JavaFunctions.checkedSqrt";
                fn f(x: real) -> real {
                  return 1 + root(x);
                }
                """;
        ScalarProgram p = new ScalarProgram("rules.grad", program);
        String want = "rules.grad:3:14: the Java method dev.gradc.rules.JavaFunctions.checkedSqrt threw "
                + "java.lang.IllegalArgumentException: negative argument -1.0";
        assertEquals(3.0, p.value("f", 4), 1e-15);
        ExternCallException e = assertThrows(ExternCallException.class, () -> p.value("f", -1));
        assertEquals(want, e.getMessage());
        CompiledModule c = CompiledModule.load(p.module);
        e = assertThrows(ExternCallException.class, () -> c.value("f", -1.0));
        assertEquals(want, e.getMessage());
        e = assertThrows(ExternCallException.class, () -> p.tape().call("f", Map.of(), List.of(Tensor.scalar(-1))));
        assertEquals(want, e.getMessage());
    }

    @Test
    void anArrayOfTheWrongLengthIsARunTimeError() {
        String program = """
                extern fn short1<N>(v: real[N]) -> real[N] = "dev.gradc.rules.JavaFunctions.short1";
                fn f(x: real[3]) -> real[3] { return short1(x); }
                """;
        ScalarProgram p = new ScalarProgram("rules.grad", program);
        String want = "rules.grad:2:38: the Java method dev.gradc.rules.JavaFunctions.short1 returned an array of "
                + "length 2, expected length 3";
        NDArray x = new NDArray(new double[] {1, 2, 3}, new int[] {3});
        assertEquals(want, assertThrows(ExternCallException.class,
                () -> Programs.run(p.module.function("f").graph(), x)).getMessage());
        CompiledModule c = CompiledModule.load(p.module);
        assertEquals(want, assertThrows(ExternCallException.class,
                () -> c.value("f", (Object) new double[] {1, 2, 3})).getMessage());
        assertEquals(want, assertThrows(ExternCallException.class,
                () -> p.tape().call("f", Map.of(), List.of(Tensor.vector(1, 2, 3)))).getMessage());
    }

    @Test
    void intArraysGoInAndComeOutAsIntArrays() {
        String program = """
                extern fn pick(v: real[4], idx: int[3]) -> real = "dev.gradc.rules.JavaFunctions.pick";
                extern fn reversed(idx: int[3]) -> int[3] = "dev.gradc.rules.JavaFunctions.reversed";
                fn f(v: real[4], idx: int[3]) -> real { r = reversed(idx); return pick(v, r) * r[0]; }
                """;
        ScalarProgram p = new ScalarProgram("rules.grad", program);
        double[] v = {1, 10, 100, 1000};
        int[] idx = {3, 0, 2};
        double want = 1101 * 2; // pick sums v at 2, 0, 3; the first reversed index is 2
        Object[] in = {new NDArray(v.clone(), new int[] {4}), new dev.gradc.ops.IntND(idx.clone(), new int[] {3})};
        assertEquals(want, ((NDArray) Programs.run(p.module.function("f").graph(), in)[0]).item(), 0);
        CompiledModule c = CompiledModule.load(p.module);
        assertEquals(want, (Double) c.value("f", v.clone(), idx.clone()), 0);
        Object t = p.tape().call("f", Map.of(), List.of(Tensor.vector(v.clone()),
                new dev.gradc.ops.IntND(idx.clone(), new int[] {3})));
        assertEquals(want, ((Tensor) t).item(), 0);
    }

    @Test
    void anInstanceMethodIsNotAnExtern() {
        assertEquals(List.of("1:32: extern \"dev.gradc.rules.JavaFunctions.twice\" must be a public static method; "
                        + "found double twice(double)"),
                BadInput.errors("extern fn t(x: real) -> real = \"dev.gradc.rules.JavaFunctions.twice\";"));
    }
}
