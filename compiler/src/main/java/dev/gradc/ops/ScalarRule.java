package dev.gradc.ops;

import dev.gradc.ir.Dim;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An elementwise function's derivative rule f'(x, y), built once as a small graph over vectors x and y of
 * a symbolic length and evaluated with each op's own {@code eval}: the derivative that the define-by-run
 * tape uses for a {@link Unary} without a tape method of its own, so that it is derived from the same rule
 * as the gradient pass's, not written a second time: as numbers for the backward rule, and as recorded tape ops
 * for the tangent (so that reverse over forward differentiates the slope in turn).
 */
final class ScalarRule {

    private static final Map<Unary, ScalarRule> RULES = new ConcurrentHashMap<>();
    private static final String LENGTH = "n";

    private final List<Node> nodes;
    private final int result;

    private ScalarRule(List<Node> nodes, int result) {
        this.nodes = nodes;
        this.result = result;
    }

    static ScalarRule of(Unary op) {
        return RULES.computeIfAbsent(op, ScalarRule::build);
    }

    private static ScalarRule build(Unary op) {
        GraphBuilder b = new GraphBuilder();
        Type vector = Type.real(new Shape(List.of(new Dim.Named(LENGTH))));
        int x = b.addParam(new Param(0), vector, null, "x");
        int y = b.addParam(new Param(1), vector, null, "y");
        Rules g = new Rules(b);
        int d = op.derivative(g, x, y);
        List<Node> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            nodes.add(b.node(i));
        }
        return new ScalarRule(nodes, d);
    }

    /**
     * f'(x, y) as ops on the tape, so that a second derivative goes through the slope (the tangent ẋ·f'(x, y) is
     * differentiated again): each node of the rule run by its own tape form; zeros when f is piecewise constant.
     */
    dev.gradc.runtime.tape.Tensor onTape(dev.gradc.runtime.tape.Tensor x, dev.gradc.runtime.tape.Tensor y) {
        if (result == Primitive.NONE) {
            return dev.gradc.runtime.tape.Tensor.zeros(x.shape());
        }
        dev.gradc.runtime.tape.Tensor[] values = new dev.gradc.runtime.tape.Tensor[nodes.size()];
        values[0] = x;
        values[1] = y;
        for (int i = 2; i < values.length; i++) {
            Node n = nodes.get(i);
            if (n.op() instanceof Unary u) {
                values[i] = u.onTape(values[n.input(0)]);
            } else if (n.op() instanceof Binary b) {
                values[i] = b.onTape(values[n.input(0)], values[n.input(1)]);
            } else if (n.op() instanceof Constant c && c.isScalar()) {
                values[i] = dev.gradc.runtime.tape.Tensor.scalar(c.scalarValue());
            } else {
                throw new IllegalStateException("a derivative rule uses " + n.op().mnemonic()
                        + ", which ScalarRule cannot run on the tape");
            }
        }
        return values[result];
    }

    /** f'(x, y) for every element: a new array (zeros when the function is piecewise constant). */
    double[] derivatives(double[] xs, double[] ys) {
        if (result == Primitive.NONE) {
            return new double[xs.length];
        }
        EvalContext ctx = new EvalContext(Map.of(LENGTH, xs.length));
        Object[] values = new Object[nodes.size()];
        values[0] = new NDArray(xs, new int[] {xs.length});
        values[1] = new NDArray(ys, new int[] {ys.length});
        for (int i = 2; i < values.length; i++) {
            Node n = nodes.get(i);
            Object[] in = new Object[n.inputs().size()];
            for (int k = 0; k < in.length; k++) {
                in[k] = values[n.input(k)];
            }
            values[i] = ((Primitive) n.op()).eval(in, ctx);
        }
        NDArray d = (NDArray) values[result];
        double[] out = new double[xs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.data()[d.size() == 1 ? 0 : i];
        }
        return out;
    }
}
