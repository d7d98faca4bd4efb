package dev.gradc.bench.peers;

import dev.gradc.bench.MlpData;
import dev.gradc.bench.RnnData;
import dev.gradc.bench.handwritten.MlpByHand;
import dev.gradc.bench.handwritten.RnnByHand;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.core.SwitchCond;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * The six benchmark programs written as a TensorFlow 1.x graph-mode user would write them, in double
 * precision like the Java code: placeholders, {@code tf.*} ops, {@code Graph.addGradients}.
 *
 * <ul>
 *   <li>The MLP's loss is {@code mean(logsumexp(z, 1) - sum(z * y, 1))} as in the source, with the
 *       stable logsumexp that {@code tf.reduce_logsumexp} builds (max, stop-gradient, exp, sum, log).
 *       TF's fused {@code SoftmaxCrossEntropyWithLogits} would be faster but cannot be differentiated
 *       in double precision through the C API: its C++ gradient mixes a float constant into a double
 *       graph ({@code Inconsistent values for attr 'T' DT_DOUBLE vs. DT_FLOAT}, TF Java 1.1.0).
 *   <li>The RNN's 100 steps are unrolled into the graph (a static RNN), as a fixed trip count allows
 *       and as is faster in TF than a {@code while} loop.
 *   <li>The control-flow program uses {@code Graph.whileLoop} (TF_NewWhile) for the data-dependent loop
 *       and {@code Switch}/{@code Merge} for the cond, TF 1.x's {@code tf.while_loop} and
 *       {@code tf.cond}; whether TF can differentiate that is what {@link TfPeers} finds out.
 * </ul>
 */
public final class TfPrograms {

    private TfPrograms() {
    }

    /** x^3 + 2x^2 - 5x + 1, powers as tf.pow as in the source. */
    public static TfPeer poly(double x0) {
        TfPeer.Builder b = new TfPeer.Builder();
        Ops tf = b.tf();
        Operand<TFloat64> x = b.scalar("x", x0);
        Operand<TFloat64> y = tf.math.add(
                tf.math.sub(
                        tf.math.add(tf.math.pow(x, tf.constant(3.0)),
                                tf.math.mul(tf.constant(2.0), tf.math.pow(x, tf.constant(2.0)))),
                        tf.math.mul(tf.constant(5.0), x)),
                tf.constant(1.0));
        return b.differentiate(y, List.of(x));
    }

    /** (u + v)^2 with u = (a + b)^2, v = (a - b)^2, a = (w + x + y + z)^2, b = (w + x - y - z)^2. */
    public static TfPeer chain(double[] args) {
        TfPeer.Builder bld = new TfPeer.Builder();
        Ops tf = bld.tf();
        Operand<TFloat64> w = bld.scalar("w", args[0]);
        Operand<TFloat64> x = bld.scalar("x", args[1]);
        Operand<TFloat64> y = bld.scalar("y", args[2]);
        Operand<TFloat64> z = bld.scalar("z", args[3]);
        Operand<TFloat64> a = tf.math.square(tf.math.add(tf.math.add(tf.math.add(w, x), y), z));
        Operand<TFloat64> b = tf.math.square(tf.math.sub(tf.math.sub(tf.math.add(w, x), y), z));
        Operand<TFloat64> u = tf.math.square(tf.math.add(a, b));
        Operand<TFloat64> v = tf.math.square(tf.math.sub(a, b));
        Operand<TFloat64> f = tf.math.square(tf.math.add(u, v));
        return bld.differentiate(f, List.of(w, x, y, z));
    }

    /** log(x^2) sin(x) + 1/x. */
    public static TfPeer logsin(double x0) {
        TfPeer.Builder b = new TfPeer.Builder();
        Ops tf = b.tf();
        Operand<TFloat64> x = b.scalar("x", x0);
        Operand<TFloat64> y = tf.math.add(
                tf.math.mul(tf.math.log(tf.math.square(x)), tf.math.sin(x)),
                tf.math.div(tf.constant(1.0), x));
        return b.differentiate(y, List.of(x));
    }

    /**
     * b = 2a; while (|b| < 1000) b = 2b; c = b > 0 ? b : 100 b — with TF's while loop and Switch/Merge.
     *
     * @throws RuntimeException whatever TF throws if it cannot build or differentiate the program
     */
    public static TfPeer controlFlow(double a0) {
        return controlFlow(a0, false);
    }

    /**
     * The control-flow program with {@code tf.where} (Select, both branches evaluated) in place of
     * {@code tf.cond}: not the same program in general, but the same function here, and the way a TF
     * user would try to get around a cond TF cannot differentiate.
     */
    public static TfPeer controlFlowWithSelect(double a0) {
        return controlFlow(a0, true);
    }

