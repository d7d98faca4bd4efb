package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loops of a checkpointing schedule run inside {@code if (their condition)}, so that what they make before their
 * first trip (row buffers, the frames of a split body, its stacks) is not made when they run none — the binomial
 * sweeps after a write journal that kept every trip (emit.RegionCode.mayGuard). Budgets that give the sweeps none,
 * one, some and every trip give the same gradient; values and gradients agree with the other engines and central
 * differences; the iteration limit still stops a sweep.
 */
class UnrunSweepsTest extends TripsAndBudgetsTest {

    private static final String[] PROGRAMS = {
        PivotedElimination.TEXT,
        // a row copied out and back in each trip (a row buffer in every sweep), a scalar chain beside it
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          s = y;
          for k in 0..n {
            r = U[k, :];
            U[k, :] = sin(U[3 - k, :]) * s;
            U[3 - k, :] = r * y + U[3 - k, :];
            s = s * 0.9 + U[k, k];
          }
          return s + sum(U * U);
        }
        """,
    };

    private static final double[] X = PivotedElimination.SWAPPING; // the elimination swaps rows here

    @Override
    String[] programs() {
        return PROGRAMS;
    }

    @Override
    double y(int n) {
        return 0.8;
    }

    /** Budgets from every trip journaled (the sweeps run none) down to none (the sweeps run every trip). */
    @Override
    long[] budgets() {
        return new long[] {200, 60, 40, 20, 1, 0};
    }

    /** A sweep that runs is still stopped by the iteration limit inside its guard. */
    @Test
    void theIterationLimitStopsASweep() {
        CompiledModule c = CompiledModule.load(Programs.compile(PROGRAMS[1]));
        c.setMaxKeptValues(0);
        c.setMaxIterations(2);
        assertThrows(dev.gradc.runtime.IterationLimitException.class, () -> c.grad("f", X.clone(), 0.8, 4));
    }

    /**
     * In the determinant's gradient, no binomial sweep makes anything between its comment and its loop: its buffers
     * and frames are made inside the guard, where the journal kept every trip not at all.
     */
    @Test
    void theDeterminantsSweepsMakeTheirBuffersInsideTheirGuards() throws java.io.IOException {
        var source = dev.gradc.diag.SourceFile.read(Programs.examples().resolve("programs/determinant.grad"));
        String java = JavaEmitter.emit(Programs.compile(source)).source();
        List<String> lines = java.lines().toList();
        int sweeps = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.contains("// checkpointed loop (binomial schedule")) {
                continue;
            }
            sweeps++;
            String indent = line.substring(0, line.indexOf('/'));
            for (int j = i + 1; j < lines.size(); j++) {
                String next = lines.get(j);
                if (next.startsWith(indent + "while (") || next.startsWith(indent + "if (")) {
                    break;
                }
                assertFalse(next.contains("= new double[") || next.contains("= new Object["), next + "\n" + java);
            }
        }
        assertTrue(sweeps >= 3, sweeps + " sweeps:\n" + java);
    }
}
