package dev.gradc.ops;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code x[a:a+L]}: {@code length} consecutive entries along the first axis from an int start, bounds-checked
 * at run time; the length is static (a literal or affine in size names). Linear in x; its transpose
 * {@link RowsScatter} places the adjoint back into zeros. {@code axis}: the axis of the program's array that
 * the slice is of (1 for a slice of columns, taken as rows of a transpose), named when it is out of bounds.
 */
public record Rows(Dim length, int axis) implements Primitive {

    /** A slice of the program's first axis. */
    public Rows(Dim length) {
        this(length, 0);
    }

    @Override
    public String mnemonic() {
        return "rows";
    }

    @Override
    public String attributes() {
        return axis == 0 ? length.toString() : length + ", axis " + axis;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real r) || r.isScalar()) {
            throw new OpError("only arrays can be sliced, got " + inputs.get(0));
        }
        if (!(inputs.get(1) instanceof Type.Int)) {
            throw new OpError("the start of a slice must be an int, got " + inputs.get(1));
        }
        List<Dim> dims = new ArrayList<>(r.shape().dims());
        dims.set(0, length);
        return Type.real(new Shape(dims));
    }

    /** The flat offset of row {@code start}, checking that rows start..start+length exist. */
    static int offset(int[] shape, int start, int length) {
        return offset(shape, start, length, 0);
    }

    /** As {@link #offset(int[], int, int)}, an error naming the program's axis {@code axis}. */
    static int offset(int[] shape, int start, int length, int axis) {
        if (start < 0 || length < 0 || (long) start + length > shape[0]) {
            throw new IndexOutOfBoundsException(dev.gradc.runtime.IndexOutOfRangeException.slice(start,
                    (long) start + length, axis, shape[0]));
        }
        return start * (Broadcasting.size(shape) / Math.max(shape[0], 1));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray a = (NDArray) inputs[0];
        int len = length.resolve(ctx.sizes());
        int from = offset(a.shape(), (Integer) inputs[1], len, axis);
        int[] shape = a.shape().clone();
        shape[0] = len;
        return new NDArray(Arrays.copyOfRange(a.data(), from, from + Broadcasting.size(shape)), shape);
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return new int[] {g.apply(new RowsScatter(((Type.Real) g.type(in[0])).shape()), bar, in[1]), NONE};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return t[0] == NONE ? NONE : g.apply(this, t[0], in[1]);
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.CHECKED, Trait.PART);
    }
}
