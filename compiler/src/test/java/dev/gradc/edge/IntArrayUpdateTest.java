package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Int arrays updated ({@code order[i] = order[i + 1];}, {@code j[1:3] += 1;}), sliced, concatenated, stacked and
 * reduced ({@code sum}, {@code maxval}), in loops and branches, and {@code min}/{@code max} of ints as indices and
 * bounds: every engine gives the value and the gradient
 * (through the gathers they index) that a plain-Java rendering of the program gives.
 */
class IntArrayUpdateTest {

    /** A bubble sort of an index array by x, then the sorted x weighted by rank, and a slice of the order. */
    private static final String SORT = """
            fn f(x: real[6], idx: int[6]) -> real {
              order = idx;
              for pass in 0..5 {
                for i in 0..5 {
                  if (x[order[i]] > x[order[i + 1]]) {
                    t = order[i];
                    order[i] = order[i + 1];
                    order[i + 1] = t;
                  }
                }
              }
              return sum(x[order] * [1, 2, 3, 4, 5, 6]) + sum(x[order[4:6]]) * 10;
            }
            """;

    @Test
    void aSortOfAnIndexArrayByUpdatesGivesTheRankWeightedGradientInEveryEngine() {
        Random r = new Random(17);
        for (int trial = 0; trial < 5; trial++) {
            double[] x = r.doubles(6, -2, 2).toArray();
            Integer[] order = {0, 1, 2, 3, 4, 5};
            Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
            double value = 0;
            double[] gradient = new double[6];
            for (int k = 0; k < 6; k++) {
                double w = k + 1 + (k >= 4 ? 10 : 0);
                value += w * x[order[k]];
                gradient[order[k]] = w;
            }
            for (var e : Engines.run(SORT, x, new int[] {0, 1, 2, 3, 4, 5}).entrySet()) {
                assertEquals(value, e.getValue().value()[0], 1e-12, e.getKey());
                assertArrayEquals(gradient, e.getValue().gradient().get("x"), 0, e.getKey());
            }
        }
    }

    @Test
    void minAndMaxOfTwoIntsAreIntsThatIndexAndBoundLoopsInEveryEngine() {
        String text = """
                fn f(x: real[6], idx: int[4]) -> real {
                  s = 0;
                  for i in 0..4 {
                    lo = max(idx[i] - 1, 0);
                    hi = min(idx[i] + 2, 6);
                    for j in lo..hi { s = s + x[j] * x[min(j, 4)]; }
                  }
                  return s + x[max(idx[0], idx[3])];
                }
                """;
        int[] idx = {0, 5, 2, 3};
        double[] x = {0.5, -1, 2, 0.25, 3, -0.75};
        double value = x[Math.max(idx[0], idx[3])];
        double[] gradient = new double[6];
        gradient[Math.max(idx[0], idx[3])] += 1;
        for (int i : idx) {
            for (int j = Math.max(i - 1, 0); j < Math.min(i + 2, 6); j++) {
                int k = Math.min(j, 4);
                value += x[j] * x[k];
                gradient[j] += x[k];
                gradient[k] += x[j];
            }
        }
        for (var e : Engines.run(text, x, idx).entrySet()) {
            assertEquals(value, e.getValue().value()[0], 1e-12, e.getKey());
            assertArrayEquals(gradient, e.getValue().gradient().get("x"), 1e-12, e.getKey());
        }
    }

    @Test
    void columnsOfIntMatricesAreReadAndWrittenInEveryEngine() {
        String text = """
                fn f(x: real[6], idx: int[4]) -> real {
                  m = stack(idx, [3, 2, 1, 0]);
                  s = 0;
                  for j in 0..4 { c = m[:, j]; s = s + x[c[0]] * x[c[1]]; }
                  m[:, 1] = [5, 4];
                  m[:, 2] += 1;
                  m[:, 3] = 2;
                  return s + sum(x[m[0]]) * 10 + sum(x[m[1]]);
                }
                """;
        double[] x = {0.5, -1, 2, 0.25, 3, -0.75};
        // columns (0, 3), (1, 2), (2, 1), (3, 0); then m = [[0, 5, 3, 2], [3, 4, 2, 2]]
        double value = 2 * x[0] * x[3] + 2 * x[1] * x[2] + 10 * (x[0] + x[5] + x[3] + x[2]) + x[3] + x[4] + 2 * x[2];
        double[] gradient = {2 * x[3] + 10, 2 * x[2], 2 * x[1] + 10 + 2, 2 * x[0] + 10 + 1, 1, 10};
        for (var e : Engines.run(text, x, new int[] {0, 1, 2, 3}).entrySet()) {
            assertEquals(value, e.getValue().value()[0], 1e-12, e.getKey());
            assertArrayEquals(gradient, e.getValue().gradient().get("x"), 1e-12, e.getKey());
        }
    }

