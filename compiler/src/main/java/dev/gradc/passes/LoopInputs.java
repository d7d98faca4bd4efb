package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.While;
import java.util.List;

/** What the loop reversals share about a forward loop's inputs (k carried values, then invariants). */
final class LoopInputs {

    private LoopInputs() {
    }


    /** Per input of node n (a loop's carried values, then its invariants), whether it varies. */
    static boolean[] inputsVaried(Node n, boolean[] varied) {
        boolean[] v = new boolean[n.inputs().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = varied[n.input(i)];
        }
        return v;
    }


    /** Appends a forward loop's invariants (its inputs after the k carried ones) as parameters of a rebuilt loop. */
    static void addInvariants(Node n, Graph body, int k, int[] fwd, List<Type> types, List<String> labels,
                              List<Integer> inputs) {
        add(n, body, k, n.inputs().size(), fwd, types, labels, inputs);
    }

    /**
     * Adds loop n's k carried values (their types and labels from the body's parameters, their inputs mapped by
     * {@code fwd}) to a rebuilt loop's lists, as {@link #addInvariants} adds its invariants.
     */
    static void addCarried(Node n, Graph body, int k, int[] fwd, List<Type> types, List<String> labels,
                           List<Integer> inputs) {
        add(n, body, 0, k, fwd, types, labels, inputs);
    }

    private static void add(Node n, Graph body, int from, int to, int[] fwd, List<Type> types, List<String> labels,
                            List<Integer> inputs) {
        for (int i = from; i < to; i++) {
            types.add(body.type(body.params().get(i)));
            labels.add(body.node(body.params().get(i)).label());
            inputs.add(fwd[n.input(i)]);
        }
    }


    /**
     * The trip count of loop w ({@link While#counted}) on a rebuilt loop that carries {@code extras} more values
     * after w's carried ones (so its invariants come {@code extras} later), or null when w has none.
     */
    static While.Counted moved(While w, int extras) {
        int k = w.carried();
        return w.counted() == null ? null : w.counted().moved(i -> i < k ? i : i + extras);
    }

    /**
     * The parameters of the original loop (k carried, then m invariants) among those of a rebuilt loop that
     * carries {@code extras} more values between them (tangents; or a trip count and stacks).
     */
    static int[] withoutExtras(int[] p, int k, int extras, int m) {
        int[] o = new int[k + m];
        System.arraycopy(p, 0, o, 0, k);
        System.arraycopy(p, k + extras, o, k, m);
        return o;
    }
}
