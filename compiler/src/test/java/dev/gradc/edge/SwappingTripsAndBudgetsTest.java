package dev.gradc.edge;

/**
 * {@link TripsAndBudgetsTest} at {@link PivotedElimination#SWAPPING}, a matrix whose pivoted elimination swaps rows
 * (at {@link Engines#X16} it swaps none): for the test classes whose programs include that elimination or its kin.
 */
abstract class SwappingTripsAndBudgetsTest extends TripsAndBudgetsTest {

    @Override
    double[] x() {
        return PivotedElimination.SWAPPING;
    }
}
