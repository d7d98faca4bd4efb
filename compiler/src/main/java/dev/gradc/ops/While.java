package dev.gradc.ops;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * A while loop as one region node. Inputs: the initial loop-carried values, then the loop invariants.
 * Both sub-graphs take (carried..., invariants...) as parameters; {@code condition} gives one bool and
 * {@code body} gives the next carried values. The node's results are the final carried values.
 * Derivatives are taken by the gradient and tangent passes, which rebuild the loop.
 *
 * @param where the loop's source position ({@code file:line}), for the iteration-limit error
 * @param checkpoint null, or how the loop's adjoint keeps its state: asked for with {@code @checkpoint(n)}, or
 *     (on the loops the gradient pass builds) which part of a checkpointing schedule the loop is
 */
public record While(Graph condition, Graph body, int carried, String where, Checkpoint checkpoint)
        implements Region {

    /** A loop without checkpointing. */
    public While(Graph condition, Graph body, int carried, String where) {
        this(condition, body, carried, where, null);
    }

    /** This loop with other graphs (rebuilt by a pass), keeping its position and checkpointing. */
    public While with(Graph condition, Graph body, int carried) {
        return new While(condition, body, carried, where, checkpoint);
    }

    @Override
    public String mnemonic() {
        return "while";
    }

    @Override
    public String attributes() {
        if (checkpoint == null) {
            return "carried=" + carried;
        }
        return "carried=" + carried + (checkpoint.note() == null ? " @checkpoint(" + checkpoint.snapshots() + ")"
                : " checkpointed: " + checkpoint.note());
    }

    @Override
    public List<Graph> graphs() {
        return List.of(condition, body);
    }

    /** The node's type: the tuple of carried types. */
    public Type.Tuple resultType() {
        List<Type> parts = new ArrayList<>();
        for (int i = 0; i < carried; i++) {
            parts.add(body.type(body.params().get(i)));
        }
        return new Type.Tuple(parts);
    }
}
