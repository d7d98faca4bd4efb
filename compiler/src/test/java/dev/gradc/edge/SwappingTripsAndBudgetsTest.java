package dev.gradc.edge;

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
}
