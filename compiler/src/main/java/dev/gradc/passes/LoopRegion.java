package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Checkpoint;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.List;

/**
 * A while region being built by a pass: its parameters (carried values, then invariants) with their labels
 * and initial values, then its condition and body, each written by the caller over the parameters.
 */
final class LoopRegion {

    /** Writes a graph over the region's parameters; gives its results. */
    interface Part {
        List<Integer> write(Rules r, int[] p);
    }

    private final List<Type> types = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final List<Integer> inputs = new ArrayList<>();
    private int carried = -1;

    /** Adds a parameter; gives its position. */
    int add(Type type, String label, int input) {
        types.add(type);
        labels.add(label);
        inputs.add(input);
        return types.size() - 1;
    }

    /** The parameters added so far are the carried ones; the rest will be invariants. */
    void endCarried() {
        carried = types.size();
    }

    /**
     * Adds the region to {@code g}: its condition and body written by the parts (the body gives the next
     * carried values, in order). Gives the region's node.
     */
    int build(Rules g, Node.Role role, Part condition, Part body, String where, Checkpoint checkpoint) {
        return build(g, role, condition, body, where, checkpoint, null);
    }

    /**
     * {@link #build} for a loop whose trip count the caller knows ({@link While.Counted}): its condition is
     * {@code counter < to}, and its body adds one to the counter. Without it, the loop's graphs say whether it
     * is counted ({@link While.Counted#of}).
     */
    int build(Rules g, Node.Role role, Part condition, Part body, String where, Checkpoint checkpoint,
              While.Counted counted) {
        if (carried < 0) {
            carried = types.size();
        }
        Rules cg = Copy.region(types, labels, role);
        List<Integer> c = condition.write(cg, Copy.params(cg));
        Rules bg = Copy.region(types, labels, role);
        List<Integer> b = body.write(bg, Copy.params(bg));
        Graph cond = cg.builder().build(c);
        Graph next = bg.builder().build(b);
        // a loop the caller builds counting (an adjoint loop's trips > 0, trips - 1) knows its trip count too
        While w = new While(cond, next, carried, where, checkpoint,
                counted != null ? counted : While.Counted.of(cond, next, carried));
        return g.region(w, w.resultType(), inputs);
    }
}
