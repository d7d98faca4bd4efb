package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Op;
import dev.gradc.ir.Region;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.Matmul;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.Unary;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** What a reverse-mode loop keeps and recomputes, after optimisation. */
class LoopStateTest {

    private static int count(Graph g, Predicate<Op> which) {
        int n = 0;
        for (Node node : g.nodes()) {
            n += which.test(node.op()) ? 1 : 0;
            if (node.op() instanceof Region r) {
                for (Graph sub : r.graphs()) {
                    n += count(sub, which);
                }
            }
        }
        return n;
    }

    private static final String RNN = """
            fn rnn(W: real[4,4], h0: real[4], x: real[4]) -> real {
              h = h0;
              for i in 0..5 { h = tanh(W @ h + x); }
              return sum(h);
            }
            """;

    @Test
    void rnnAdjointReadsTheNextStateInsteadOfRecomputingTheStep() {
        FunctionIr f = Programs.compile(RNN).function("rnn");
        // the store-everything adjoint loop (within the kept-values budget the same loop also has the
        // recomputation a checkpointed reversal would run, which runs no trip while every state fits)
        Graph opt = Optimizer.optimize(GradientPass.gradient(f, List.of("W", "h0"), false,
                GradientPass.Loops.MIXED_KEEP_ALL));
        assertEquals(2, count(opt, op -> op instanceof Matmul), "one forward W@h, one adjoint Wᵀ·bar\n" + opt);
        assertEquals(1, count(opt, op -> op == Unary.TANH), "tanh is not recomputed\n" + opt);
    }

    @Test
    void rnnGradientMatchesFiniteDifferences() {
        FunctionIr f = Programs.compile(RNN).function("rnn");
        Graph g = Derivatives.gradient(f, List.of("W", "h0"));
        double[] w = new double[16];
        for (int i = 0; i < 16; i++) {
            w[i] = Math.sin(i + 1) * 0.5;
        }
        NDArray wArr = new NDArray(w, new int[] {4, 4});
        NDArray h0 = new NDArray(new double[] {0.1, -0.2, 0.3, 0.05}, new int[] {4});
        NDArray x = new NDArray(new double[] {0.2, 0.1, -0.1, 0.0}, new int[] {4});
        double[] gw = ((NDArray) Programs.run(g, wArr, h0, x)[1]).data();
        double h = 1e-6;
        for (int k = 0; k < 16; k++) {
            double[] up = w.clone();
            double[] down = w.clone();
            up[k] += h;
            down[k] -= h;
            double fd = (value(f, up, h0, x) - value(f, down, h0, x)) / (2 * h);
            assertEquals(fd, gw[k], 1e-7);
        }
    }

    private static double value(FunctionIr f, double[] w, NDArray h0, NDArray x) {
        return ((NDArray) Programs.run(f.graph(), new NDArray(w, new int[] {4, 4}), h0, x)[0]).item();
    }
}
