package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A counted inner loop whose trips a loop keeps (passes.KeptRegions) has its trip count and final counter computed
 * again in the reversal from its counter's start and its bound (passes.InnerCounts) when those come from no region
 * of the body, whatever its other inputs come from: here the value it starts from is a cond's result, and the loop
 * keeps no int per trip. When its bound or its start is a cond's result, the count is kept as before. (The sum
 * carried over the outer trips is scaled on each, so that the outer loop keeps its trips rather than reversing them
 * as independent ones, passes.IndependentTrips.) Every engine
 * agrees with central differences at 0 to 5 outer trips; budgets that keep every trip, some or none give the same
 * gradient.
 */
class RegionFedInnerCountsTest {

    /** The inner loop's start value from a cond; its count from the outer counter. */
    private static final String VALUE_FROM_COND = """
            fn f(x: real[5], y: real, n: int) -> real {
              s = 0;
              for i in 0..n {
                if (x[i] > 0) { p = x[i] * y; } else { p = 0.5; }
                for j in 0..i+1 { p = p + sin(x[j]) * y; }
                r = x[i] - p;
                s = s * 0.5 + r * r;
              }
              return s;
            }
            """;

    /** The inner loop's bound from a cond. */
    private static final String BOUND_FROM_COND = """
            fn f(x: real[5], y: real, n: int) -> real {
              s = 0;
              for i in 0..n {
                if (x[i] > 0) { m = i + 1; } else { m = i; }
                p = 0.5;
                for j in 0..m { p = p + sin(x[j]) * y; }
                r = x[i] - p;
                s = s * 0.5 + r * r;
              }
              return s;
            }
            """;

    /** The inner loop's counter starting at a cond's result. */
    private static final String START_FROM_COND = """
            fn f(x: real[5], y: real, n: int) -> real {
              s = 0;
              for i in 0..n {
                if (x[i] > 0.2) { m = 0; } else { m = i; }
                p = x[i] * y;
                for j in m..5 { p = p + sin(x[j]) * y; }
                r = x[i] - p;
                s = s * 0.5 + r * r;
              }
              return s;
            }
            """;

    private static final String[] PROGRAMS = {VALUE_FROM_COND, BOUND_FROM_COND, START_FROM_COND};

    /** Entries of both signs, so that each cond takes both branches over the trips. */
    private static final double[] X = {0.9, -0.3, 0.45, 0.1, -0.7};

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5})
    void everyEngineAgreesWithCentralDifferences(int n) {
        for (String text : PROGRAMS) {
            Engines.sameValueAndCentralDifferences(text, X, 0.8, n);
            Engines.agreeWithCentralDifferences(text, X, -1.3, n);
        }
    }

    /**
     * The gradients keep an int stack per value of the inner loop's count and final counter when its start or
     * bound is a cond's result, and none when only its start value is (two without the rule looking only at
     * those inputs).
     */
    @Test
    void onlyACountFromARegionIsKept() {
        assertEquals(0, intStacks(VALUE_FROM_COND));
        assertEquals(2, intStacks(BOUND_FROM_COND));
        assertEquals(2, intStacks(START_FROM_COND));
    }

    private static int intStacks(String text) {
        String source = JavaEmitter.emit(Programs.compile(text)).source();
        return source.split("= new IntStack\\(", -1).length - 1;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void everyBudgetGivesTheSameGradient(int n) {
        for (String text : PROGRAMS) {
            Engines.sameGradientAtBudgets(text, X, 0.8, n, 40, 6, 2, 1, 0);
        }
    }
}
