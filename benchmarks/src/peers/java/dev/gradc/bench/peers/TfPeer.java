package dev.gradc.bench.peers;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat64;

/**
 * One program in TensorFlow Java graph mode, ready to run: a {@link Graph} with a placeholder per
 * input, the value and the gradients that {@link Graph#addGradients} appended, a {@link Session}, and
 * the input tensors made once. {@link #run} is what the benchmark times: one {@code Session.run}
 * feeding the inputs and fetching the value and every gradient.
 *
 * <p>The session runs with {@value #THREADS_PROPERTY} threads for intra- and inter-op parallelism,
 * 1 by default, so that TF and the single-threaded Java code are compared core for core; 0 leaves
 * the choice to TF.
 */
public final class TfPeer implements AutoCloseable {

    /** The system property that sets TF's thread pools; 0 leaves them to TF. */
    public static final String THREADS_PROPERTY = "gradc.tf.threads";

    private final Graph graph;
    private final Session session;
    private final List<Operand<TFloat64>> feeds;
    private final List<TFloat64> inputs;
    private final List<Output<?>> fetches;

    private TfPeer(Graph graph, List<Operand<TFloat64>> feeds, List<TFloat64> inputs, List<Output<?>> fetches) {
        this.graph = graph;
        this.feeds = feeds;
        this.inputs = inputs;
        this.fetches = fetches;
        int threads = Integer.getInteger(THREADS_PROPERTY, 1);
        ConfigProto config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads)
                .setInterOpParallelismThreads(threads)
                .build();
        this.session = new Session(graph, config);
    }

    /** Builds a peer: inputs first, then {@link #differentiate}. Closes the graph if building fails. */
    public static final class Builder {

        private final Graph graph = new Graph();
        private final Ops tf = Ops.create(graph);
        private final List<Operand<TFloat64>> feeds = new ArrayList<>();
        private final List<TFloat64> inputs = new ArrayList<>();

        /** The graph's ops. */
        public Ops tf() {
            return tf;
        }

        /** The graph, for {@link Graph#whileLoop}. */
        public Graph graph() {
            return graph;
        }

        /** A scalar input. */
        public Operand<TFloat64> scalar(String name, double value) {
            return input(name, Shape.scalar(), new double[] {value});
        }

        /** An input of the given shape, filled row-major from {@code data}. */
        public Operand<TFloat64> input(String name, Shape shape, double[] data) {
            Placeholder<TFloat64> p = tf.withName(name).placeholder(TFloat64.class, Placeholder.shape(shape));
            feeds.add(p);
            inputs.add(TFloat64.tensorOf(shape, DataBuffers.of(data, true, false)));
            return p;
        }

        /**
         * Appends the gradients of {@code value} with respect to {@code wrt} (TF's C API, {@code
         * TF_AddGradients}) and opens the session; the peer fetches the value, then the gradients.
         */
        public TfPeer differentiate(Operand<TFloat64> value, List<Operand<TFloat64>> wrt) {
            try {
                Output<?>[] x = new Output<?>[wrt.size()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = wrt.get(i).asOutput();
                }
                Output<?>[] dx = graph.addGradients(value.asOutput(), x);
                List<Output<?>> fetches = new ArrayList<>();
                fetches.add(value.asOutput());
                for (Output<?> d : dx) {
                    if (d == null) {
                        throw new IllegalStateException("TF returned no gradient for an input");
                    }
                    fetches.add(d);
                }
                return new TfPeer(graph, feeds, inputs, fetches);
            } catch (RuntimeException | Error e) {
                inputs.forEach(Tensor::close);
                graph.close();
                throw e;
            }
        }
    }

    /** One {@code Session.run}: feeds every input, fetches the value and every gradient. Close the result. */
    public Result run() {
        Session.Runner runner = session.runner();
        for (int i = 0; i < feeds.size(); i++) {
            runner.feed(feeds.get(i), inputs.get(i));
        }
        for (Output<?> f : fetches) {
            runner.fetch(f);
        }
        return runner.run();
    }

    /** Runs once and copies out the value (an array of one) and each gradient, flat and row-major. */
    public double[][] runAndCopy() {
        try (Result result = run()) {
            double[][] out = new double[fetches.size()][];
            for (int i = 0; i < out.length; i++) {
                TFloat64 t = (TFloat64) result.get(i);
                double[] data = new double[(int) t.shape().size()];
                t.copyTo(DataBuffers.of(data, false, false));
                out[i] = data;
            }
            return out;
        }
    }

    @Override
    public void close() {
        session.close();
        inputs.forEach(Tensor::close);
        graph.close();
    }
}
