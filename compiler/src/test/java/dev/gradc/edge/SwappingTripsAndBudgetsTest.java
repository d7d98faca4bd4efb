package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;

/**
 * {@link TripsAndBudgetsTest} at {@link PivotedElimination#SWAPPING}, a matrix whose pivoted elimination swaps rows
 * (at {@link Engines#X16} it swaps none): for the test classes whose programs include that elimination or its kin.
 * y is negative at four trips, so that the product of the pivots changes sign there.
 */
abstract class SwappingTripsAndBudgetsTest extends TripsAndBudgetsTest {

    @Override
    double[] x() {
        return PivotedElimination.SWAPPING;
    }

    @Override
    double y(int n) {
        return n == 4 ? -1.3 : 0.8;
    }

    /**
     * The compiled gradient of every program is the interpreter's bit for bit, at the default budget and at every
     * budget, the interpreter run under the same budget (and every budget gives the default budget's gradient bit
     * for bit: {@link Engines#sameGradientAtBudgets}).
     */
    void assertCompiledIsTheInterpretersAtEveryBudget(int n) {
        for (String text : programs()) {
            double[] want = Engines.runOne("interpreter", text, x(), y(n), n).gradient().get("x");
            ModuleIr m = Programs.compile(text);
            CompiledModule c = CompiledModule.load(m);
            assertArrayEquals(want, (double[]) c.grad("f", x(), y(n), n).parts().get("x"), 0, "n = " + n + ": " + text);
            for (long budget : budgets()) {
                c.setMaxKeptValues(budget);
                Object[] args = {new NDArray(x().clone(), new int[] {16}), NDArray.scalar(y(n)), n};
                double[] interpreted = Runs.interpreter(m.function("f"), java.util.Map.of(), args, 1_000, budget)
                        .derivatives().get("x").data();
                assertArrayEquals(interpreted, (double[]) c.grad("f", x(), y(n), n).parts().get("x"), 0,
                        "budget " + budget + ", n = " + n + ": " + text);
            }
        }
    }
}
