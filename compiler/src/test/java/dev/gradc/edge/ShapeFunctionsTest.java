package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code reshape}, {@code concat} and {@code stack} of several arguments, {@code flatten} and {@code pi}, in
 * every engine, against hand-computed values and gradients (concat, stack and flatten of two arguments are
 * also registry entries, checked against central differences by the registry test).
 */
class ShapeFunctionsTest {

    @Test
    void reshapeKeepsRowMajorOrderAndPassesTheAdjointBack() {
        // m = [[x0, x1, x2], [x3, x4, x5]]; m @ [1, 10, 100] = [x0 + 10x1 + 100x2, x3 + 10x4 + 100x5]
        String text = """
                fn f(x: real[6]) -> real {
                  m = reshape(x, 2, 3);
                  r = m @ [1, 10, 100];
                  return r[0] * 2 + r[1] + sum(flatten(m) * x) * 0;
                }
                """;
        Map<String, Engines.Answer> all = Engines.run(text, new double[] {1, 2, 3, 4, 5, 6});
        all.forEach((name, a) -> {
            assertEquals(2 * 321 + 654, a.value()[0], 0, name);
            assertArrayEquals(new double[] {2, 20, 200, 1, 10, 100}, a.gradient().get("x"), 0, name);
        });
    }

    @Test
    void concatAndStackOfThreeArgumentsHaveTheirRowsInOrder() {
        String text = """
                fn f(x: real[2], y: real) -> real {
                  c = concat(x, [y, y * y], x * 3);
                  s = stack(x, x * y, [pi, 1]);
                  return dot(c, [1, 2, 3, 4, 5, 6]) + sum(s[1]) + s[2, 0];
                }
                """;
        Map<String, Engines.Answer> all = Engines.run(text, new double[] {1, 2}, 3.0);
        // c = [1, 2, 3, 9, 3, 6]: 1 + 4 + 9 + 36 + 15 + 36 = 101; s[1] = [3, 6]; s[2, 0] = π
        all.forEach((name, a) -> {
            assertEquals(101 + 9 + Math.PI, a.value()[0], 1e-12, name);
            // ∂x = [1, 2] + 3·[5, 6] + y = [1 + 15 + 3, 2 + 18 + 3]; ∂y = 3 + 4·2y + (x0 + x1) = 3 + 24 + 3
            assertArrayEquals(new double[] {19, 23}, a.gradient().get("x"), 1e-12, name);
            assertEquals(30, a.gradient().get("y")[0], 1e-12, name);
        });
    }
}
