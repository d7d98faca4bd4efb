package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.runtime.tape.CustomOp;
import dev.gradc.runtime.tape.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * {@code reshape(x, N, M)} and {@code flatten(x)}: the same entries in the same row-major order under another
 * shape with as many entries (checked when compiling). A copy (arrays are values); linear, its adjoint is the
 * output's adjoint reshaped back.
 */
public record Reshape(Shape shape) implements Primitive, JavaCall {

    @Override
    public String mnemonic() {
        return "reshape";
    }

    @Override
    public String attributes() {
        return shape.toString();
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real r) || r.isScalar()) {
            throw new OpError(dev.gradc.diag.ArrayMessages.reshapeOperand(inputs.get(0)));
        }
        if (!entries(r.shape()).equals(entries(shape))) {
            throw new OpError(dev.gradc.diag.ArrayMessages.reshapeCount(r.shape(), entries(r.shape()), shape,
                    entries(shape)));
        }
        return Type.real(shape);
    }

    /**
     * The number of entries of a shape as a dimension, when it is one (every dimension but at most one is a
     * literal); null otherwise, when two shapes agree only if they are equal.
     */
    static Object entries(Shape s) {
        long fixed = 1;
        Dim symbolic = null;
        for (Dim d : s.dims()) {
            if (d instanceof Dim.Fixed f) {
                fixed *= f.value();
            } else if (symbolic == null) {
                symbolic = d;
            } else {
                return s.dims().stream().sorted(java.util.Comparator.comparing(Object::toString)).toList();
            }
        }
        return symbolic == null ? Dim.of((int) fixed) : Dim.plus(Dim.of(0), fixed, symbolic);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return new NDArray(((NDArray) inputs[0]).data().clone(), shape.resolve(ctx.sizes()));
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return new int[] {g.apply(new Reshape(g.shape(in[0])), bar)};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return t[0] == NONE ? NONE : g.apply(this, t[0]);
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        return CodeBlock.of("$L.clone()", in.get(0));
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.LINEAR);
    }

    /** {@code reshape} on the define-by-run tape: the same data, the adjoint passed back unchanged. */
    public static Tensor onTape(Tensor x, int... shape) {
        return CustomOp.apply("reshape", x.data(), shape, bar -> new double[][] {bar}, t -> onTape(t[0], shape), x);
    }

    /** {@code flatten(x)} as the lowering builds it: a reshape to one axis of all the entries. */
    static int flatten(Rules g, int x) {
        Type t = g.type(x);
        if (!(t instanceof Type.Real r) || r.isScalar()) {
            throw new OpError(dev.gradc.diag.ArrayMessages.reshapeOperand(t));
        }
        if (!(entries(r.shape()) instanceof Dim d)) {
            throw new OpError(dev.gradc.diag.ArrayMessages.flattenLength(r.shape()));
        }
        return g.apply(new Reshape(Shape.of(d)), x);
    }
}
