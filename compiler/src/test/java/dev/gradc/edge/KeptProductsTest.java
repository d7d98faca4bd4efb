package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.emit.JavaEmitter;
import dev.gradc.testing.Programs;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Products and costly elementwise ops kept by a handed inner loop's forward trips (passes.KeptProducts): a stacked
 * LSTM's layer loop pushes each trip's gate activations ({@code sigmoid(g[0:H])}…, {@code tanh(c)}; the
 * pre-activation {@code g = Wx @ input + Wh @ h + b}, which only they read, is then not kept) and the outer adjoint
 * trip pops them instead of computing the two products and five calls per unit again. The gradient is the same value as without keeping, so every engine (the
 * interpreter and the tape do not keep) agrees with the compiled one and with central differences, at 0 to 3
 * outer trips and 0 to 3 inner trips, on: a sum of products (kept as the sum) beside a product read by a product
 * (kept itself), a product read by a cond, a product whose matrix the inner loop carries and replaces per trip, a
 * dot product and a matrix-matrix product, an inner loop whose trip count is data (nothing kept), a product in a
 * loop inside the layer loop (not kept) and the whole in a loop of its own, a product only a sum and a row write
 * read (not kept), costly elementwise ops (sigmoid, tanh, exp, log: kept, their values popped instead of computed
 * again) with no product, a costly op that is the carried value (a result: not kept) beside one only written;
 * and every kept-values budget gives the gradient of the default one bit for bit (budgets from nothing through
 * one journaled trip to all of them).
 */
public class KeptProductsTest {

    /** The programs, with {@code K} the inner loop's trip count. */
    private static final String[] PROGRAMS = {
        // a sum of two products and a bias (kept as g), a product read by a product (kept itself)
        """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 4, 4);
          S = reshape(x * 0.5, 4, 4);
          loss = 0;
          for t in 0..n {
            input = x[0:4] * (y + 0.25 * t);
            for l in 0..K {
              g = W @ input + (transpose(W) @ S[l, :]) * y + x[4:8];
              h = tanh(g) * sigmoid(g);
              S[l, :] = h;
              input = h;
            }
            e = input - x[12:16];
            loss = loss + sum(e * e);
          }
          return loss + sum(S * S) * 0.1;
        }
        """,
        // a product read by a cond
        """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 4, 4) * 0.5;
          S = reshape(x, 4, 4);
          loss = 0;
          for t in 0..n {
            input = x[4:8] * y;
            for l in 0..K {
              g = W @ input - S[l, :] * 0.25;
              if (g[0] > 0.1) { h = tanh(g + S[l, :]); } else { h = sin(g) * y; }
              S[l, :] = h;
              input = h;
            }
            loss = loss + sum(input * x[8:12]);
          }
          return loss;
        }
        """,
        // the product's matrix carried by the inner loop, replaced whole per trip
        """
        fn f(x: real[16], y: real, n: int) -> real {
          S = reshape(x, 4, 4);
          loss = 0;
          for t in 0..n {
            input = x[0:4] * y;
            M = reshape(x, 4, 4) * (0.5 + 0.1 * t);
            for l in 0..K {
              M = M * 0.9 + outer(input, S[l, :]) * 0.1;
              h = tanh(M @ input);
              S[l, :] = h;
              input = h;
            }
            loss = loss + sum(input * x[8:12]) + sum(M) * 0.01;
          }
          return loss + sum(S * S) * 0.1;
        }
        """,
        // a dot product (a scalar) and a matrix-matrix product
        """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 4, 4) * 0.25;
          S = reshape(x, 4, 4);
          loss = 0;
          for t in 0..n {
            input = x[8:12] * y;
            for l in 0..K {
              a = input @ S[l, :];
              A = outer(input, S[l, :]) @ W;
              h = sin(A @ input * 0.1 + input * a);
              S[l, :] = h * 0.5;
              input = h;
            }
            loss = loss + sum(input * x[4:8]);
          }
          return loss;
        }
        """,
        // the inner trip count is data (n): nothing kept, the same gradient
        """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 4, 4);
          S = reshape(x * 0.5, 4, 4);
          loss = 0;
          for t in 0..K {
            input = x[0:4] * y;
            for l in 0..n {
              h = tanh(W @ input + S[l, :] * y);
              S[l, :] = h;
              input = h;
            }
            loss = loss + sum(input * x[4:8]);
          }
          return loss;
        }
        """,
        // a product in a loop inside the layer loop, beside one in the layer loop; the whole in a loop of its own
        """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 4, 4) * 0.5;
          loss = 0;
          for s in 0..2 {
            S = reshape(x, 4, 4) * (y + s);
            for t in 0..n {
              input = x[4:8] * y;
              for l in 0..K {
                v = input;
                for j in 0..2 { v = tanh(W @ v + input * 0.1); }
                S[l, :] = sin(W @ S[l, :] + v);
                input = S[l, :] * y;
              }
              loss = loss + sum(input * x[0:4]);
            }
          }
          return loss;
        }
        """,
        // a product only a sum and a row write read (the adjoint needs not its value: not kept)
        """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 4, 4) * 0.5;
          S = reshape(x, 4, 4);
          loss = 0;
          for t in 0..n {
            input = x[0:4] * y;
            for l in 0..K {
              S[l, :] = S[l, :] * 0.5 + W @ input;
              input = sin(S[l, :]) * y;
            }
            loss = loss + sum(input * x[4:8]);
          }
          return loss + sum(S * S) * 0.1;
        }
        """,
        // costly elementwise ops and no product: sigmoid and tanh (derivatives from their values), log (from its
        // operand), exp of a scalar and of a vector, sigmoid(g) read twice
        """
        fn f(x: real[16], y: real, n: int) -> real {
          S = reshape(x, 4, 4) * 0.5;
          loss = 0;
          for t in 0..n {
            input = x[0:4] * y;
            for l in 0..K {
              a = exp(sum(input * S[l, :]) * 0.1);
              g = S[l, :] * 0.5 + input * a;
              h = sigmoid(g) * tanh(g) + log(1.5 + sigmoid(g)) * 0.1 + exp(-g * g) * 0.2;
              S[l, :] = h;
              input = h;
            }
            loss = loss + sum(input * x[4:8]);
          }
          return loss + sum(S * S) * 0.1;
        }
        """,
        // a costly op that is the carried value (a result of the trip: known, not kept) and one only written
        """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 4, 4) * 0.5;
          S = reshape(x, 4, 4);
          loss = 0;
          for t in 0..n {
            input = x[8:12] * y;
            for l in 0..K {
              u = tanh(W @ input + S[l, :] * y);
              S[l, :] = exp(u * 0.5) + sigmoid(u) * u;
              input = u;
            }
            loss = loss + sum(input * x[4:8]);
          }
          return loss + sum(S * S) * 0.1;
        }
        """,
    };

