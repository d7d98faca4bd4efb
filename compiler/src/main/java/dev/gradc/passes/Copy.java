package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Param;
import dev.gradc.ops.Rules;
import java.util.ArrayList;
import java.util.List;

/** Copies nodes between graphs, renumbering their inputs; and makes region graphs with given parameters. */
final class Copy {

    private Copy() {
    }

    /** Appends a copy of node n to g with inputs taken from {@code map}. */
    static int node(Rules g, Node n, int[] map) {
        if (n.op() instanceof dev.gradc.ops.Proj p && g.node(map[n.input(0)]).op() instanceof dev.gradc.ops.Tuple) {
            return g.node(map[n.input(0)]).input(p.index()); // a region the forward cond kept: its part
        }
        List<Integer> in = new ArrayList<>();
        for (int i : n.inputs()) {
            in.add(map[i]);
        }
        return g.builder().add(n.op(), n.type(), in, n.span(), n.label());
    }

    /** Appends all of {@code src} to g, its parameters bound to {@code params}; gives the id map. */
    static int[] graph(Rules g, Graph src, int[] params) {
        int[] map = new int[src.size()];
        for (int i = 0; i < src.params().size(); i++) {
            map[src.params().get(i)] = params[i];
        }
        for (Node n : src.nodes()) {
            if (!(n.op() instanceof Param)) {
                map[n.id()] = node(g, n, map);
            }
        }
        return map;
    }

    /** A fresh region builder with parameters of the given types and labels. */
    static Rules region(List<Type> types, List<String> labels, Node.Role role) {
        GraphBuilder b = new GraphBuilder();
        b.setRole(role);
        for (int i = 0; i < types.size(); i++) {
            b.addParam(new Param(i), types.get(i), null, labels.get(i));
        }
        return new Rules(b);
    }

    static int[] params(Rules r) {
        int[] p = new int[r.builder().paramCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.builder().param(i);
        }
        return p;
    }
}
