package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A slice, slice update or gather whose start (or index) is out of range at run time is reported with the
 * source position of the statement and the offending bounds, in the same words by every engine, for every
 * form, when computing the value and the gradient.
 */
class SliceBoundsTest {

    private static String program(String statement) {
        return "fn f(x: real[12], i: int, idx: int[2]) -> real {\n  m = reshape(x, 3, 4);\n  v = x[0:4];\n"
                + "  s = 0;\n  " + statement + "\n  return sum(m * m) + sum(v * v) + s;\n}";
    }

    @ParameterizedTest(name = "{0} with i = {1}")
    @CsvSource(delimiter = '|', value = {
        "s = sum(v[i:i+2]);                 | 3 | slice 3:5 is out of bounds for dimension 0 of length 4",
        "s = sum(m[i:i+2]);                 | 2 | slice 2:4 is out of bounds for dimension 0 of length 3",
        "s = sum(m[i:i+2, :]);              | 2 | slice 2:4 is out of bounds for dimension 0 of length 3",
        "s = sum(m[:, i:i+2]);              | 3 | slice 3:5 is out of bounds for dimension 1 of length 4",
        "s = sum(m[1, i:i+2]);              | 3 | slice 3:5 is out of bounds for dimension 1 of length 4",
        "s = sum(m[i:i+2, 1]);              | 2 | slice 2:4 is out of bounds for dimension 0 of length 3",
        "s = sum(m[i:i+2, 1:3]);            | -1 | slice -1:1 is out of bounds for dimension 0 of length 3",
        "v[i:i+2] = [1, 2];                 | 3 | slice 3:5 is out of bounds for dimension 0 of length 4",
        "v[i:i+2] += x[0];                  | -1 | slice -1:1 is out of bounds for dimension 0 of length 4",
        "m[i:i+2] = 0;                      | 2 | slice 2:4 is out of bounds for dimension 0 of length 3",
        "m[:, i:i+2] *= x[1];               | 3 | slice 3:5 is out of bounds for dimension 1 of length 4",
        "m[1, i:i+2] = [x[0], 2];           | 3 | slice 3:5 is out of bounds for dimension 1 of length 4",
        "m[i:i+2, 1] -= x[0];               | 2 | slice 2:4 is out of bounds for dimension 0 of length 3",
        "m[i:i+2, 1:3] = x[0];              | 2 | slice 2:4 is out of bounds for dimension 0 of length 3",
        "m[0:2, i:i+2] += x[0];             | 3 | slice 3:5 is out of bounds for dimension 1 of length 4",
        "m[i, 1:3] = 1;                     | 3 | index 3 is out of bounds for dimension 0 of length 3",
        "m[i, 1] = 1;                       | 3 | index 3 is out of bounds for dimension 0 of length 3",
        "s = sum(m[idx]);                   | 0 | index 3 (entry 1 of the index array) is out of bounds",
        "s = sum(m[1, idx]) + sum(m[idx, 2]); | 0 | index 3 (entry 1 of the index array) is out of bounds",
    })
    void everyEngineNamesThePositionAndTheBounds(String statement, int i, String message) {
        String text = program(statement.strip());
        double[] x = new double[12];
        for (int k = 0; k < 12; k++) {
            x[k] = 0.1 * k;
        }
        for (String engine : Engines.NAMES) {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> Engines.runOne(engine, text, x, i, new int[] {1, 3}));
            assertTrue(e.getMessage().contains("edge.grad:5") && e.getMessage().contains(message),
                    engine + ": " + e.getMessage());
        }
    }
}
