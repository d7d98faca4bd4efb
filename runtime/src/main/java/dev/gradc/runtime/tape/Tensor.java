package dev.gradc.runtime.tape;

import java.util.Arrays;

/**
 * A tensor of the define-by-run tape: an immutable row-major {@code double[]} with a shape (rank 0, 1
 * or 2 for the language, any rank for elementwise ops and reductions), plus, for a leaf that requires
 * gradients, a mutable accumulated gradient.
 *
 * <p>Every op computes its value and, while {@link Tape} records and some input requires gradients,
 * records its backward rule beside it (micrograd style). {@link #backward()} then fills the gradients of
 * the leaves, PyTorch style:
 * <pre>{@code
 * Tensor x = Tensor.scalar(2).requiresGrad();
 * Tensor f = x.pow(3).add(x.square().mul(2)).sub(x.mul(5)).add(1);
 * f.backward();
 * x.grad().item();   // 15.0
 * }</pre>
 * Semantics are the language's (LANGUAGE.md §2): broadcasting of a scalar with anything and of an array
 * with a larger one ending in its shape ({@code [B,N]} with {@code [N]}, no size-1 stretching), elementwise
 * math from {@link dev.gradc.runtime.MathOps}, and its kink choices. Tensors compare by identity. A graph
 * and its gradients belong to one thread at a time.
 */
public final class Tensor {

    private static final int[] SCALAR = new int[0];

    final double[] data;
    final int[] shape;
    final Node node;
    private final boolean requiresGrad;
    private double[] grad;
    /** Forward mode: the tangent of this tensor (of its shape), or null; set once, by {@link #dual} or an op. */
    Tensor tangent;

    /** A constant or leaf; takes ownership of both arrays. */
    Tensor(double[] data, int[] shape, boolean requiresGrad) {
        this.data = data;
        this.shape = shape;
        this.node = null;
        this.requiresGrad = requiresGrad;
    }

    /** The result of a recorded op; it requires gradients. */
    Tensor(double[] data, int[] shape, Node node) {
        this.data = data;
        this.shape = shape;
        this.node = node;
        this.requiresGrad = true;
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(double value) {
        return new Tensor(new double[] {value}, SCALAR, false);
    }

    /** A vector of the given values (copied). */
    public static Tensor vector(double... values) {
        return new Tensor(values.clone(), new int[] {values.length}, false);
    }

    /** A matrix of the given rows (copied), which must all have the same length; no rows gives [0,0]. */
    public static Tensor matrix(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] data = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("matrix rows must have one length: row 0 has " + cols
                        + ", row " + i + " has " + rows[i].length);
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return new Tensor(data, new int[] {rows.length, cols}, false);
    }

    /** A tensor of the given shape over row-major {@code data} (copied); no dimensions makes a scalar. */
    public static Tensor of(double[] data, int... shape) {
        checkSize(data.length, shape);
        return new Tensor(data.clone(), shape.clone(), false);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return of(new double[checkSize(-1, shape)], shape);
    }

    /** A tensor of ones. */
    public static Tensor ones(int... shape) {
        double[] data = new double[checkSize(-1, shape)];
        Arrays.fill(data, 1.0);
        return of(data, shape);
    }

    /** Stacks tensors of one shape along a new leading axis: scalars into a vector, vectors into a matrix. */
    public static Tensor stack(Tensor... parts) {
        return Shaping.stack(parts);
    }

    /** Elementwise select with broadcasting: a where the mask holds, else b; the adjoint follows the choice. */
    public static Tensor where(Mask mask, Tensor a, Tensor b) {
        return Selection.where(mask, a, b);
    }

    /** {@link #where(Mask, Tensor, Tensor)} with a vector mask of shape {@code [mask.length]}. */
    public static Tensor where(boolean[] mask, Tensor a, Tensor b) {
        return Selection.where(Mask.of(mask), a, b);
    }

