package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading or writing one element in a loop costs O(1) in the gradient, counted without timing: the bytes a
 * compiled gradient allocates and the values its loops keep grow linearly with the number of accesses M (a
 * whole-array adjoint or a whole-array copy per trip would grow as M²), in the compiled code and the
 * interpreter.
 */
class ElementAccessCostTest {

    private static final String PROGRAM = """
            fn squares<M>(x: real[M]) -> real {
              s = 0;
              for j in 0..M { s = s + x[j] * x[j]; }
              return s;
            }
            fn recurrence<M>(x: real[M], a: real) -> real {
              z = x;
              for i in 1..M { z[i] = z[i - 1] * a + x[i]; }
              return sum(z);
            }
            fn readOld<M>(x: real[M], a: real) -> real {
              z = x;
              for i in 1..M { z[i] = z[i] * z[i - 1] * a + x[i]; }
              return sum(z);
            }
            fn readAfterWrite<M>(x: real[M], a: real) -> real {
              z = x; s = 0;
              for i in 1..M { z[i] = z[i - 1] * a + x[i]; s = s + sin(z[i]); }
              return s;
            }
            """;

    private static final CompiledModule COMPILED = CompiledModule.load(Programs.compile(
            "@grad(x)\n" + PROGRAM.replace("fn recurrence", "@grad(x, a)\nfn recurrence")
                    .replace("fn readAfterWrite", "@grad(x, a)\nfn readAfterWrite")
                    .replace("fn readOld", "@grad(x, a)\nfn readOld")));

