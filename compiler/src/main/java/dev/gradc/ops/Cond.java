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

    public Type.Tuple resultType() {
        List<Type> parts = new ArrayList<>();
        for (int r : then.results()) {
            parts.add(then.type(r));
        }
        return new Type.Tuple(parts);
    }
}
