package dev.gradc.passes;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import dev.gradc.ops.AddAt;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Constant;
import dev.gradc.ops.Index;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Param;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Rules;
import dev.gradc.ops.Unary;
import dev.gradc.ops.Update;
import dev.gradc.ops.While;
import dev.gradc.ops.ZerosLike;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An adjoint loop run inside the forward loop it reverses, where that gives the same results bit for bit:
 * {@code for j in 0..M { s = s + x[j] * x[j]; }} becomes one loop whose trip j adds {@code x[j] * x[j]} into
 * {@code s} and {@code sBar * (x[j] + x[j])} into {@code xBar[j]}, instead of a forward loop and then an adjoint
 * loop stepping j back. Applied in the {@link Optimizer} after {@link LoopSums}, to every graph and region graph.
 *
 * <p>Strict about when that holds ({@link FusedAdjointPlan#of}). The forward loop is counted, not split for
 * checkpointing, and carries a trip count (from 0, +1 a trip). The adjoint loop counts that trip count down to 0,
 * so it runs exactly as many trips, the adjoint trip t reversing forward trip N-1-t; and each of its carried
 * values is one of
 * <ul>
 *   <li>its trip count, read by nothing but its own step;</li>
 *   <li>an adjoint passed through unchanged ({@code sBar} of {@code s = s + t}), whose start does not depend on the
 *       forward loop (the seed, or an expression of inputs; not {@code 1 / s} of a {@code log(s)} after it);</li>
 *   <li>a forward counter stepped back ({@code jNext}, started at the forward loop's final counter, stepped by
 *       minus the forward step: in the matching forward trip it is that trip's counter after its step, and the
 *       stepped-back value is the counter at the trip's start; int arithmetic wraps, so exactly);</li>
 *   <li>an accumulator: a real array, started at a value that does not depend on the forward loop, whose next
 *       value is a chain of element adds ({@code add_at}) into it at the forward loop's own counter (±1 a trip),
 *       and read by nothing else. Each trip adds into one entry no other trip touches, so the adds commute and in
 *       forward order give every entry the same sums in the same order.</li>
 * </ul>
 * Its invariants do not depend on the forward loop (no kept stacks, no final state), and its body is scalar
 * arithmetic, constants and element reads at the counter of arrays as long as one the forward trip reads at its
 * counter at its top level (so no read fails where the forward trip's own read did not; real arithmetic and int
 * +, -, * never throw). An accumulator started at {@code zeros_like} whose trip adds once is stored, not added
 * ({@code xBar[j] = 0.0 + t}: the entry is still zero, and {@code 0.0 + t} is the sum bit for bit, -0 included).
 *
 * <p>The fused loop carries the forward loop's values, then the accumulators; its invariants are the forward
 * loop's, then the adjoint loop's inputs that are not carried through it. It stands where the forward loop stood
 * (the adjoint loop's other inputs, which do not depend on it, are built before it); the adjoint loop's results
 * are the accumulators' final values, the passed-through starts, the forward counter's start and 0.
 */
public final class FusedAdjointLoops {

    private FusedAdjointLoops() {
    }

    /** g with every adjoint loop that can run inside its forward loop fused into it; g itself when none can. */
    public static Graph apply(Graph g) {
        return anywhere(g) ? new Rebuild.Shared(FusedAdjointLoops::apply).apply(g) : g;
    }

    /** Whether g or a graph inside it has an adjoint loop that can be fused (each distinct graph looked at once). */
    private static boolean anywhere(Graph g) {
        for (Graph next : Rebuild.distinctGraphs(g)) {
            if (!plans(next).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The fusable pairs of g, by forward loop (each forward loop fused with one adjoint loop at most). */
    static Map<Integer, FusedAdjointPlan> plans(Graph g) {
        Map<Integer, FusedAdjointPlan> plans = new TreeMap<>();
        List<List<Integer>> users = null;
        for (Node n : g.nodes()) {
            if (n.op() instanceof While) {
                if (users == null) {
                    users = users(g);
                }
                FusedAdjointPlan p = FusedAdjointPlan.of(g, n, users);
                if (p != null) {
                    plans.putIfAbsent(p.forward(), p);
                }
            }
        }
        return plans;
    }

    /** The readers of each node of g. */
    static List<List<Integer>> users(Graph g) {
        List<List<Integer>> users = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) {
            users.add(new ArrayList<>());
        }
        for (Node n : g.nodes()) {
            for (int in : n.inputs()) {
                users.get(in).add(n.id());
            }
        }
        return users;
    }

    private static Graph apply(Graph g, Rebuild.Shared shared) {
        Map<Integer, FusedAdjointPlan> byForward = plans(g);
        Map<Integer, FusedAdjointPlan> byAdjoint = new TreeMap<>();
        for (FusedAdjointPlan p : byForward.values()) {
            byAdjoint.put(p.adjoint(), p);
        }
        GraphBuilder b = new GraphBuilder();
        Rules r = new Rules(b);
        int[] map = Rebuild.params(g, b);
        for (Node n : g.nodes()) {
            if (map[n.id()] >= 0) {
                continue;
            }
            FusedAdjointPlan plan = byForward.get(n.id());
            if (plan != null) {
                for (int id : plan.foreignCone(g)) {
                    if (map[id] < 0) {
                        map[id] = copy(r, g.node(id), map, shared);
                    }
                }
                b.setRole(n.role());
                map[n.id()] = FusedAdjointBuild.fused(r, g, plan, map, shared);
                continue;
            }
            FusedAdjointPlan reversed = n.op() instanceof Proj ? byAdjoint.get(n.input(0)) : null;
            b.setRole(n.role());
            if (reversed != null) {
                map[n.id()] = FusedAdjointBuild.adjointResult(r, g, reversed, ((Proj) n.op()).index(), map);
                b.label(map[n.id()], n.label());
            } else if (byAdjoint.containsKey(n.id())) {
                map[n.id()] = map[byAdjoint.get(n.id()).forward()]; // read by its projections only, made above
            } else {
                map[n.id()] = copy(r, n, map, shared);
            }
        }
        List<Integer> results = new ArrayList<>();
        for (int res : g.results()) {
            results.add(map[res]);
        }
        return b.build(results);
    }

    private static int copy(Rules r, Node n, int[] map, Rebuild.Shared shared) {
        List<Integer> in = new ArrayList<>();
        for (int i : n.inputs()) {
            in.add(map[i]);
        }
        r.builder().setRole(n.role());
        return Rebuild.copy(r, n, Rebuild.regions(n.op(), shared::apply), in);
    }

    /** Whether op, computing a value of type t in an adjoint trip, is one a fused trip may run (it cannot fail). */
    static boolean harmless(Node n) {
        if (n.op() instanceof Param || n.op() instanceof IntConstant || n.op() instanceof Constant) {
            return true;
        }
        if (n.op() instanceof Unary) {
            return n.type() instanceof Type.Real t && t.shape().rank() == 0;
        }
        if (n.op() instanceof Binary op) {
            return n.type() instanceof Type.Real t ? t.shape().rank() == 0
                    : n.type() instanceof Type.Int && (op == Binary.ADD || op == Binary.SUB || op == Binary.MUL);
        }
        return false;
    }

    /** The first dimension of a rank-1 real array type, or null. */
    static Dim length(Type t) {
        return t instanceof Type.Real a && a.shape().rank() == 1 ? a.shape().dim(0) : null;
    }

    /** Whether the accumulator's start is zeros (its first add may be a store). */
    static boolean zeros(Graph g, int id) {
        return g.node(id).op() instanceof ZerosLike;
    }

    /** The ops of a store of {@code 0.0 + t} and an add. */
    static final Update STORE = new Update(1);
    static final AddAt ADD = new AddAt(1);
    static final Index READ = new Index(1);
}
