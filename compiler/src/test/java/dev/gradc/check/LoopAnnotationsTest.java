package dev.gradc.check;

import static dev.gradc.diag.BadInput.assertErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.ir.Node;
import dev.gradc.ops.While;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code @checkpoint(N)} before a loop: what it records, and the position and wording of each misuse. */
class LoopAnnotationsTest {

    private static String loop(String annotation) {
        return "fn f(x: real) -> real {\n  i = 0;\n  " + annotation + "\n  while (i < 3) { x = x * 2; i = i + 1; }\n"
                + "  return x;\n}";
    }

    @Test
    void checkpointBeforeWhileAndForIsRecordedOnTheLoop() {
        String src = "fn f(x: real) -> real {\n"
                + "  i = 0;\n  @checkpoint(64) while (i < 3) { x = x * 2; i = i + 1; }\n"
                + "  @checkpoint(2)\n  for j in 0..4 { x = sin(x); }\n"
                + "  while (x > 9) { x = x / 2; }\n"
                + "  return x;\n}";
        List<Integer> snapshots = new ArrayList<>();
        for (Node n : Programs.compile(src).function("f").graph().nodes()) {
            if (n.op() instanceof While w) {
                snapshots.add(w.checkpoint() == null ? 0 : w.checkpoint().snapshots());
            }
        }
        assertEquals(List.of(64, 2, 0), snapshots);
    }

    @Test
    void reportsBadArgumentsAtTheAnnotation() {
        String range = "@checkpoint needs a whole number of snapshots from 1 to 2147483647, got ";
        assertErrors(loop("@checkpoint(0)"), "3:3: " + range + "'0'");
        assertErrors(loop("@checkpoint(-2)"), "3:3: " + range + "'-2'");
        assertErrors(loop("@checkpoint(2.5)"), "3:3: " + range + "'2.5'");
        assertErrors(loop("@checkpoint(n)"), "3:3: " + range + "'n'");
        assertErrors(loop("@checkpoint(99999999999)"), "3:3: " + range + "'99999999999'");
        String arity = "@checkpoint takes one argument, the most snapshots of the loop's state to keep"
                + " (as in @checkpoint(64)); got ";
        assertErrors(loop("@checkpoint"), "3:3: " + arity + "0");
        assertErrors(loop("@checkpoint()"), "3:3: " + arity + "0");
        assertErrors(loop("@checkpoint(1, 2)"), "3:3: " + arity + "2");
    }

    @Test
    void reportsUnknownRepeatedAndMisplacedAnnotations() {
        assertErrors(loop("@chekpoint(4)"),
                "3:3: unknown loop annotation '@chekpoint'; expected @checkpoint(N), N the most snapshots to keep");
        assertErrors(loop("@grad"),
                "3:3: unknown loop annotation '@grad'; expected @checkpoint(N), N the most snapshots to keep");
        assertErrors(loop("@checkpoint(3) @checkpoint(4)"), "3:18: @checkpoint is given twice for this loop");
        assertErrors("@checkpoint(3)\nfn f(x: real) -> real { return x; }",
                "1:1: @checkpoint belongs before a while or for loop, not before a function");
        // inside nested blocks too
        assertErrors("fn f(x: real) -> real {\n  if (x > 0) { i = 0; @checkpoint(0) while (i < 2) { i = i + 1; } }\n"
                + "  return x;\n}", "2:23: @checkpoint needs a whole number of snapshots from 1 to 2147483647, got '0'");
    }
}
