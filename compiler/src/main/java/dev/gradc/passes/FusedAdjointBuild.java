package dev.gradc.passes;

import dev.gradc.diag.Span;
import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Param;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the loop of {@link FusedAdjointLoops}: the forward loop's carried values, then the adjoint loop's
 * accumulators; its invariants, then the adjoint loop's other inputs (each distinct one once); the forward trip,
 * then the adjoint trip reading the forward counter for its stepped-back one.
 */
final class FusedAdjointBuild {

    private FusedAdjointBuild() {
    }

    /** The fused loop in r's graph, the outer graph's nodes before it (and the plan's foreign ones) in {@code map}. */
    static int fused(Rules r, Graph g, FusedAdjointPlan plan, int[] map, Rebuild.Shared pass) {
        Node loop = g.node(plan.forward());
        Node adjoint = g.node(plan.adjoint());
        While w1 = (While) loop.op();
        While w2 = (While) adjoint.op();
        int carried = w1.carried();
        int added = plan.accumulators().size();
        List<Integer> inputs = new ArrayList<>();
        List<Type> parts = new ArrayList<>(w1.resultType().parts());
        for (int i = 0; i < carried; i++) {
            inputs.add(map[loop.input(i)]);
        }
        List<Type> accumulatorTypes = new ArrayList<>();
        for (int i : plan.accumulators()) {
            inputs.add(map[adjoint.input(i)]);
            accumulatorTypes.add(g.type(adjoint.input(i)));
        }
        parts.addAll(accumulatorTypes);
        for (int i = carried; i < loop.inputs().size(); i++) {
            inputs.add(map[loop.input(i)]);
        }
        List<Integer> invariants = new ArrayList<>(inputs.subList(carried + added, inputs.size()));
        List<Type> extraTypes = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int[] extraOf = new int[adjoint.inputs().size()];
        Arrays.fill(extraOf, -1);
        for (int i = 0; i < adjoint.inputs().size(); i++) {
            if (i >= w2.carried() || plan.kinds()[i] == FusedAdjointPlan.PASSED) {
                int id = map[adjoint.input(i)];
                if (!invariants.contains(id)) {
                    invariants.add(id);
                    extraTypes.add(g.type(adjoint.input(i)));
                    labels.add(w2.body().node(w2.body().params().get(i)).label());
                }
                extraOf[i] = invariants.indexOf(id); // the forward loop's invariants, then these
            }
        }
        inputs.addAll(invariants.subList(loop.inputs().size() - carried, invariants.size()));
        List<String> accumulatorLabels = new ArrayList<>();
        for (int i : plan.accumulators()) {
            accumulatorLabels.add(w2.body().node(w2.body().params().get(i)).label());
        }
        Layout condition = new Layout(r, pass.apply(w1.condition()), carried, accumulatorTypes, extraTypes,
                accumulatorLabels, labels);
        condition.copyForward();
        Layout body = new Layout(r, pass.apply(w1.body()), carried, accumulatorTypes, extraTypes,
                accumulatorLabels, labels);
        body.copyForward();
        List<Integer> results = body.copyAdjoint(plan, w2, extraOf);
        While fused = w1.with(condition.b.build(List.of(condition.map[condition.g.result(0)])), body.b.build(results),
                carried + added, i -> i < carried ? i : i + added);
        int id = r.builder().add(fused, new Type.Tuple(parts), inputs, loop.span(), null);
        r.builder().label(id, loop.label());
        return id;
    }

    /** The adjoint loop's result k, read where the fused loop gives it (or where it is known without it). */
    static int adjointResult(Rules r, Graph g, FusedAdjointPlan plan, int k, int[] map) {
        Node loop = g.node(plan.forward());
        Node adjoint = g.node(plan.adjoint());
        return switch (plan.kinds()[k]) {
            case FusedAdjointPlan.ACCUMULATOR ->
                    r.proj(map[loop.id()], ((While) loop.op()).carried() + plan.accumulator(k));
            case FusedAdjointPlan.PASSED -> map[adjoint.input(k)];
            case FusedAdjointPlan.COUNTER -> map[loop.input(plan.stepped()[k])]; // stepped back to where it started
            default -> r.intConstant(0); // the trip count, counted down
        };
    }

    /** One of the fused loop's graphs being built from the forward loop's graph g. */
    private static final class Layout {
        final GraphBuilder b;
        final Graph g;
        final int[] map;
        final List<Integer> accumulators = new ArrayList<>();

