package dev.gradc.ops;

import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * A typed graph builder: appends a primitive after inferring its type, with one method per common op, so
 * that derivative rules read like the math ({@code g.mul(bar, g.unary(COS, x))}).
 */
public final class Rules {

    private final GraphBuilder b;

    public Rules(GraphBuilder builder) {
        this.b = builder;
    }

    public GraphBuilder builder() {
        return b;
    }

    public Type type(int id) {
        return b.type(id);
    }

    public Shape shape(int id) {
        return Broadcasting.shapeOf(b.type(id));
    }

    public int apply(Primitive op, List<Integer> inputs) {
        List<Type> types = new ArrayList<>(inputs.size());
        for (int k = 0; k < inputs.size(); k++) {
            types.add(b.type(inputs.get(k)));
        }
        return b.add(op, op.inferType(types), inputs);
    }

    public int apply(Primitive op, int... inputs) {
        List<Integer> in = new ArrayList<>(inputs.length);
        for (int i : inputs) {
            in.add(i);
        }
        return apply(op, in);
    }

    public int constant(double v) {
        return apply(Constant.scalar(v));
    }

    public int intConstant(int v) {
        return apply(new IntConstant(v));
    }

    public int boolConstant(boolean v) {
        return apply(new BoolConstant(v));
    }

    public int unary(Unary op, int x) {
        return apply(op, x);
    }

    public int neg(int x) {
        return apply(Unary.NEG, x);
    }

    public int binary(Binary op, int x, int y) {
        return apply(op, x, y);
    }

    public int add(int x, int y) {
        return apply(Binary.ADD, x, y);
    }

    public int sub(int x, int y) {
        return apply(Binary.SUB, x, y);
    }

    public int mul(int x, int y) {
        return apply(Binary.MUL, x, y);
    }

    public int div(int x, int y) {
        return apply(Binary.DIV, x, y);
    }

    public int compare(Compare op, int x, int y) {
        return apply(op, x, y);
    }

    public int where(int mask, int x, int y) {
        return apply(Where.INSTANCE, mask, x, y);
    }

    /** {@code where(mask, a, b)} with two scalar constants. */
    public int select(int mask, double a, double b) {
        return where(mask, constant(a), constant(b));
    }

    public int matmul(Matmul op, int x, int y) {
        return apply(op, x, y);
    }

    public int outer(int x, int y) {
        return apply(new Outer(), x, y);
    }

    public int transpose(int x) {
        return apply(new Transpose(), x);
    }

    /** Sum over {@code axes}; no node when there are none. */
    public int sum(int x, List<Integer> axes) {
        return axes.isEmpty() ? x : apply(new ReduceSum(axes), x);
    }

    public int sumAll(int x) {
        return sum(x, ReduceSum.all(shape(x).rank()).axes());
    }

    /** Broadcast x to {@code target}, its axes going to {@code axes}; no node when nothing changes. */
    public int broadcast(int x, Shape target, List<Integer> axes) {
        if (shape(x).equals(target)) {
            return x;
        }
        return apply(new Broadcast(target, axes), x);
    }

    /** Broadcast x to {@code target} by the language's rule (scalar, or trailing dimensions). */
    public int broadcastTo(int x, Shape target) {
        Shape s = shape(x);
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < s.rank(); i++) {
            axes.add(target.rank() - s.rank() + i);
        }
        return broadcast(x, target, axes);
    }

    /** Sum a value of a broadcast shape back to {@code target} (the transpose of {@link #broadcastTo}). */
    public int unbroadcast(int x, Shape target) {
        Shape s = shape(x);
        if (s.equals(target)) {
            return x;
        }
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < s.rank() - target.rank(); i++) {
            axes.add(i);
        }
        return sum(x, axes);
    }

    public int zerosLike(int x) {
        return apply(new ZerosLike(), x);
    }

    public int toReal(int x) {
        return apply(new ToReal(), x);
    }

    /** Part {@code index} of a region's results; of a {@link Tuple}, the part itself. */
    public int proj(int tuple, int index) {
        if (b.node(tuple).op() instanceof Tuple) {
            return b.node(tuple).input(index);
        }
        return apply(new Proj(index), tuple);
    }

    /** Adds a region (while or cond) node of the given result type. */
    public int region(dev.gradc.ir.Region op, Type.Tuple type, List<Integer> inputs) {
        return b.add(op, type, inputs);
    }

    public Node node(int id) {
        return b.node(id);
    }
}
