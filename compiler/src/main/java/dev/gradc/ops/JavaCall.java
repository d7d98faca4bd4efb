package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import java.util.List;
import java.util.function.Function;

/**
 * An op written in generated Java as one expression, usually a call of a runtime method ({@code Gather.rows}):
 * the emitter declares a variable of the node's type and assigns it this expression. For ops that move
 * whole arrays (gathers, int arrays), not for elementwise ones, which the emitter fuses into loops.
 */
public interface JavaCall {

    /**
     * The Java expression of node {@code n}'s value.
     *
     * @param types the inputs' types, in order
     * @param in    the inputs' Java expressions, in order
     * @param count the number of elements of some dimensions, as a Java {@code int} expression
     * @param where the node's source position ({@code "model.grad:4:12"}) for run-time errors, or null
     */
    CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where);
}
