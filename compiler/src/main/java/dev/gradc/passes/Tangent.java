package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Param;
import dev.gradc.ops.Discard;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Push;
import dev.gradc.ops.StackNew;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The core of forward mode: copies a graph into a builder and appends, beside each node, its tangent.
 * Loops carry tangents alongside their state; conds compute the taken branch's tangents. A copy keeps the role
 * of what it copies (forward over reverse: the gradient's adjoint sweep stays one, and its code names its
 * adjoints as the gradient's does); tangents, zero tangents among them, are of role tangent.
 */
final class Tangent {

    private final Rules g;

    Tangent(Rules g) {
        this.g = g;
    }

    /** The copied nodes and their tangents (NONE for a zero tangent), both by original id. */
    record Result(int[] forward, int[] tangent) {
    }

    Result run(Graph graph, int[] params, int[] paramTangents) {
        int[] fwd = new int[graph.size()];
        int[] tan = new int[graph.size()];
        Arrays.fill(tan, Primitive.NONE);
        int[][] tupleTan = new int[graph.size()][];
        Node.Role outer = g.builder().role();
        for (Node n : graph.nodes()) {
            int id = n.id();
            g.builder().setSpan(n.span());
            g.builder().setRole(n.role()); // a copy keeps its sweep: the adjoint sweep of a gradient stays one
            if (n.op() instanceof Param) {
                fwd[id] = params[indexOf(graph, id)];
                tan[id] = paramTangents[indexOf(graph, id)];
            } else if (n.op() instanceof While w && anyTangent(n, tan)) {
                tupleTan[id] = new int[w.carried()];
                fwd[id] = loop(n, w, fwd, tan, tupleTan[id]);
            } else if (n.op() instanceof Cond c && anyTangent(n, tan)) {
                tupleTan[id] = new int[c.then().results().size()];
                fwd[id] = branch(n, c, fwd, tan, tupleTan[id]);
            } else if (n.op() instanceof StackNew || n.op() instanceof Push || n.op() instanceof Pop
                    || n.op() instanceof Discard) {
                fwd[id] = Copy.node(g, n, fwd);
                stack(n, fwd, tan, tupleTan);
            } else if (n.op() instanceof Proj p) {
                fwd[id] = Copy.node(g, n, fwd);
                int[] parts = tupleTan[n.input(0)];
                tan[id] = parts == null ? Primitive.NONE : parts[p.index()];
            } else {
                fwd[id] = Copy.node(g, n, fwd);
                if (anyTangent(n, tan) && n.op() instanceof Primitive op && !op.isNonDifferentiable()
                        && Activity.isReal(n.type())) {
                    tan[id] = primitive(n, op, fwd, tan);
                }
            }
            if (tan[id] != Primitive.NONE && n.label() != null) {
                g.builder().label(tan[id], n.label() + "Dot");
            }
        }
        g.builder().setRole(outer);
        return new Result(fwd, tan);
    }

    /**
     * Stacks of reals (made by the gradient pass) carry a stack of tangents: every push onto a varied
     * stack pushes a tangent too (zero where the value has none), every pop pops one, and a discarded stack's
     * stack of tangents is discarded with it. A stack of such stacks
     * carries a stack of their tangent stacks (an empty one where a pushed stack has none).
     */
    private void stack(Node n, int[] fwd, int[] tan, int[][] tupleTan) {
        if (n.op() instanceof Push) {
            int s = n.input(0);
            int v = n.input(1);
            if ((tan[s] != Primitive.NONE || tan[v] != Primitive.NONE)
                    && Activity.differentiable(((Type.Stack) n.type()).element(), true)) {
                int ts = tan[s] != Primitive.NONE ? tan[s] : zeroTangent(fwd[s]);
                int tv = tan[v] != Primitive.NONE ? tan[v] : zeroTangent(fwd[v]);
                tan[n.id()] = g.apply(new Push(), ts, tv);
            }
        } else if (n.op() instanceof Discard) {
            // the dropped stack's stack of tangents is emptied with it
            int s = n.input(0);
            int d = n.input(1);
            tan[n.id()] = tan[d] == Primitive.NONE ? tan[s]
                    : g.apply(new Discard(), tan[s] != Primitive.NONE ? tan[s] : zeroTangent(fwd[s]), tan[d]);
        } else if (n.op() instanceof Pop && tan[n.input(0)] != Primitive.NONE) {
            int popped = g.apply(new Pop(), tan[n.input(0)]);
            tupleTan[n.id()] = new int[] {g.proj(popped, 0), g.proj(popped, 1)};
        }
    }

    /** The tangent of a value that has none yet: zeros, or for a stack an empty stack of tangents. */
    private int zeroTangent(int id) {
        return zeroTangent(g, id);
    }

    /** The tangent of a value that has none yet, of role tangent (what it is, whatever the sweep of the value). */
    static int zeroTangent(Rules r, int id) {
        Node.Role saved = r.builder().role();
        r.builder().setRole(Node.Role.TANGENT);
        int zero = r.type(id) instanceof Type.Stack s ? r.apply(new StackNew(s.element())) : r.zerosLike(id);
        r.builder().setRole(saved);
        return zero;
    }

    private static int indexOf(Graph graph, int id) {
        return graph.params().indexOf(id);
    }

    private static boolean anyTangent(Node n, int[] tan) {
        for (int in : n.inputs()) {
            if (tan[in] != Primitive.NONE) {
                return true;
            }
        }
        return false;
    }

    private int primitive(Node n, Primitive op, int[] fwd, int[] tan) {
        int[] in = new int[n.inputs().size()];
        int[] t = new int[in.length];
        for (int k = 0; k < in.length; k++) {
            in[k] = fwd[n.input(k)];
            t[k] = tan[n.input(k)];
        }
        Node.Role saved = g.builder().role();
        g.builder().setRole(Node.Role.TANGENT);
        int d = op.jvp(g, n, in, fwd[n.id()], t);
        g.builder().setRole(saved);
        if (d == Primitive.NONE) {
            return d;
        }
        Shape target = ((Type.Real) n.type()).shape();
        return g.shape(d).equals(target) ? d : g.broadcastTo(d, target);
    }

    private int loop(Node n, While w, int[] fwd, int[] tan, int[] partTangents) {
        int k = w.carried();
        int m = n.inputs().size() - k;
        boolean[] inVaried = new boolean[k + m];
        for (int i = 0; i < k + m; i++) {
            inVaried[i] = tan[n.input(i)] != Primitive.NONE;
        }
        boolean[] cv = Activity.variedCarried(w, inVaried, true);
        Graph body = w.body();
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        List<Integer> carriedDots = new ArrayList<>();
        LoopInputs.addCarried(n, body, k, fwd, types, labels, inputs);
        for (int j = 0; j < k; j++) {
            if (cv[j]) {
                carriedDots.add(j);
                types.add(body.type(body.params().get(j)));
                labels.add(dot(body.node(body.params().get(j)).label()));
                int t = tan[n.input(j)];
                inputs.add(t == Primitive.NONE ? zeroTangent(fwd[n.input(j)]) : t);
            }
        }
        List<Integer> invariantDots = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            types.add(body.type(body.params().get(k + i)));
            labels.add(body.node(body.params().get(k + i)).label());
            inputs.add(fwd[n.input(k + i)]);
        }
        for (int i = 0; i < m; i++) {
            if (inVaried[k + i]) {
                invariantDots.add(i);
                types.add(body.type(body.params().get(k + i)));
                labels.add(dot(body.node(body.params().get(k + i)).label()));
                inputs.add(tan[n.input(k + i)]);
            }
        }
        int c = carriedDots.size();
        Graph[] graphs = new Graph[2];
        for (int which = 0; which < 2; which++) {
            Rules rg = Copy.region(types, labels, n.role());
            int[] p = Copy.params(rg);
            int[] orig = new int[k + m];
            int[] origTan = new int[k + m];
            Arrays.fill(origTan, Primitive.NONE);
            for (int j = 0; j < k; j++) {
                orig[j] = p[j];
            }
            for (int idx = 0; idx < c; idx++) {
                origTan[carriedDots.get(idx)] = p[k + idx];
            }
            for (int i = 0; i < m; i++) {
                orig[k + i] = p[k + c + i];
            }
            for (int idx = 0; idx < invariantDots.size(); idx++) {
                origTan[k + invariantDots.get(idx)] = p[k + c + m + idx];
            }
            if (which == 0) {
                int[] map = Copy.graph(rg, w.condition(), orig);
                graphs[0] = rg.builder().build(List.of(map[w.condition().result(0)]));
            } else {
                Result inner = new Tangent(rg).run(body, orig, origTan);
                List<Integer> results = new ArrayList<>();
                for (int j = 0; j < k; j++) {
                    results.add(inner.forward()[body.result(j)]);
                }
                for (int j : carriedDots) {
                    int t = inner.tangent()[body.result(j)];
                    results.add(t == Primitive.NONE ? zeroTangent(rg, inner.forward()[body.result(j)]) : t);
                }
                graphs[1] = rg.builder().build(results);
            }
        }
        While nw = w.with(graphs[0], graphs[1], k + c, i -> i < k ? i : i + c);
        g.builder().setSpan(n.span());
        int node = g.region(nw, nw.resultType(), inputs);
        Arrays.fill(partTangents, Primitive.NONE);
        for (int idx = 0; idx < c; idx++) {
            partTangents[carriedDots.get(idx)] = g.proj(node, k + idx);
        }
        return node;
    }

    private int branch(Node n, Cond c, int[] fwd, int[] tan, int[] partTangents) {
        int m = n.inputs().size() - 1;
        boolean[] iv = new boolean[m];
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        inputs.add(fwd[n.input(0)]);
        for (int i = 0; i < m; i++) {
            types.add(c.then().type(c.then().params().get(i)));
            labels.add(c.then().node(c.then().params().get(i)).label());
            inputs.add(fwd[n.input(1 + i)]);
        }
        List<Integer> dots = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            iv[i] = tan[n.input(1 + i)] != Primitive.NONE;
            if (iv[i]) {
                dots.add(i);
                types.add(types.get(i));
                labels.add(dot(labels.get(i)));
                inputs.add(tan[n.input(1 + i)]);
            }
        }
        boolean[] rv = Activity.variedResults(c, iv, true);
        int results = rv.length;
        Graph[] graphs = new Graph[2];
        int b = 0;
        for (Graph branch : List.of(c.then(), c.otherwise())) {
            Rules rg = Copy.region(types, labels, n.role());
            int[] p = Copy.params(rg);
            int[] origTan = new int[m];
            Arrays.fill(origTan, Primitive.NONE);
            for (int idx = 0; idx < dots.size(); idx++) {
                origTan[dots.get(idx)] = p[m + idx];
            }
            Result inner = new Tangent(rg).run(branch, Arrays.copyOf(p, m), origTan);
            List<Integer> out = new ArrayList<>();
            for (int r = 0; r < results; r++) {
                out.add(inner.forward()[branch.result(r)]);
            }
            for (int r = 0; r < results; r++) {
                if (rv[r]) {
                    int t = inner.tangent()[branch.result(r)];
                    out.add(t == Primitive.NONE ? zeroTangent(rg, inner.forward()[branch.result(r)]) : t);
                }
            }
            graphs[b++] = rg.builder().build(out);
        }
        Cond nc = new Cond(graphs[0], graphs[1]);
        g.builder().setSpan(n.span());
        int node = g.region(nc, nc.resultType(), inputs);
        Arrays.fill(partTangents, Primitive.NONE);
        int idx = 0;
        for (int r = 0; r < results; r++) {
            if (rv[r]) {
                partTangents[r] = g.proj(node, results + idx++);
            }
        }
        return node;
    }

    private static String dot(String label) {
        return label == null ? null : label + "Dot";
    }
}