    private static double[] inputs(int m) {
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = 0.5 + 0.4 * Math.sin(i);
        }
        return x;
    }

    /** The bytes this thread allocates running the gradient of fn on M inputs (after one run to load classes). */
    private static long allocated(String fn, int m) {
        double[] x = inputs(m);
        Object[] args = fn.equals("squares") ? new Object[] {m, x} : new Object[] {m, x, 0.9};
        return Allocation.warm(() -> COMPILED.grad(fn, args));
    }

    private static void linear(String fn) {
        int m = 20_000;
        long once = allocated(fn, m);
        long twice = allocated(fn, 2 * m);
        // O(M): a few arrays of M doubles (inputs' adjoints, the copy the loop writes, the kept stacks, and for
        // a loop that journals its writes the part checkpointed past half the kept-values budget, set up but
        // not run: a copy of the state, the snapshot buffers, the adjoints it hands back); the old dense
        // scheme allocated M doubles per trip, 3.2 GB here
        assertTrue(once < 130L * m, fn + ": " + once + " bytes for M = " + m);
        assertTrue(twice < 2.6 * once, fn + ": " + twice + " bytes for 2M against " + once + " for M");
    }

    @Test
    void aReadInALoopAllocatesLinearlyInItsGradient() {
        linear("squares");
    }

    @Test
    void aWriteInALoopAllocatesLinearlyInItsGradient() {
        linear("recurrence");
    }

    @Test
    void aReadAfterAWriteInTheSameTripAllocatesLinearly() {
        // the adjoint loop reads the state after the trip, then restores the overwritten entry: it reads first
        // and restores in place, instead of a copy of the array per trip
        linear("readAfterWrite");
    }

    @Test
    void aWriteOfAnEntryReadFirstAllocatesLinearly() {
        linear("readOld");
    }

    @Test
    void aLoopOfMWritesKeepsAFewValuesPerWriteNotTheArray() {
        int m = 5_000;
        double[] x = inputs(m);
        double[] unlimited = (double[]) COMPILED.grad("readOld", m, x, 0.9).parts().get("x");
        // each stack of the loop may keep at most M values: the overwritten entry (its index is the counter,
        // stepped back); the array itself (M per trip) would pass the limit on the second trip
        COMPILED.setMaxKeptValues(m);
        try {
            double[] gx = (double[]) COMPILED.grad("readOld", m, x, 0.9).parts().get("x");
            org.junit.jupiter.api.Assertions.assertArrayEquals(unlimited, gx);
        } finally {
            COMPILED.setMaxKeptValues(100_000_000L);
        }
    }

    @Test
    void aLoopOfMReadsOrOfWritesNoTripReadsAgainKeepsNothingAndAWriteOfAnEntryReadKeepsThatEntry() {
        int m = 3_000;
        double[] x = inputs(m);
        try {
            // the read loop's counter is stepped back in the adjoint loop and its sum is never read: no value
            // kept at all, so a budget of none suffices (and nothing is recomputed from snapshots)
            COMPILED.setMaxKeptValues(0);
            double[] gs = (double[]) COMPILED.grad("squares", m, x).parts().get("x");
            assertEquals(2 * x[m / 2], gs[m / 2], 1e-12);
            // the recurrence overwrites z[i] and reads only z[i-1], which no later trip writes: its adjoint loop
            // reads the final array, nothing is kept
            double[] gx = (double[]) COMPILED.grad("recurrence", m, x, 0.9).parts().get("x");
            assertEquals(1.9, gx[m - 2], 1e-12);
            // a write of an entry the trip read first keeps that entry, and not its index (the counter, stepped
            // back): M - 1 writes keep M - 1 values; one fewer, the loop keeps its journal in half the budget and
            // checkpoints the rest of its trips, recomputing them from snapshots, with the same bits
            COMPILED.setMaxKeptValues(m - 1);
            double[] journaled = (double[]) COMPILED.grad("readOld", m, x, 0.9).parts().get("x");
            COMPILED.setMaxKeptValues(m - 2);
            double[] checkpointed = (double[]) COMPILED.grad("readOld", m, x, 0.9).parts().get("x");
            COMPILED.setMaxKeptValues(100_000_000L);
            double[] all = (double[]) COMPILED.grad("readOld", m, x, 0.9).parts().get("x");
            org.junit.jupiter.api.Assertions.assertArrayEquals(all, checkpointed);
            org.junit.jupiter.api.Assertions.assertArrayEquals(all, journaled);
        } finally {
            COMPILED.setMaxKeptValues(100_000_000L);
        }
    }

    @Test
    void theInterpreterKeepsNothingForReadsAndWritesNoTripReadsAgainAndOneValuePerWriteOfAnEntryRead() {
        int m = 300;
        Object[] xs = {new NDArray(inputs(m), new int[] {m})};
        FunctionIr squares = Programs.compile(PROGRAM).function("squares");
        Object[] out = new Interpreter(new EvalContext(Map.of("M", m), 0), 1_000_000)
                .run(Derivatives.gradient(squares, List.of("x")), xs);
        assertEquals(2 * inputs(m)[7], ((NDArray) out[1]).data()[7], 1e-12);
        FunctionIr recurrence = Programs.compile(PROGRAM).function("recurrence");
        Object[] args = {xs[0], NDArray.scalar(0.9)};
        out = new Interpreter(new EvalContext(Map.of("M", m), 0), 1_000_000)
                .run(Derivatives.gradient(recurrence, List.of("x", "a")), args);
        assertEquals(1.9, ((NDArray) out[1]).data()[m - 2], 1e-12);
        // a write of an entry read first keeps it; past the budget the interpreter checkpoints the rest of the
        // trips, with the same bits
        FunctionIr readOld = Programs.compile(PROGRAM).function("readOld");
        Object[] journaled = new Interpreter(new EvalContext(Map.of("M", m), m - 1), 1_000_000)
                .run(Derivatives.gradient(readOld, List.of("x", "a")), args);
        Object[] checkpointed = new Interpreter(new EvalContext(Map.of("M", m), m - 2), 1_000_000)
                .run(Derivatives.gradient(readOld, List.of("x", "a")), args);
        Object[] all = new Interpreter(new EvalContext(Map.of("M", m), 100_000_000L), 1_000_000)
                .run(Derivatives.gradient(readOld, List.of("x", "a")), args);
        org.junit.jupiter.api.Assertions.assertArrayEquals(((NDArray) all[1]).data(), ((NDArray) journaled[1]).data());
        org.junit.jupiter.api.Assertions.assertArrayEquals(((NDArray) all[1]).data(),
                ((NDArray) checkpointed[1]).data());
    }

    @Test
    void theInterpreterKeepsAFewValuesPerWriteToo() {
        FunctionIr f = Programs.compile(PROGRAM).function("readOld");
        int m = 400;
        Object[] args = {new NDArray(inputs(m), new int[] {m}), NDArray.scalar(0.9)};
        // the interpreter's stacks count the values they keep against the loop's limit: M here; the whole
        // array per trip would keep M²/2
        Interpreter in = new Interpreter(new EvalContext(Map.of("M", m), m), 1_000_000);
        Object[] out = in.run(Derivatives.gradient(f, List.of("x", "a")), args);
        Object[] unlimited = new Interpreter(new EvalContext(Map.of("M", m)), 1_000_000)
                .run(Derivatives.gradient(f, List.of("x", "a")), args);
        org.junit.jupiter.api.Assertions.assertArrayEquals(((NDArray) unlimited[1]).data(), ((NDArray) out[1]).data());
    }

    /** The bytes this thread allocates for the tape's gradient of {@code sum of x[j]^2} read element by element. */
    private static long tapeAllocated(int m) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[] x = inputs(m);
        long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        dev.gradc.runtime.tape.Tensor t = dev.gradc.runtime.tape.Tensor.of(x.clone(), m).requiresGrad();
        dev.gradc.runtime.tape.Tensor s = dev.gradc.runtime.tape.Tensor.scalar(0);
        for (int j = 0; j < m; j++) {
            dev.gradc.runtime.tape.Tensor e = t.get(j);
            s = s.add(e.mul(e));
        }
        s.backward();
        assertEquals(2 * x[m - 1], t.grad().data()[m - 1], 1e-12);
        return bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    }

    @Test
    void theTapeAddsAReadsAdjointAtItsEntryNotThroughAWholeArray() {
        int m = 5_000;
        tapeAllocated(m);
        long once = tapeAllocated(m);
        long twice = tapeAllocated(2 * m);
        // the recorded graph is O(M) small nodes; an adjoint of M doubles per read would be 200 MB here
        assertTrue(once < 2_000L * m, once + " bytes for M = " + m);
        assertTrue(twice < 2.6 * once, twice + " bytes for 2M against " + once + " for M");
    }
}
