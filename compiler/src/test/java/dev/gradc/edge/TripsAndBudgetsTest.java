package dev.gradc.edge;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two checks the edge tests of a compiled loop make over their programs {@code f(x: real[16], y: real, n: int)}
 * (x is {@link #x()}, {@link Engines#X16} unless a test says otherwise): at 0, 1, 2 and 4 trips every engine's value is the compiled value method's and the
 * gradient is the central difference ({@link Engines#sameValueAndCentralDifferences}); at 1, 2 and 4 trips every
 * kept-values budget gives the default budget's gradient bit for bit ({@link Engines#sameGradientAtBudgets}).
 */
abstract class TripsAndBudgetsTest {

    /** The programs checked. */
    abstract String[] programs();

    /** The y at n trips; the budgets are checked at {@code y(1)}. */
    abstract double y(int n);

    /** The programs that must take a path followed by those that must not, as one array for {@link #programs}. */
    static String[] both(String[] taking, String[] notTaking) {
        String[] all = java.util.Arrays.copyOf(taking, taking.length + notTaking.length);
        System.arraycopy(notTaking, 0, all, taking.length, notTaking.length);
        return all;
    }

    /** The x every program is run at. */
    double[] x() {
        return Engines.X16;
    }

    /** The budgets whose gradients must be the default budget's. */
    long[] budgets() {
        return new long[] {60, 20, 1, 0};
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4})
    void everyEngineAndTheValueAgreeWithCentralDifferences(int n) {
        for (String text : programs()) {
            Engines.sameValueAndCentralDifferences(text, x(), y(n), n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void everyBudgetGivesTheSameGradient(int n) {
        for (String text : programs()) {
            Engines.sameGradientAtBudgets(text, x(), y(1), n, budgets());
        }
    }
}
