package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import java.util.List;
import java.util.function.Function;

/**
 * A write into an int array ({@link IntUpdate}, {@link IntColumn} with {@code write}): a copy of the array with a
 * few entries replaced, or, when an engine has proved the old array dead ({@link Overwriting}), the array itself
 * changed at those entries — O(entries written), not a copy of the array per write.
 */
public interface IntWrite extends Overwriting, JavaCall {

    /** The Java expression of the write: into a copy of the array, or into the array itself when {@code inPlace}. */
    CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where,
                   boolean inPlace);

    @Override
    default CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        return java(n, types, in, count, where, false);
    }

    @Override
    default java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.CHECKED);
    }

    @Override
    default boolean isNonDifferentiable() {
        return true;
    }

    /** The array to write into: the first input's, or a copy of it. */
    static IntND target(Object input, boolean inPlace) {
        IntND a = (IntND) input;
        return inPlace ? a : new IntND(a.data().clone(), a.shape().clone());
    }
}