    /** Returns the number of elements of {@code shape}, checking it against {@code length} unless that is -1. */
    static int checkSize(int length, int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Broadcast.text(shape));
            }
            size = Math.min(size * d, Integer.MAX_VALUE + 1L);
        }
        if (size > Integer.MAX_VALUE - 8 || (length >= 0 && size != length)) {
            throw new IllegalArgumentException("shape " + Broadcast.text(shape) + " does not fit "
                    + (length >= 0 ? length + " values" : "in one array"));
        }
        return (int) size;
    }

    // ---- gradients -------------------------------------------------------------------------------------

    /**
     * A leaf with these values that requires gradients: {@code this} if it already is one, else a new leaf
     * (a tensor computed by ops becomes a fresh leaf, cut from its graph, as {@code detach()} would).
     */
    public Tensor requiresGrad() {
        return node == null && requiresGrad ? this : new Tensor(data, shape, true);
    }

    /** {@link #requiresGrad()} when true, {@link #detach()} when false. */
    public Tensor requiresGrad(boolean required) {
        return required ? requiresGrad() : detach();
    }

    /** Whether gradients flow to or through this tensor (a leaf that requires them, or a recorded result). */
    public boolean needsGrad() {
        return requiresGrad;
    }

    /** Whether this tensor is a leaf: made by a factory, {@link #requiresGrad()} or {@link #detach()}. */
    public boolean isLeaf() {
        return node == null;
    }

    /** The gradient accumulated into this leaf by backward passes (a copy), or null when there is none. */
    public Tensor grad() {
        return grad == null ? null : new Tensor(grad.clone(), shape, false);
    }

    /** Forgets the accumulated gradient: {@link #grad()} is null again (PyTorch's set-to-none). */
    public void zeroGrad() {
        grad = null;
    }

    /** The gradient accumulated so far, as an array to add into: zeros when none yet. */
    double[] gradBuffer() {
        if (grad == null) {
            grad = new double[data.length];
        }
        return grad;
    }

    void accumulateGrad(double[] g) {
        if (grad == null) {
            grad = g.clone();
        } else {
            Backprop.add(grad, g);
        }
    }

    /** Backpropagates from this scalar with seed 1 and frees the graph. */
    public void backward() {
        backward(false);
    }

    /** Backpropagates from this scalar with seed 1; {@code retainGraph} keeps the graph for another pass. */
    public void backward(boolean retainGraph) {
        if (shape.length != 0) {
            throw new IllegalStateException("backward() needs a scalar output, but the output is not a scalar:"
                    + " its shape is " + Broadcast.text(shape) + "; pass a seed of that shape with"
                    + " backward(Tensor seed) to get the vector-Jacobian product");
        }
        Backprop.run(this, new double[] {1.0}, retainGraph);
    }

    /** Backpropagates the seed (the adjoint of this tensor, of its shape) and frees the graph. */
    public void backward(Tensor seed) {
        backward(seed, false);
    }

    /** Backpropagates the seed; {@code retainGraph} keeps the graph for another pass. */
    public void backward(Tensor seed, boolean retainGraph) {
        if (!Arrays.equals(seed.shape, shape)) {
            throw new IllegalArgumentException("the seed's shape " + Broadcast.text(seed.shape)
                    + " differs from the output's shape " + Broadcast.text(shape));
        }
        Backprop.run(this, seed.data, retainGraph);
    }

    // ---- forward mode ----------------------------------------------------------------------------------

    /**
     * This tensor with a tangent, for forward mode (PyTorch's {@code make_dual}): every op on it computes its
     * result's {@link #tangent()} too, by the op's tangent rule. The rules are themselves ops on tensors, so
     * when gradients are recorded the tangent is recorded with them, and a backward pass from a tangent gives
     * second derivatives (reverse over forward: the gradient of ∇f·v is the Hessian times v). The result is a
     * new tensor with the same values, graph node and gradient requirement; from a leaf that requires
     * gradients, a new leaf, into which backward passes then accumulate.
     */
    public Tensor dual(Tensor tangent) {
        if (!Arrays.equals(tangent.shape, shape)) {
            throw new IllegalArgumentException("the tangent's shape " + Broadcast.text(tangent.shape)
                    + " differs from the tensor's shape " + Broadcast.text(shape));
        }
        Tensor t = node == null ? new Tensor(data, shape, requiresGrad) : new Tensor(data, shape, node);
        t.tangent = tangent;
        return t;
    }

    /** The forward-mode tangent of this tensor, or null when none reached it (a zero tangent). */
    public Tensor tangent() {
        return tangent;
    }

    /** The same values as a constant: every derivative treats it as one (stop-gradient). */
    public Tensor detach() {
        return new Tensor(data, shape, false);
    }

    // ---- values ----------------------------------------------------------------------------------------

    /** The value of a scalar; an {@link IllegalStateException} for any other shape. */
    public double item() {
        if (shape.length != 0) {
            throw new IllegalStateException("item() needs a scalar, but the shape is " + Broadcast.text(shape));
        }
        return data[0];
    }

    /** The values in row-major order (a copy). */
    public double[] data() {
        return data.clone();
    }

    /** The shape (a copy); {@code []} for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int size() {
        return data.length;
    }

    @Override
    public String toString() {
        String values = shape.length == 0 ? Double.toString(data[0]) : Arrays.toString(data);
        String shapeText = shape.length <= 1 ? "" : ", shape " + Broadcast.text(shape);
        String how = node != null ? ", op " + node.op : requiresGrad ? ", requiresGrad" : "";
        return "tensor(" + values + shapeText + how + ")";
    }

    // ---- ops: one line each here; the value and backward rule of each live together in the op's class ---

    /** a + b, broadcasting. */
    public Tensor add(Tensor b) { return Arithmetic.ADD.apply(this, b); }

    /** a + c. */
    public Tensor add(double c) { return Arithmetic.ADD.apply(this, scalar(c)); }

    /** a - b, broadcasting. */
    public Tensor sub(Tensor b) { return Arithmetic.SUB.apply(this, b); }

    /** a - c. */
    public Tensor sub(double c) { return Arithmetic.SUB.apply(this, scalar(c)); }

    /** a · b elementwise, broadcasting. */
    public Tensor mul(Tensor b) { return Arithmetic.MUL.apply(this, b); }

    /** a · c. */
    public Tensor mul(double c) { return Arithmetic.MUL.apply(this, scalar(c)); }

    /** a / b, broadcasting (IEEE: 1/0 = Inf). */
    public Tensor div(Tensor b) { return Arithmetic.DIV.apply(this, b); }

    /** a / c. */
    public Tensor div(double c) { return Arithmetic.DIV.apply(this, scalar(c)); }

    /** a^b elementwise, broadcasting ({@link dev.gradc.runtime.MathOps#pow} and its partials). */
    public Tensor pow(Tensor b) { return Arithmetic.POW.apply(this, b); }

    /** a^p; derivative p·a^(p-1), 0 for p = 0. */
    public Tensor pow(double p) { return Arithmetic.POW.apply(this, scalar(p)); }

    /** min(a, b) elementwise, broadcasting; on a tie the adjoint goes to a ({@code this}). */
    public Tensor min(Tensor b) { return Arithmetic.MIN.apply(this, b); }

    /** min(a, c). */
    public Tensor min(double c) { return Arithmetic.MIN.apply(this, scalar(c)); }

    /** max(a, b) elementwise, broadcasting; on a tie the adjoint goes to a ({@code this}). */
    public Tensor max(Tensor b) { return Arithmetic.MAX.apply(this, b); }

    /** max(a, c). */
    public Tensor max(double c) { return Arithmetic.MAX.apply(this, scalar(c)); }

    /** atan2(this, b) elementwise: the angle of the point (b, this). */
    public Tensor atan2(Tensor b) { return Arithmetic.ATAN2.apply(this, b); }

    /** -a. */
    public Tensor neg() { return Elementwise.NEG.apply(this); }

    /** sin, elementwise. */
    public Tensor sin() { return Elementwise.SIN.apply(this); }

    /** cos, elementwise. */
    public Tensor cos() { return Elementwise.COS.apply(this); }

    /** tan, elementwise. */
    public Tensor tan() { return Elementwise.TAN.apply(this); }

    /** e^x, elementwise. */
    public Tensor exp() { return Elementwise.EXP.apply(this); }

    /** Natural log, elementwise; log'(0) = +Inf. */
    public Tensor log() { return Elementwise.LOG.apply(this); }

    /** Square root, elementwise; sqrt'(0) = +Inf. */
    public Tensor sqrt() { return Elementwise.SQRT.apply(this); }

    /** tanh, elementwise. */
    public Tensor tanh() { return Elementwise.TANH.apply(this); }

    /** The logistic function, elementwise. */
    public Tensor sigmoid() { return Elementwise.SIGMOID.apply(this); }

    /** max(x, 0), elementwise; relu'(0) = 0. */
    public Tensor relu() { return Elementwise.RELU.apply(this); }

    /** |x|, elementwise; abs'(0) = 0. */
    public Tensor abs() { return Elementwise.ABS.apply(this); }

    /** x², elementwise. */
    public Tensor square() { return Elementwise.SQUARE.apply(this); }

    /**
     * An elementwise function given by its value f(x) and its derivative, recorded like the built-in ones:
     * the backward rule is ḡ·f'(x, y), where {@code derivative.apply(xs, ys)} gives a new array of f'(x, y)
     * for every element x and its value y; the tangent is ẋ·{@code slope.apply(x, y)}, the same derivative
     * computed by ops on tensors, so that second derivatives (reverse over forward) go through it. For functions
     * defined outside this class.
     */
    public Tensor map(String name, java.util.function.DoubleUnaryOperator f,
                      java.util.function.BinaryOperator<double[]> derivative,
                      java.util.function.BinaryOperator<Tensor> slope) {
        return Elementwise.map(name, f, derivative, slope, this);
    }

    /** Matrix product: matrix-matrix, matrix-vector, vector-matrix, or vector-vector (dot, a scalar). */
    public Tensor matmul(Tensor b) { return Shaping.matmul(this, b); }

    /** Σ a·b over all elements of two tensors of the same shape (for vectors, the dot product). */
    public Tensor dot(Tensor b) { return Reductions.dot(this, b); }

    /** The sum of all elements, a scalar. */
    public Tensor sum() { return Reductions.sum(this, Axis.whole(shape)); }

    /** The sum along {@code axis}, which disappears; a negative axis counts from the end. */
    public Tensor sum(int axis) { return Reductions.sum(this, Axis.of(shape, axis, "sum")); }

    /** The mean of all elements (NaN when empty). */
    public Tensor mean() { return Reductions.mean(this, Axis.whole(shape)); }

    /** The mean along {@code axis}. */
    public Tensor mean(int axis) { return Reductions.mean(this, Axis.of(shape, axis, "mean")); }

    /** The L2 norm of all elements; of a scalar, abs. norm'(0) = 0. */
    public Tensor norm() { return Reductions.norm(this); }

    /** The largest element; the adjoint is split evenly among tied maxima. */
    public Tensor maxval() { return Reductions.maxval(this, Axis.whole(shape)); }

    /** The largest element along {@code axis}. */
    public Tensor maxval(int axis) { return Reductions.maxval(this, Axis.of(shape, axis, "maxval")); }

    /** log Σ e^x over all elements, computed stably. */
    public Tensor logsumexp() { return Reductions.logsumexp(this, Axis.whole(shape)); }

    /** log Σ e^x along {@code axis}, computed stably. */
    public Tensor logsumexp(int axis) { return Reductions.logsumexp(this, Axis.of(shape, axis, "logsumexp")); }

    /** The softmax along {@code axis} (same shape), computed stably. */
    public Tensor softmax(int axis) { return Reductions.softmax(this, Axis.of(shape, axis, "softmax")); }

    /** The transpose of a matrix; a scalar or vector is returned as is. */
    public Tensor transpose() { return Shaping.transpose(this); }

    /** Element {@code i} of a vector (a scalar) or row {@code i} of a matrix (a vector). */
    public Tensor get(int i) { return Shaping.index(this, i); }

    /** Element {@code (i, j)} of a matrix. */
    public Tensor get(int i, int j) { return Shaping.index(this, i, j); }

    /** a &lt; b elementwise, broadcasting. */
    public Mask lt(Tensor b) { return Selection.compare("lt", (x, y) -> x < y, this, b); }

    /** a &lt;= b elementwise, broadcasting. */
    public Mask le(Tensor b) { return Selection.compare("le", (x, y) -> x <= y, this, b); }

    /** a &gt; b elementwise, broadcasting. */
    public Mask gt(Tensor b) { return Selection.compare("gt", (x, y) -> x > y, this, b); }

    /** a &gt;= b elementwise, broadcasting. */
    public Mask ge(Tensor b) { return Selection.compare("ge", (x, y) -> x >= y, this, b); }

    /** a == b elementwise, broadcasting. */
    public Mask eq(Tensor b) { return Selection.compare("eq", (x, y) -> x == y, this, b); }

    /** a != b elementwise, broadcasting. */
    public Mask ne(Tensor b) { return Selection.compare("ne", (x, y) -> x != y, this, b); }

    /** a &lt; c elementwise. */
    public Mask lt(double c) { return lt(scalar(c)); }

    /** a &lt;= c elementwise. */
    public Mask le(double c) { return le(scalar(c)); }

    /** a &gt; c elementwise. */
    public Mask gt(double c) { return gt(scalar(c)); }

    /** a &gt;= c elementwise. */
    public Mask ge(double c) { return ge(scalar(c)); }

    /** a == c elementwise. */
    public Mask eq(double c) { return eq(scalar(c)); }

    /** a != c elementwise. */
    public Mask ne(double c) { return ne(scalar(c)); }
}
