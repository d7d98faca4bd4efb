package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Push;
import dev.gradc.ops.While;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loops whose writes overwrite only entries that no later trip reads keep nothing for them: their adjoint loop
 * reads the final array instead of writing each overwritten entry back. Which loops qualify is checked by what
 * the gradient keeps (its pushes), and every engine's gradient, the tangent and the Hessian-vector product of
 * both kinds against central differences — a loop wrongly taken for one would read entries a later trip changed.
 */
class UnreadEntriesTest {

    /** The programs, and whether their loop keeps no value at all (the counter stepped back, the sum unread). */
    private static final Object[][] PROGRAMS = {
        // reads behind the write, and the final array read after the loop
        {"""
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { z[i] = z[i - 1] * a + x[i]; }
          return sum(z * z);
        }
        """, true},
        // a read of the entry just written (the state after the trip), and two entries behind
        {"""
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x; s = 0;
          for i in 2..6 { z[i] = z[i - 2] * a + x[i] * z[i - 1]; s = s + sin(z[i]) * a; }
          return s + sum(z);
        }
        """, true},
        // counting down, reading ahead of the write
        {"""
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x * a; i = 4; s = 0;
          while (i >= 0) { z[i] = tanh(z[i + 1]) * a + z[i + 1] * x[i]; s = s + z[i]; i = i - 1; }
          return s * sum(z);
        }
        """, true},
        // slices two at a time
        {"""
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x; i = 2;
          while (i < 6) { z[i:i+2] = z[i-2:i] * a + x[i:i+2]; i = i + 2; }
          return sum(z * x);
        }
        """, true},
        // two writes per trip: the second (+=) reads what the first left
        {"""
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { z[i] = z[i - 1] * a; z[i - 1] += x[i] * z[i]; }
          return sum(z * z);
        }
        """, false},
        // the entry written is read first: its old value is needed
        {"""
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { z[i] = z[i] * z[i - 1] * a; }
          return sum(z);
        }
        """, false},
        // reads ahead while counting up: the next trip overwrites what this one read
        {"""
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 0..5 { z[i] = z[i + 1] * z[i + 1] * a + x[i]; }
          return sum(z);
        }
        """, false},
        // the state after the trip read one entry ahead, which the next trip writes
        {"""
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x; s = 0;
          for i in 1..5 { z[i] = z[i - 1] * a; s = s + z[i + 1] * z[i]; }
          return s;
        }
        """, false},
        // an index that is not the counter plus a constant
        {"""
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 0..4 { z[idx[i]] = z[idx[i]] * a + x[i]; }
          return sum(z * z);
        }
        """, false},
    };

    private static String program(int which) {
        return (String) PROGRAMS[which][0];
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
    void onlyLoopsWhoseOverwrittenEntriesAreNeverReadAgainKeepNothing(int which) {
        Graph grad = Derivatives.gradient(Programs.compile(program(which)).function("f"), List.of("x", "a"));
        assertEquals(PROGRAMS[which][1], pushes(grad) == 0, program(which));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
    void everyEnginesGradientAndTheTangentMatchCentralDifferences(int which) {
        LoopProgramChecks.gradientsAndTangentMatchCentralDifferences(program(which));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
    void hessianVectorProductsMatchCentralDifferencesOfTheGradient(int which) {
        LoopProgramChecks.hessianVectorProductMatchesDifferencesOfTheGradient(program(which));
    }

    /** The pushes anywhere in g, its regions' graphs included. */
    private static int pushes(Graph g) {
        int count = 0;
        ArrayDeque<Graph> work = new ArrayDeque<>(List.of(g));
        while (!work.isEmpty()) {
            for (Node n : work.pop().nodes()) {
                count += n.op() instanceof Push ? 1 : 0;
                if (n.op() instanceof While w) {
                    work.push(w.body());
                    work.push(w.condition());
                } else if (n.op() instanceof Cond c) {
                    work.push(c.then());
                    work.push(c.otherwise());
                }
            }
        }
        return count;
    }
}
