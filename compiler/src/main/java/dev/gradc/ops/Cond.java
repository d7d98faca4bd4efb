package dev.gradc.ops;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code if}/{@code cond} as one region node: only the taken branch runs. Inputs: the scalar bool
 * predicate, then the values both branches may read (their parameters). Both branches give results of the
 * same types; the node's results are the taken branch's.
 */
public record Cond(Graph then, Graph otherwise) implements Region {

    @Override
    public String mnemonic() {
        return "cond";
    }

    @Override
    public List<Graph> graphs() {
        return List.of(then, otherwise);
    }

    /**
     * What the region means, the reference every engine follows: the branch the predicate (input 0) chooses
     * runs on the other inputs, and its results are the region's. {@code graphs} is the engine's evaluation of a
     * graph on arguments.
     */
    public Object[] run(Object[] inputs, java.util.function.BiFunction<Graph, Object[], Object[]> graphs) {
        return graphs.apply((Boolean) inputs[0] ? then : otherwise, java.util.Arrays.copyOfRange(inputs, 1, inputs.length));
    }

    public Type.Tuple resultType() {
        List<Type> parts = new ArrayList<>();
        for (int r : then.results()) {
            parts.add(then.type(r));
        }
        return new Type.Tuple(parts);
    }
}
