package dev.gradc.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The interpreter's writes in loops cost O(1) per write in the value and in the gradient, also where the old
 * array is read after the write in the same trip (an adjoint loop reads the state after the trip next to the
 * write that restores the state before it): those reads run first, and the write changes the loop's own array in
 * place instead of copying it. Counted in bytes allocated, not timed; results checked against the compiled code.
 */
class InterpreterWritesTest {

    private static final String PROGRAM = """
            @grad(x, a)
            fn readAfterWrite<M>(x: real[M], a: real) -> real {
              z = x; s = 0;
              for i in 1..M { z[i] = z[i - 1] * a + x[i]; s = s + sin(z[i]) * z[i - 1]; }
              return s + sum(z);
            }
            @grad(x, a)
            fn rows<M>(x: real[M], a: real) -> real {
              m = zeros(M, 3); s = 0;
              for i in 1..M {
                m[i] = m[i - 1] * a + x[i];
                s = s + sum(m[i] * m[i - 1]) + m[i - 1, 2] * x[i];
              }
              return s + sum(m[:, 1]);
            }
            """;

    private static final dev.gradc.lower.ModuleIr IR = Programs.compile(PROGRAM);
    private static final CompiledModule COMPILED = CompiledModule.load(IR);

    private static double[] inputs(int m) {
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = 0.3 + 0.2 * Math.sin(i);
        }
        return x;
    }

    private static Object[] gradient(String fn, int m) {
        FunctionIr f = IR.function(fn);
        Object[] args = {new NDArray(inputs(m), new int[] {m}), NDArray.scalar(0.7)};
        return new Interpreter(new EvalContext(Map.of("M", m)), 1_000_000)
                .run(Derivatives.gradient(f, List.of("x", "a")), args);
    }

    /** The bytes this thread allocates running the interpreted gradient of fn for M (after one run to warm up). */
    private static long allocated(String fn, int m) {
        return Allocation.warm(() -> gradient(fn, m));
    }

    private static void linear(String fn, int m) {
        long once = allocated(fn, m);
        long twice = allocated(fn, 2 * m);
        // the interpreter's few kilobytes per trip (boxed values, small arrays); a copy of the array per trip would
        // allocate 8·M² bytes or more (128 MB at M = 4,000; before, 148 MB there and 548 MB at 8,000) and grow
        // four-fold with 2M
        assertTrue(twice < 2.6 * once, fn + ": " + twice + " bytes for 2M against " + once + " for M = " + m);
        assertTrue(once < 12_000L * m, fn + ": " + once + " bytes for M = " + m);
    }

    @Test
    void aReadOfTheOldArrayAfterAWriteInTheSameTripCostsNoCopy() {
        linear("readAfterWrite", 4_000);
    }

    @Test
    void rowWritesReadAfterwardCostNoCopyEither() {
        linear("rows", 2_000);
    }

    @Test
    void theGradientsAreTheCompiledOnes() {
        int m = 300;
        for (String fn : List.of("readAfterWrite", "rows")) {
            Object[] interpreted = gradient(fn, m);
            CompiledModule.Result r = COMPILED.grad(fn, m, inputs(m), 0.7);
            double[] gx = (double[]) r.parts().get("x");
            double[] ix = ((NDArray) interpreted[1]).data();
            for (int i = 0; i < m; i++) {
                org.junit.jupiter.api.Assertions.assertEquals(gx[i], ix[i], 1e-12 * Math.max(1, Math.abs(gx[i])),
                        fn + " x[" + i + "]");
            }
            org.junit.jupiter.api.Assertions.assertEquals(((Number) r.parts().get("a")).doubleValue(),
                    ((NDArray) interpreted[2]).item(), 1e-11, fn + " a");
        }
    }

    /**
     * A trip that writes x[i] and then reads the old x at i and at i - 1 (as an adjoint loop reads the state after
     * the trip next to the write that restores the state before it): the reads, and the index they need, are
     * planned before the write, which is then in place; run, the reads see the old entries.
     */
    @Test
    void readsOfTheOldArrayAfterAWriteAreRunBeforeItAndTheWriteIsInPlace() {
        dev.gradc.ir.GraphBuilder b = new dev.gradc.ir.GraphBuilder();
        dev.gradc.ops.Rules g = new dev.gradc.ops.Rules(b);
        dev.gradc.ir.Type vector = dev.gradc.ir.Type.real(dev.gradc.ir.Shape.fixed(4));
        int x = b.addParam(new dev.gradc.ops.Param(0), vector, null, "x");
        int i = b.addParam(new dev.gradc.ops.Param(1), dev.gradc.ir.Type.INT, null, "i");
        int v = g.constant(9.0);
        int write = g.apply(new dev.gradc.ops.Update(1), x, v, i);
        int before = g.sub(i, g.intConstant(1));
        int oldAtI = g.apply(new dev.gradc.ops.Index(1), x, i);
        int oldBefore = g.apply(new dev.gradc.ops.Index(1), x, before);
        dev.gradc.ir.Graph body = b.build(List.of(write, g.add(oldAtI, oldBefore)));
        InterpreterWrites plan = InterpreterWrites.of(body, new boolean[] {true, false}, new dev.gradc.passes.InPlaceWrites.Known());
        assertTrue(plan.inPlace()[write], "the write is in place");
        List<Integer> early = java.util.Arrays.stream(plan.early()[write]).boxed().toList();
        assertTrue(early.containsAll(List.of(before, oldAtI, oldBefore)), early.toString());
        assertTrue(!dev.gradc.passes.InPlaceWrites.of(body, new boolean[] {true, false})[write],
                "without the early reads the write would copy");
        double[] data = {1, 2, 3, 4};
        Object[] out = new Interpreter(new EvalContext(Map.of()), 10).runOwned(body, new NDArray(data, new int[] {4}), 2);
        org.junit.jupiter.api.Assertions.assertEquals(3.0 + 2.0, ((NDArray) out[1]).item(), 0, "the old entries");
        org.junit.jupiter.api.Assertions.assertEquals(9.0, data[2], 0, "written into the owned array itself");
    }
}
