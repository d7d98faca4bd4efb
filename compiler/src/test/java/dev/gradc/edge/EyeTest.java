package dev.gradc.edge;

import static dev.gradc.diag.BadInput.assertErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code eye(N)}: the identity of a literal, a size name or an affine size, the same in every engine, a
 * constant to every derivative; a size that is no size is a positioned error.
 */
class EyeTest {

    @Test
    void identityOfLiteralSizeNameAndAffineSizeInEveryEngine() {
        // logdet(I + v vᵀ) = log(1 + |v|²), d/dv = 2v / (1 + |v|²); sum(eye(N+1)) = N+1; 2·sum(eye(2N)) = 4N
        String text = "fn f<N>(v: real[N]) -> real {\n  a = eye(N) + outer(v, v);\n"
                + "  return logdet(a) + sum(eye(N+1)) + trace(eye(3)) + 2 * sum(eye(2*N)) + sum(eye(N) * outer(v, v));\n}\n";
        double[] v = {0.5, 1, 2};
        double q = 1 + 0.25 + 1 + 4;
        for (Map.Entry<String, Engines.Answer> e : Engines.run(Map.of("N", 3), text, (Object) v).entrySet()) {
            assertEquals(Math.log(q) + 4 + 3 + 12 + (q - 1), e.getValue().value()[0], 1e-12, e.getKey());
            double[] g = e.getValue().gradient().get("v");
            for (int i = 0; i < 3; i++) {
                assertEquals(2 * v[i] / q + 2 * v[i], g[i], 1e-12, e.getKey() + " gradient " + i);
            }
        }
    }

    @Test
    void eyeIsAMatrixOfOnesOnTheDiagonalOnly() {
        String text = "fn f(v: real[3]) -> real {\n  return dot(v, (eye(3) + 0 * outer(v, v)) @ [1.0, 10.0, 100.0]);\n}\n";
        for (Map.Entry<String, Engines.Answer> e : Engines.run(text, (Object) new double[] {1, 2, 3}).entrySet()) {
            assertEquals(321, e.getValue().value()[0], 0, e.getKey());
        }
    }

    @Test
    void reportsSizesThatAreNoSizes() {
        assertErrors("fn f(x: real) -> real {\n  return sum(eye(x)) + sum(eye(0)) + sum(eye(2, 3));\n}",
                "2:18: the sizes of 'eye' must be integer literals, size names or sums and literal multiples of them"
                        + " (N+1, 2*N)",
                "2:32: the sizes of 'eye' must be whole numbers of at least 1, got 0 (an array has at least one element)",
                "2:42: 'eye' takes 1 argument, got 2");
    }
}