    @Test
    void aColumnOutOfRangeNamesThePositionAndTheBoundsInEveryEngine() {
        String text = """
                fn f(x: real[6], idx: int[4]) -> real {
                  m = stack(idx, idx);
                  c = m[:, idx[3] + 1];
                  return x[c[0]];
                }
                """;
        for (String engine : Engines.NAMES) {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> Engines.runOne(engine, text, new double[6], new int[] {0, 1, 2, 3}));
            assertTrue(e.getMessage().contains("3:") && e.getMessage().contains("index 4 is out of bounds for"
                    + " dimension 1 of length 4"), engine + ": " + e.getMessage());
        }
    }

    @Test
    void updatesSlicesConcatStackAndReductionsOfIntArraysAgreeWithJava() {
        String text = """
                fn f(x: real[6], idx: int[4]) -> real {
                  j = idx;
                  j[0] = 5;
                  j[1:3] += 1;
                  k = concat(j[0:2], idx, [2, 3]);
                  m = stack(idx, j);
                  m[1] = idx;
                  m[0, 3] -= 2;
                  m[0:1, :] *= 1;
                  return x[j[0]] * (sum(k) + maxval(m)) + sum(x[k]) + sum(x[m[0]]);
                }
                """;
        int[] idx = {0, 1, 2, 3};
        double[] x = {1, 2, 3, 4, 5, 6};
        // j = [5, 2, 3, 3]; k = [5, 2, 0, 1, 2, 3, 2, 3] (sum 18); m = [[0, 1, 2, 1], [0, 1, 2, 3]] (max 3)
        double value = 6 * (18 + 3) + (6 + 3 + 1 + 2 + 3 + 4 + 3 + 4) + (1 + 2 + 3 + 2);
        double[] gradient = {1 + 1, 1 + 2, 3 + 1, 2, 0, 21 + 1};
        for (var e : Engines.run(text, x, idx).entrySet()) {
            assertEquals(value, e.getValue().value()[0], 0, e.getKey());
            assertArrayEquals(gradient, e.getValue().gradient().get("x"), 0, e.getKey());
        }
    }

    @Test
    void anIntSliceOrUpdateOutOfRangeNamesThePositionInEveryEngine() {
        Map<String, String> cases = Map.of(
                "fn f(x: real[4], idx: int[4], i: int) -> real {\n  j = idx;\n  j[i:i+2] = [0, 0];\n  return x[j[0]];\n}",
                "slice 3:5 is out of bounds for dimension 0 of length 4",
                "fn f(x: real[4], idx: int[4], i: int) -> real {\n  j = idx;\n  k = j[i:i+2];\n  return x[k[0]];\n}",
                "slice 3:5 is out of bounds for dimension 0 of length 4",
                "fn f(x: real[4], idx: int[4], i: int) -> real {\n  j = idx;\n  j[i + 1] = 0;\n  return x[j[0]];\n}",
                "index 4 is out of bounds for dimension 0 of length 4");
        for (var c : cases.entrySet()) {
            for (String engine : Engines.NAMES) {
                RuntimeException e = assertThrows(RuntimeException.class,
                        () -> Engines.runOne(engine, c.getKey(), new double[] {1, 2, 3, 4}, new int[] {0, 1, 2, 3}, 3));
                assertTrue(e.getMessage().contains("edge.grad:3") && e.getMessage().contains(c.getValue()),
                        engine + ": " + e.getMessage());
            }
        }
    }
}
