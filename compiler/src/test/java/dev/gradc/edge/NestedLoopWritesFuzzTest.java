package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random programs of one shape the general fuzzer rarely makes: an outer loop around an inner loop that writes
 * rows and entries of a carried matrix (overwritten from the arguments, from other rows, from itself; in a cond or
 * not), with values that change with the outer trip, and reads of the matrix after the inner loop. The reversal of
 * such loops hands states between the two levels (kept, journaled, or not kept at all when the overwritten entries
 * are never read again): a state handed to the wrong trip gave wrong gradients in the interpreter and the compiled
 * code while the tape, which records what ran, was right (passes/KeptLoop, fixed with NestedUnreadWritesTest).
 * Every program, at 0 to 3 outer trips: the interpreter's and the tape's value and gradient are the compiled code's
 * to 1e-12, and the compiled gradient is the same bit for bit at kept-values budgets that recompute. 48 programs
 * (8 batches of 6; about 20 s); {@code -Dgradc.fuzz.offset=K} runs the 48 from program K instead (120 programs from
 * 0 and from 1,000 passed when this was written).
 */
class NestedLoopWritesFuzzTest {

    private static final String[] WRITES = {
        "S[l, :] = x[0:4] * c;",
        "S[l, :] = S[l, :] * c + x[4:8];",
        "S[l, :] = sin(S[3 - l, :]) * c;",
        "S[l, l] = S[l, 0] * c + y;",
        "S[3 - l, :] = x[8:12] * c + S[l, :] * 0.5;",
        "S[l, :] = S[l, :] + S[0, :] * c;",
        "S[l, 1] = x[l] * c;",
        "S[3 - l, :] = S[3 - l, :] * c - S[l, :];",
        "S[l, 0:2] = S[l, 2:4] * c;",
    };

    private static final String[] READS = {
        "sum(S[0, :] * x[0:4])",
        "sum(S * S) * 0.1",
        "S[1, 2] * c",
        "sum(S[3, :]) * y",
    };

    /** Where the run's programs start in the seeded sequence. */
    static final int OFFSET = Integer.getInteger("gradc.fuzz.offset", 0);

    /** Program k of the seeded sequence. */
    static String program(int k) {
        Random r = new Random(0x5eedL * 31 + k);
        StringBuilder inner = new StringBuilder();
        int writes = 1 + r.nextInt(2);
        for (int w = 0; w < writes; w++) {
            String write = WRITES[r.nextInt(WRITES.length)];
            inner.append(r.nextInt(4) == 0 ? "      if (S[l, 0] > 0) { " + write + " }\n" : "      " + write + "\n");
        }
        String bound = r.nextInt(3) == 0 ? "n + 1" : Integer.toString(1 + r.nextInt(4));
        String read = READS[r.nextInt(READS.length)];
        String c = switch (r.nextInt(3)) {
            case 0 -> "y + 0.1 * t";
            case 1 -> "0.5 + 0.1 * t";
            default -> "y * x[t]";
        };
        return "fn f(x: real[16], y: real, n: int) -> real {\n"
                + "  S = reshape(x, 4, 4);\n"
                + "  loss = 0;\n"
                + "  for t in 0..n {\n"
                + "    c = " + c + ";\n"
                + "    for l in 0.." + bound + " {\n" + inner
                + "    }\n"
                + "    loss = loss + " + read + ";\n"
                + "  }\n"
                + "  return loss + sum(S * x[0:4]) * " + (r.nextBoolean() ? "0.1" : "y") + ";\n"
                + "}\n";
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void everyEngineGivesTheCompiledGradient(int batch) {
        for (int k = batch * 6 + OFFSET; k < batch * 6 + 6 + OFFSET; k++) {
            check(program(k));
        }
    }

    private static void check(String text) {
        SourceFile source = new SourceFile("edge.grad", text);
        ModuleIr m = Programs.compile(source);
        FunctionIr f = m.function("f");
        CompiledModule c = CompiledModule.load(m);
        double y = 0.7;
        for (int n = 0; n <= 3; n++) {
            double[] x = Engines.X16.clone();
            c.setMaxKeptValues(dev.gradc.runtime.checkpoint.KeptBudget.DEFAULT);
            CompiledModule.Result compiled = c.grad("f", x.clone(), y, n);
            double value = ((Number) compiled.value()).doubleValue();
            double[] gx = (double[]) compiled.parts().get("x");
            double gy = ((Number) compiled.parts().get("y")).doubleValue();
            Object[] args = {new NDArray(x.clone(), new int[] {16}), NDArray.scalar(y), n};
            List<Runs.Result> others = new ArrayList<>();
            others.add(Runs.interpreter(f, Map.of(), args.clone(), 1_000));
            others.add(Runs.tape(source, m, f, Map.of(), args.clone(), 1_000));
            for (Runs.Result o : others) {
                String where = "n = " + n + "\n" + text;
                assertEquals(value, o.value().data()[0], 1e-12 * (1 + Math.abs(value)), where);
                assertArrayEquals(gx, o.derivatives().get("x").data(), 1e-12 * (1 + max(gx)), where);
                assertEquals(gy, o.derivatives().get("y").data()[0], 1e-12 * (1 + Math.abs(gy)), where);
            }
            for (long budget : new long[] {40, 8, 0}) {
                c.setMaxKeptValues(budget);
                assertArrayEquals(gx, (double[]) c.grad("f", x.clone(), y, n).parts().get("x"), 0,
                        "budget " + budget + ", n = " + n + "\n" + text);
            }
        }
    }

    private static double max(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