    private static final double[] X = Engines.X16;

    private static final String JOURNALED = "reverses the journaled trips";

    private static String withInnerTrips(String program, int k) {
        return program.replace("0..K", "0.." + k);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void everyEngineAgreesWithCentralDifferences(int n) {
        for (String program : PROGRAMS) {
            for (int k = 0; k <= 3; k++) {
                Engines.sameValueAndCentralDifferences(withInnerTrips(program, k), X, 0.8, n);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void everyBudgetGivesTheSameGradient(int n) {
        for (String program : PROGRAMS) {
            for (int k : new int[] {1, 2}) {
                Engines.sameGradientAtBudgets(withInnerTrips(program, k), X, 0.8, n,
                        0, 1, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 128, 160, 200, 256, 1000);
            }
        }
    }

    /**
     * The LSTM example's adjoint of its journaled steps pops the gate activations ({@code sigmoid(g[0:H])}…,
     * {@code tanh(c)}) and calls neither sigmoid nor tanh, and computes no product of a weight with the popped input
     * or hidden state ({@code s0 += Wx[… + i0 * H + i] * bkj}: a row of the weight times the vector), only the
     * transposed products (calls of {@code Products.transposedTimesInto}) and the outer products of the adjoint; the pre-activation {@code g}, which only the
     * activations read, is not kept. The journal's budget counts what the gates keep per step, 5*H per layer.
     */
    @Test
    void theLstmReversalPopsTheGatesInsteadOfRecomputingThem() throws IOException {
        String source = JavaEmitter.emit(Programs.compile(
                SourceFile.read(Programs.examples().resolve("programs").resolve("lstm.grad")))).source();
        int handed = 0;
        for (int at = source.indexOf(JOURNALED); at >= 0; at = source.indexOf(JOURNALED, at + 1)) {
            String reversal = withParts(source, source.substring(at, source.indexOf("LoopTrips.reversed(", at)),
                    new java.util.HashSet<>());
            if (!reversal.contains("int innerTrips = ")) {
                continue; // the layer loop's own journal, when a step is run again within the budget
            }
            handed++;
            assertFalse(reversal.matches("(?s).*\\b\\w+\\.popInto\\(g\\);.*"), reversal);
            assertFalse(reversal.contains("MathOps.sigmoid(") || reversal.contains("MathOps.tanh("), reversal);
            assertFalse(reversal.matches("(?s).*W[xh]\\[\\w+ \\+ i0\\w* \\* H \\+ i\\].*"), reversal);
            // the transposed products, the sizes being names, are calls of the runtime at the slices' offsets
            assertTrue(reversal.matches("(?s).*Products\\.transposedTimesInto\\(Wx, \\w+, \\(4 \\* H\\), H, .*"), reversal);
            assertTrue(reversal.matches("(?s).*Products\\.transposedTimesInto\\(Wh, \\w+, \\(4 \\* H\\), H, .*"), reversal);
        }
        assertEquals(2, handed, "the journaled steps' reversals: the gradient and its workspace form");
        // the journal's budget counts what each layer keeps: its journal (h, c, the index, the input: H + H + 1 + H)
        // and the five activations, H each, and no 4*H of g
        java.util.regex.Matcher layer = java.util.regex.Pattern.compile(
                "KeptBudget\\.journalTrips\\(maxKeptValues, [^;]*Math\\.max\\(L, 0\\) \\* \\(([^()]*)\\)").matcher(source);
        assertTrue(layer.find(), "budget");
        assertFalse(layer.group(1).contains("4 * H"), layer.group(1));
        assertTrue(java.util.Arrays.stream(layer.group(1).split(" \\+ ")).filter("H"::equals).count() == 8,
                layer.group(1));
    }

    /**
     * {@code text} followed by the bodies of the part methods it calls, and theirs: a loop body of many loops is
     * split into methods ({@code lossGradPart3Loop2Part0(…)}), and what the reversal computes is in them.
     */
    private static String withParts(String source, String text, java.util.Set<String> seen) {
        StringBuilder out = new StringBuilder(text);
        java.util.regex.Matcher call = java.util.regex.Pattern.compile("\\b(\\w+Part\\d+)\\(").matcher(text);
        while (call.find()) {
            String name = call.group(1);
            int from = source.indexOf("static void " + name + "(");
            if (from >= 0 && seen.add(name)) {
                out.append(withParts(source, source.substring(from, source.indexOf("\n    }\n", from)), seen));
            }
        }
        return out.toString();
    }
}
