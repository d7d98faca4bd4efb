package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An inner loop does not reserve room on a stack that the loop around it reserved for all its trips, the inner
 * loop's pushes among them (emit/StackReservations): in the layer program of {@link GroupedReservationsTest}, whose
 * time loop is counted, the time loop reserves {@code TripSums.series(2, 0, tripsAhead)} trips of 5 reals on the
 * layer loop's two stacks and the layer loop reserves nothing more; with the time loop stopped by a value as well
 * (not counted: it reserves nothing), the layer loop reserves its stacks at each start, as before. On the old code
 * the first test fails (the layer loop reserved them again at every time step). Values: every engine against
 * central differences and the same gradient at every kept-values budget, bit for bit.
 */
class CoveredReservationsTest {

    /** The layer program with its time loop also stopped by the running sum: not counted. */
    static final String ON_DATA = GroupedReservationsTest.LAYERS
            .replace("s = 0;\n  for t in 0..n {", "s = 0;\n  t = 0;\n  while (t < n && s < 1000) {")
            .replace("s = s + sum(v * v);\n", "s = s + sum(v * v);\n    t = t + 1;\n");

    private static final String INNER = "DoubleStack.reserveAll(Math.min((long) 2 - l, limit), 5, ";
    private static final String OUTER = "DoubleStack.reserveAll(TripSums.series((long) 2, 0, tripsAhead), 5, ";

    private static final double[] X = {0.9, -0.3, 0.45, 0.2, 0.35, 1.1, -0.6, 0.15, -0.25, 0.5, 0.8, -0.4, 0.3,
        0.05, -0.7, 1.2, 0.6, -0.1, 0.25, 0.7, -0.45, 0.4, 0.1, -0.8, 0.55};

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void theLayerLoopReservesNothingTheTimeLoopReservedForIt() {
        String source = JavaEmitter.emit(Programs.compile(GroupedReservationsTest.LAYERS)).source();
        assertEquals(2, count(source, OUTER), "the time loop's reservation, in the gradient and its checkpointed part");
        assertEquals(0, count(source, INNER), "the layer loop's reservation");
    }

    @Test
    void aLayerLoopInALoopThatReservesNothingStillReserves() {
        assertTrue(ON_DATA.contains("while (t < n && s < 1000)") && ON_DATA.contains("t = t + 1;"), ON_DATA);
        String source = JavaEmitter.emit(Programs.compile(ON_DATA)).source();
        assertEquals(0, count(source, OUTER), "no time-loop reservation");
        assertEquals(2, count(source, INNER), "the layer loop's reservation, in the gradient and its checkpoint part");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void everyEngineAgreesWithCentralDifferences(int n) {
        Engines.agreeWithCentralDifferences(ON_DATA, X, 0.8, n);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void everyBudgetGivesTheSameGradient(int n) {
        Engines.sameGradientAtBudgets(ON_DATA, X, 0.8, n, 400, 60, 0);
        Engines.sameGradientAtBudgets(GroupedReservationsTest.LAYERS, X, 0.8, n, 400, 60, 0);
    }
}
