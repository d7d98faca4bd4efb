package dev.gradc.ops;

/**
 * An op whose result is its first input changed at a few entries ({@link Update}, {@link AddAt},
 * {@link RowsUpdate}, {@link RowsAddAt}). Arrays are values, so {@link #eval} copies that input first;
 * an engine that has proved the input dead after this op (its last use, owned by the code running it) calls
 * {@link #apply} with {@code inPlace} and the op costs only the entries it changes.
 */
public interface Overwriting extends Primitive {

    /** The result, written into the first input's own array when {@code inPlace}, else into a copy. */
    Object apply(Object[] inputs, EvalContext ctx, boolean inPlace);

    /** Each writes at indices it is given: {@link Trait#CHECKED}. */
    @Override
    default java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.CHECKED);
    }

    @Override
    default Object eval(Object[] inputs, EvalContext ctx) {
        return apply(inputs, ctx, false);
    }

    /** The array to write into: the first input's, or a copy of it. */
    static NDArray target(Object input, boolean inPlace) {
        NDArray a = (NDArray) input;
        return inPlace ? a : new NDArray(a.data().clone(), a.shape().clone());
    }
}