    private static TfPeer controlFlow(double a0, boolean withSelect) {
        TfPeer.Builder bld = new TfPeer.Builder();
        Ops tf = bld.tf();
        Graph g = bld.graph();
        Operand<TFloat64> a = bld.scalar("a", a0);
        Operand<TFloat64> b0 = tf.math.mul(a, tf.constant(2.0));
        Output<?>[] loop = g.whileLoop(
                new Output<?>[] {b0.asOutput()},
                (cond, in, out) -> {
                    Ops c = Ops.create(cond);
                    @SuppressWarnings("unchecked")
                    Operand<TFloat64> b = (Operand<TFloat64>) in[0];
                    out[0] = c.math.less(c.math.abs(b), c.constant(1000.0)).asOutput();
                },
                (body, in, out) -> {
                    Ops o = Ops.create(body);
                    @SuppressWarnings("unchecked")
                    Operand<TFloat64> b = (Operand<TFloat64>) in[0];
                    out[0] = o.math.mul(b, o.constant(2.0)).asOutput();
                },
                "doubling");
        @SuppressWarnings("unchecked")
        Operand<TFloat64> b = (Operand<TFloat64>) loop[0];
        Operand<TBool> positive = tf.math.greater(b, tf.constant(0.0));
        Operand<TFloat64> c;
        if (withSelect) {
            c = tf.select(positive, b, tf.math.mul(tf.constant(100.0), b));
        } else {
            SwitchCond<TFloat64> branch = tf.switchCond(b, positive);
            Operand<TFloat64> taken = branch.outputTrue();
            Operand<TFloat64> scaled = tf.math.mul(tf.constant(100.0), branch.outputFalse());
            c = tf.merge(List.of(taken, scaled)).output();
        }
        return bld.differentiate(c, List.of(a));
    }

    /** mean(softmax cross-entropy(tanh(x W1 + b1) W2 + b2, y)), gradient w.r.t. W1, b1, W2, b2. */
    public static TfPeer mlp(MlpData d) {
        TfPeer.Builder bld = new TfPeer.Builder();
        Ops tf = bld.tf();
        int in = MlpByHand.IN;
        int hidden = MlpByHand.HIDDEN;
        int out = MlpByHand.OUT;
        Operand<TFloat64> x = bld.input("x", Shape.of(d.B(), in), d.x());
        Operand<TFloat64> y = bld.input("y", Shape.of(d.B(), out), d.y());
        Operand<TFloat64> w1 = bld.input("W1", Shape.of(in, hidden), d.W1());
        Operand<TFloat64> b1 = bld.input("b1", Shape.of(hidden), d.b1());
        Operand<TFloat64> w2 = bld.input("W2", Shape.of(hidden, out), d.W2());
        Operand<TFloat64> b2 = bld.input("b2", Shape.of(out), d.b2());
        Operand<TFloat64> h = tf.math.tanh(tf.math.add(tf.linalg.matMul(x, w1), b1));
        Operand<TFloat64> z = tf.math.add(tf.linalg.matMul(h, w2), b2);
        Operand<TFloat64> perRow = tf.math.sub(logsumexpRows(tf, z), tf.reduceSum(tf.math.mul(z, y), tf.constant(1)));
        Operand<TFloat64> loss = tf.math.mean(perRow, tf.constant(0));
        return bld.differentiate(loss, List.of(w1, b1, w2, b2));
    }

    /** logsumexp over axis 1 of a matrix, stable: m + log(sum(exp(z - m), 1)) with m the row max, held constant. */
    private static Operand<TFloat64> logsumexpRows(Ops tf, Operand<TFloat64> z) {
        Operand<TFloat64> m = tf.stopGradient(tf.reduceMax(z, tf.constant(1), ReduceMax.keepDims(true)));
        Operand<TFloat64> sum = tf.reduceSum(tf.math.exp(tf.math.sub(z, m)), tf.constant(1));
        return tf.math.add(tf.math.log(sum), tf.squeeze(m, Squeeze.axis(List.of(1L))));
    }

    /** 100 unrolled steps of h = tanh(W h + x), loss sum(h), gradient w.r.t. W and h0. */
    public static TfPeer rnn(RnnData d) {
        TfPeer.Builder bld = new TfPeer.Builder();
        Ops tf = bld.tf();
        int n = RnnByHand.N;
        Operand<TFloat64> w = bld.input("W", Shape.of(n, n), d.W());
        Operand<TFloat64> h0 = bld.input("h0", Shape.of(n), d.h0());
        Operand<TFloat64> x = bld.input("x", Shape.of(n), d.x());
        Operand<TInt32> column = tf.constant(new int[] {n, 1});
        Operand<TFloat64> xc = tf.reshape(x, column);
        Operand<TFloat64> h = tf.reshape(h0, column);
        for (int t = 0; t < RnnByHand.STEPS; t++) {
            h = tf.math.tanh(tf.math.add(tf.linalg.matMul(w, h), xc));
        }
        Operand<TFloat64> sum = tf.reduceSum(h, tf.constant(new int[] {0, 1}));
        return bld.differentiate(sum, List.of(w, h0));
    }
}
