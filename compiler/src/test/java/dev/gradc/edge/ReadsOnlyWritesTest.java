package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A write after a transpose, a triangle, diag, diagonal or a broadcast of the array it writes: these ops only read
 * ({@link dev.gradc.ops.Trait#READS_ONLY}), so every engine may write the array in place, and each must still see
 * the values from before the write where the program read them before it. Values and gradients of the three
 * engines agree, and the gradient agrees with central differences of the tape's value.
 */
class ReadsOnlyWritesTest {

    private static final String[] PROGRAMS = {
        // a vector's transpose is the vector: a new array, not the one v[0] = 7 then changes
        """
        @grad(x, y)
        fn f(x: real[3], y: real, n: int) -> real {
          v = x * y;
          t = transpose(v);
          v[0] = 7;
          return sum(t * x) + v[0] * y + n;
        }
        """,
        """
        @grad(x, y)
        fn f(x: real[3], y: real, n: int) -> real {
          v = x * y;
          m = diag(v);
          d = diagonal(m);
          l = tril(m + outer(v, x));
          v[1] = v[2] * 2;
          m[0, 1] = y;
          return sum(d * x) + sum(l * l) + sum(v) + sum(m) + n;
        }
        """,
        """
        @grad(x, y)
        fn f(x: real[3], y: real, n: int) -> real {
          v = x * y;
          s = v;
          for i in 0..n {
            s[0] = s[1] - i;
            t = transpose(s);
            s[1] = s[0] * y + 1;
            v = v + t;
          }
          return sum(v * s);
        }
        """,
    };

    @Test
    void theEnginesAgreeAndTheGradientIsTheCentralDifferences() {
        double[] x = {0.7, -1.3, 2.1};
        for (String text : PROGRAMS) {
            for (int n : new int[] {0, 1, 2, 4}) {
                Map<String, Engines.Answer> answers = Engines.run(text, x.clone(), 0.8, n);
                double[] value = answers.get("compiled").value();
                for (Map.Entry<String, Engines.Answer> e : answers.entrySet()) {
                    assertArrayEquals(value, e.getValue().value(), 1e-12, e.getKey() + ", n = " + n + ": " + text);
                }
                Engines.agreeWithCentralDifferences(text, x, 0.8, n);
            }
        }
    }
}
