package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Checkpoint;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Push;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.List;

/**
 * The pieces both sweeps of a checkpointed loop are built from ({@link CheckpointLoop}, {@link CheckpointAdjoint}):
 * a trip of the body, a loop of trips between snapshots, a snapshot kept, and the positions of the state and
 * the invariants among a region's parameters.
 */
final class CheckpointSteps {

    private CheckpointSteps() {
    }

    static String label(Graph body, int j) {
        return body.node(body.params().get(j)).label();
    }

    static int[] state(int[] p, int k) {
        return java.util.Arrays.copyOf(p, k);
    }

    static int[] invariants(int[] p, int from, int m) {
        return java.util.Arrays.copyOfRange(p, from, from + m);
    }

    /** Pushes the state and its trip onto the stacks at p[from..]: the stacks' next values, in order. */
    static List<Integer> keep(Rules r, int[] p, int k, int from, int[] state, int trip) {
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            out.add(r.apply(new Push(), p[from + j], state[j]));
        }
        out.add(r.apply(new Push(), p[from + k], trip));
        return out;
    }

    static int condition(Rules r, While w, int[] state, int[] inv) {
        return Copy.graph(r, w.condition(), concat(state, inv))[w.condition().result(0)];
    }

    /** One trip of the loop's body: the next carried values. */
    static List<Integer> step(Rules r, While w, int[] state, int[] inv) {
        int[] map = Copy.graph(r, w.body(), concat(state, inv));
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < w.carried(); j++) {
            out.add(map[w.body().result(j)]);
        }
        return out;
    }

    /** A loop that runs {@code steps} trips of the body from {@code state}: the state after them. */
    static int[] advance(Rules r, While w, int[] state, int[] inv, int steps, int c, boolean firstSweep) {
        int k = w.carried();
        int m = inv.length;
        LoopRegion a = new LoopRegion();
        for (int j = 0; j < k; j++) {
            a.add(w.body().type(w.body().params().get(j)), label(w.body(), j), state[j]);
        }
        a.add(Type.INT, "step", r.intConstant(0));
        a.endCarried();
        for (int i = 0; i < m; i++) {
            a.add(w.body().type(w.body().params().get(k + i)), label(w.body(), k + i), inv[i]);
        }
        a.add(Type.INT, "steps", steps);
        int loop = a.build(r, Node.Role.FORWARD,
                (cg, p) -> List.of(cg.compare(Compare.LT, p[k], p[k + 1 + m])),
                (bg, p) -> {
                    List<Integer> out = new ArrayList<>(step(bg, w, state(p, k), invariants(p, k + 1, m)));
                    out.add(bg.add(p[k], bg.intConstant(1)));
                    return out;
                },
                w.where(), new Checkpoint(c,
                        firstSweep ? "runs on to the next snapshot" : "recomputes up to the next snapshot"));
        int[] x = new int[k];
        for (int j = 0; j < k; j++) {
            x[j] = r.proj(loop, j);
        }
        return x;
    }

    static int[] concat(int[] a, int[] b) {
        int[] o = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, o, a.length, b.length);
        return o;
    }
}