        final List<Integer> invariants = new ArrayList<>();

        Layout(Rules outer, Graph g, int carried, List<Type> accumulatorTypes, List<Type> extraTypes,
                List<String> accumulatorLabels, List<String> extraLabels) {
            this.b = new GraphBuilder(false, outer.builder().budget());
            this.g = g;
            this.map = new int[g.size()];
            for (int p = 0; p < g.params().size(); p++) {
                if (p == carried) {
                    b.setRole(Node.Role.ADJOINT);
                    for (int a = 0; a < accumulatorTypes.size(); a++) {
                        accumulators.add(b.addParam(new Param(b.paramCount()), accumulatorTypes.get(a),
                                Span.NONE, accumulatorLabels.get(a)));
                    }
                }
                Node n = g.node(g.params().get(p));
                b.setRole(n.role());
                map[n.id()] = b.addParam(new Param(b.paramCount()), n.type(), n.span(), n.label());
                if (p >= carried) {
                    invariants.add(map[n.id()]);
                }
            }
            b.setRole(Node.Role.ADJOINT);
            for (int e = 0; e < extraTypes.size(); e++) {
                invariants.add(b.addParam(new Param(b.paramCount()), extraTypes.get(e), Span.NONE, extraLabels.get(e)));
            }
        }

        void copyForward() {
            for (Node n : g.nodes()) {
                if (!(n.op() instanceof Param)) {
                    b.setRole(n.role());
                    List<Integer> in = new ArrayList<>();
                    for (int i : n.inputs()) {
                        in.add(map[i]);
                    }
                    map[n.id()] = b.add(n.op(), n.type(), in, n.span(), n.label());
                }
            }
        }

        /** The adjoint trip after the forward one; the body's results (forward's, then the accumulators'). */
        List<Integer> copyAdjoint(FusedAdjointPlan plan, While w2, int[] extraOf) {
            Graph body = w2.body();
            int[] to = new int[body.size()];
            Arrays.fill(to, -1);
            List<Integer> firstAdds = new ArrayList<>();
            for (int i = 0; i < body.params().size(); i++) {
                int param = body.params().get(i);
                int kind = i < w2.carried() ? plan.kinds()[i] : FusedAdjointPlan.PASSED;
                if (kind == FusedAdjointPlan.PASSED) {
                    to[param] = invariants.get(extraOf[i]);
                } else if (kind == FusedAdjointPlan.COUNTER) {
                    int m = plan.stepped()[i];
                    to[param] = map[g.result(m)]; // the counter after the forward trip
                    to[body.result(i)] = map[g.params().get(m)]; // stepped back: the counter at its start
                } else if (kind == FusedAdjointPlan.ACCUMULATOR) {
                    int a = plan.accumulator(i);
                    to[param] = accumulators.get(a);
                    if (plan.store()[a]) {
                        firstAdds.add(body.result(i));
                    }
                }
            }
            int trips = body.result(indexOfTrips(plan));
            Rules rules = new Rules(b);
            for (Node n : body.nodes()) {
                if (to[n.id()] >= 0 || n.id() == trips || n.op() instanceof Param) {
                    continue;
                }
                b.setRole(n.role());
                List<Integer> in = new ArrayList<>();
                for (int i : n.inputs()) {
                    in.add(to[i]);
                }
                if (firstAdds.contains(n.id())) {
                    // the entry is still zero: store 0.0 + t, the sum bit for bit (-0 included), without reading it
                    in.set(1, b.add(Binary.ADD, Type.SCALAR, List.of(rules.constant(0.0), in.get(1)), n.span(), null));
                    to[n.id()] = b.add(FusedAdjointLoops.STORE, n.type(), in, n.span(), n.label());
                } else {
                    to[n.id()] = b.add(n.op(), n.type(), in, n.span(), n.label());
                }
            }
            List<Integer> results = new ArrayList<>();
            for (int res : g.results()) {
                results.add(map[res]);
            }
            for (int i : plan.accumulators()) {
                results.add(to[body.result(i)]);
            }
            return results;
        }

        private static int indexOfTrips(FusedAdjointPlan plan) {
            for (int i = 0; i < plan.kinds().length; i++) {
                if (plan.kinds()[i] == FusedAdjointPlan.TRIPS) {
                    return i;
                }
            }
            throw new IllegalStateException("an adjoint loop without its trip count");
        }
    }
}
