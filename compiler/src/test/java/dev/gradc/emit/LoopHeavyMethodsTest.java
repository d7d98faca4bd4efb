package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.ClassBytes;
import dev.gradc.lower.ModuleIr;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A loop body of many small array ops, few bytes but many Java loops, goes into methods of at most
 * {@link MethodSizeTest#LOOP_LIMIT} loops each (C2 gives up on a method of many loops far below 8,000 bytes,
 * {@link CodeSize}), and the split code computes what the interpreter does, at 0, 1 and 2 trips.
 */
class LoopHeavyMethodsTest {

    /** A loop of {@code trips} trips whose body runs {@code ops} pairs of a vector map and a sum of it. */
    static String program(int trips, int ops) {
        StringBuilder s = new StringBuilder("module heavy.Loops" + trips + ";\n@grad(x, v)\n"
                + "fn f(x: real[4], v: real[4]) -> real {\n  w = v;\n  s = 0;\n  i = 0;\n  while (i < " + trips + ") {\n");
        for (int k = 0; k < ops; k++) {
            s.append(k % 2 == 0 ? "    w = sin(w) * x;\n" : "    w = cos(w) + x;\n");
            s.append("    s = s + sum(w * w);\n");
        }
        return s.append("    i = i + 1;\n  }\n  return s + sum(w);\n}\n").toString();
    }

    @Test
    void aBodyOfManyLoopsIsSplitAndAgreesWithTheInterpreter() {
        for (int trips = 0; trips <= 2; trips++) {
            ModuleIr ir = Programs.compile(new SourceFile("loops.grad", program(trips, 60)));
            EmittedModule e = JavaEmitter.emit(ir);
            Map<String, byte[]> classes = ClassBytes.of(e);
            int most = 0;
            for (byte[] c : classes.values()) {
                for (int loops : MethodSizes.loops(c).values()) {
                    most = Math.max(most, loops);
                }
            }
            int seen = most;
            assertTrue(most > 10 && most <= MethodSizeTest.LOOP_LIMIT, () -> "the most loops in one method: " + seen);
            MethodSizeTest.agrees(ClassBytes.load(e, classes), ir.functions().get(0), 5, trips + " trips");
        }
    }
}
