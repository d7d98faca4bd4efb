package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.runtime.IntArrays;
import java.util.List;
import java.util.function.Function;

/**
 * Elementwise int arithmetic ({@code + - *}, {@code min}, {@code max}) or comparison of int arrays, one side
 * possibly an int scalar, broadcast as reals are; arithmetic gives an int array, a comparison a mask. Ints
 * are never differentiated.
 *
 * @param op a {@link Binary} that {@linkplain Binary#acceptsInts() accepts ints}, or a {@link Compare}
 */
public record IntElementwise(Primitive op) implements Primitive, JavaCall {

    public IntElementwise {
        if (!(op instanceof Compare) && !(op instanceof Binary b && b.acceptsInts())) {
            throw new IllegalArgumentException("no int form of " + op.mnemonic());
        }
    }

    @Override
    public String mnemonic() {
        return "int_" + op.mnemonic();
    }

    private String symbol() {
        return op instanceof Compare c ? c.symbol() : switch ((Binary) op) {
            case ADD -> "+";
            case SUB -> "-";
            case MUL -> "*";
            default -> op.mnemonic();
        };
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Shape[] shapes = new Shape[2];
        for (int k = 0; k < 2; k++) {
            Type t = inputs.get(k);
            if (t instanceof Type.IntArray a) {
                shapes[k] = a.shape();
            } else if (t instanceof Type.Int) {
                shapes[k] = Shape.SCALAR;
            } else {
                throw new OpError(dev.gradc.diag.ArrayMessages.intArrayOperand(symbol(), inputs.get(0), inputs.get(1)));
            }
        }
        Shape s = Broadcasting.require("'" + symbol() + "'", shapes[0], shapes[1]);
        return op instanceof Compare ? new Type.Bool(s) : new Type.IntArray(s);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        int[] a = ints(inputs[0]);
        int[] b = ints(inputs[1]);
        int[] shape = inputs[0] instanceof IntND x && (!(inputs[1] instanceof IntND y) || x.shape().length >= y.shape().length)
                ? x.shape() : ((IntND) inputs[1]).shape();
        if (op instanceof Compare c) {
            return new Mask(IntArrays.test(a, b, (p, q) -> c.test(p, q)), shape);
        }
        Binary f = (Binary) op;
        return new IntND(IntArrays.map(a, b, f::applyInt), shape);
    }

    private static int[] ints(Object v) {
        return v instanceof IntND a ? a.data() : new int[] {(Integer) v};
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        // method references, not lambdas: a lambda's parameter may not have a local variable's name (a program's p)
        CodeBlock operator = op instanceof Compare c ? switch (c) {
            case LT -> CodeBlock.of("$T::less", IntArrays.class);
            case LE -> CodeBlock.of("$T::lessOrEqual", IntArrays.class);
            case GT -> CodeBlock.of("$T::greater", IntArrays.class);
            case GE -> CodeBlock.of("$T::greaterOrEqual", IntArrays.class);
            case EQ -> CodeBlock.of("$T::equal", IntArrays.class);
            case NE -> CodeBlock.of("$T::notEqual", IntArrays.class);
        } : switch ((Binary) op) {
            case ADD -> CodeBlock.of("Integer::sum");
            case SUB -> CodeBlock.of("$T::difference", IntArrays.class);
            case MUL -> CodeBlock.of("$T::product", IntArrays.class);
            case MIN -> CodeBlock.of("Math::min");
            default -> CodeBlock.of("Math::max");
        };
        return CodeBlock.of("$T.$L($L, $L, $L)", IntArrays.class, op instanceof Compare ? "test" : "map", in.get(0),
                in.get(1), operator);
    }

    @Override
    public boolean isNonDifferentiable() {
        return true;
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.NON_DIFFERENTIABLE, Trait.PART);
    }
}
