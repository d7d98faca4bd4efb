package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.runtime.tape.CustomOp;
import dev.gradc.runtime.tape.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code concat(a, b, ...)}: arrays joined along the first axis, whose other dimensions agree; the first
 * dimensions add ({@code [N]} and {@code [M]} give {@code [N+M]}). Row-major, so the data are the inputs'
 * data one after the other. Linear; the adjoint of each input is its block of rows of the output's adjoint.
 */
public record Concat(int count) implements Primitive, JavaCall {

    @Override
    public String mnemonic() {
        return "concat";
    }

    @Override
    public String attributes() {
        return Integer.toString(count);
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Dim first = Dim.of(0);
        List<Dim> rest = null;
        for (Type t : inputs) {
            if (!(t instanceof Type.Real r) || r.isScalar()) {
                throw new OpError(dev.gradc.diag.ArrayMessages.concatOperand(t));
            }
            List<Dim> tail = r.shape().dims().subList(1, r.shape().rank());
            if (rest != null && !rest.equals(tail)) {
                throw new OpError(dev.gradc.diag.ArrayMessages.concatShapes(inputs));
            }
            rest = tail;
            first = Dim.plus(first, 1, r.shape().dim(0));
        }
        List<Dim> dims = new ArrayList<>();
        dims.add(first);
        dims.addAll(rest);
        return Type.real(new Shape(dims));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        int total = 0;
        int rows = 0;
        for (Object o : inputs) {
            total += ((NDArray) o).size();
            rows += ((NDArray) o).shape()[0];
        }
        double[] out = new double[total];
        int at = 0;
        for (Object o : inputs) {
            double[] d = ((NDArray) o).data();
            System.arraycopy(d, 0, out, at, d.length);
            at += d.length;
        }
        int[] shape = ((NDArray) inputs[0]).shape().clone();
        shape[0] = rows;
        return new NDArray(out, shape);
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        int[] adjoints = new int[in.length];
        Dim offset = Dim.of(0);
        for (int k = 0; k < in.length; k++) {
            Dim length = g.shape(in[k]).dim(0);
            adjoints[k] = need[k] ? g.apply(new Rows(length), bar, value(g, offset)) : NONE;
            offset = Dim.plus(offset, 1, length);
        }
        return adjoints;
    }

    /** A dimension's value as an int node: its constant plus each size name times its coefficient. */
    static int value(Rules g, Dim d) {
        int v = g.intConstant((int) d.constant());
        for (var t : d.terms().entrySet()) {
            int n = g.apply(new SizeOf(t.getKey()));
            if (t.getValue() != 1) {
                n = g.apply(Binary.MUL, g.intConstant(Math.toIntExact(t.getValue())), n);
            }
            v = g.apply(Binary.ADD, v, n);
        }
        return v;
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        int[] parts = new int[in.length];
        boolean any = false;
        for (int k = 0; k < in.length; k++) {
            any |= t[k] != NONE;
            parts[k] = t[k] != NONE ? t[k] : g.zerosLike(in[k]);
        }
        return any ? g.apply(this, parts) : NONE;
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        return CodeBlock.of("$T.concat($L)", dev.gradc.runtime.Gather.class, String.join(", ", in));
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.LINEAR);
    }

    /** {@code concat} on the define-by-run tape: backward gives each input its block of the adjoint. */
    public static Tensor onTape(Tensor... parts) {
        double[][] data = new double[parts.length][];
        int rows = 0;
        for (int k = 0; k < parts.length; k++) {
            data[k] = parts[k].data();
            rows += parts[k].shape()[0];
        }
        int[] shape = parts[0].shape().clone();
        shape[0] = rows;
        return CustomOp.apply("concat", dev.gradc.runtime.Gather.concat(data), shape, bar -> {
            double[][] out = new double[parts.length][];
            int at = 0;
            for (int k = 0; k < parts.length; k++) {
                out[k] = java.util.Arrays.copyOfRange(bar, at, at + data[k].length);
                at += data[k].length;
            }
            return out;
        }, Concat::onTape, parts);
    }
}
