package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Rules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reversal of a cond (docs/design.md, "Conds"): the adjoint is a cond on the same predicate value; each
 * branch recomputes its own forward branch from the branch inputs and applies its adjoint, and gives zeros
 * for the inputs it does not use. Only the taken branch contributes.
 */
final class CondAdjoint {

    private final Rules g;
    private final GradientPass.Loops loops;

    CondAdjoint(Rules g, GradientPass.Loops loops) {
        this.g = g;
        this.loops = loops;
    }


    /**
     * Appends the adjoint of a cond: a cond on the same predicate whose branches differentiate their own branch.
     * Gives the adjoint contribution to each of the cond's inputs (the predicate's is none), or {@link
     * Primitive#NONE}.
     */
    int[] adjoint(Node n, Cond c, int[] fwd, boolean[] varied, int[] resultBar, Graph graph) {
        int m = n.inputs().size() - 1;
        int[] contributions = new int[1 + m];
        Arrays.fill(contributions, Primitive.NONE);
        boolean[] iv = new boolean[m];
        List<Integer> wanted = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            iv[i] = varied[n.input(1 + i)] && Activity.isReal(graph.type(n.input(1 + i)));
            if (iv[i]) {
                wanted.add(i);
            }
        }
        if (wanted.isEmpty()) {
            return contributions;
        }
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        inputs.add(fwd[n.input(0)]);
        for (int i = 0; i < m; i++) {
            types.add(graph.type(n.input(1 + i)));
            labels.add(c.then().node(c.then().params().get(i)).label());
            inputs.add(fwd[n.input(1 + i)]);
        }
        List<Integer> seeded = new ArrayList<>();
        for (int r = 0; r < resultBar.length; r++) {
            if (resultBar[r] != Primitive.NONE) {
                seeded.add(r);
                types.add(g.type(resultBar[r]));
                labels.add(null);
                inputs.add(resultBar[r]);
            }
        }
        Graph[] branches = new Graph[2];
        int b = 0;
        for (Graph branch : List.of(c.then(), c.otherwise())) {
            Rules rg = Copy.region(types, labels, Node.Role.ADJOINT);
            int[] p = Copy.params(rg);
            int[] seeds = new int[resultBar.length];
            Arrays.fill(seeds, Primitive.NONE);
            for (int idx = 0; idx < seeded.size(); idx++) {
                seeds[seeded.get(idx)] = p[m + idx];
            }
            Reverse.Result inner = new Reverse(rg, loops).run(branch, Arrays.copyOf(p, m), iv, seeds);
            List<Integer> results = new ArrayList<>();
            for (int i : wanted) {
                int a = inner.paramAdjoints()[i];
                results.add(a == Primitive.NONE ? rg.zerosLike(p[i]) : a);
            }
            branches[b++] = rg.builder().build(results);
        }
        Cond adj = new Cond(branches[0], branches[1]);
        g.builder().setSpan(n.span());
        int out = g.region(adj, adj.resultType(), inputs);
        for (int idx = 0; idx < wanted.size(); idx++) {
            contributions[1 + wanted.get(idx)] = g.proj(out, idx);
        }
        return contributions;
    }
}
