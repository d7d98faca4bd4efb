package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.Param;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Rules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Forward mode as a graph-to-graph pass: the result graph computes the value and, alongside, the tangent
 * of the output for given tangents of the requested parameters (a Jacobian-vector product).
 */
public final class TangentPass {

    private TangentPass() {
    }

    /** Parameters: f's, then one tangent per name in {@code wrt}; results: value, output tangent. */
    public static Graph jvp(FunctionIr f, List<String> wrt) {
        return DerivativeSize.limited(() -> jvpWithin(f, wrt));
    }

    private static Graph jvpWithin(FunctionIr f, List<String> wrt) {
        GraphBuilder b = new GraphBuilder();
        Rules g = new Rules(b);
        int n = f.params().size();
        int[] params = new int[n];
        for (int i = 0; i < n; i++) {
            FunctionIr.ParamInfo p = f.params().get(i);
            params[i] = b.addParam(new Param(i), p.type(), p.span(), p.name());
        }
        int[] tangents = new int[n];
        Arrays.fill(tangents, Primitive.NONE);
        for (String name : wrt) {
            int i = f.paramIndex(name);
            tangents[i] = b.addParam(new Param(b.paramCount()), f.params().get(i).type(), null, name + "Dot");
        }
        Tangent.Result r = new Tangent(g).run(f.graph(), params, tangents);
        int out = f.graph().result(0);
        List<Integer> results = new ArrayList<>();
        results.add(r.forward()[out]);
        int t = r.tangent()[out];
        results.add(t == Primitive.NONE ? g.zerosLike(r.forward()[out]) : t);
        return b.build(results);
    }

    /**
     * Forward mode over any graph, such as one the gradient pass made: parameters are the graph's, then one
     * tangent per name in {@code wrt}; results are the graph's results, then the tangent of each.
     */
    public static Graph of(Graph graph, List<Type> paramTypes, List<String> paramNames, List<String> wrt) {
        return DerivativeSize.limited(() -> ofWithin(graph, paramTypes, paramNames, wrt));
    }

    private static Graph ofWithin(Graph graph, List<Type> paramTypes, List<String> paramNames, List<String> wrt) {
        GraphBuilder b = new GraphBuilder();
        Rules g = new Rules(b);
        int n = paramTypes.size();
        int[] params = new int[n];
        for (int i = 0; i < n; i++) {
            params[i] = b.addParam(new Param(i), paramTypes.get(i), graph.node(graph.params().get(i)).span(),
                    paramNames.get(i));
        }
        int[] tangents = new int[n];
        Arrays.fill(tangents, Primitive.NONE);
        for (String name : wrt) {
            int i = paramNames.indexOf(name);
            tangents[i] = b.addParam(new Param(b.paramCount()), paramTypes.get(i), null, name + "Dot");
        }
        Tangent.Result r = new Tangent(g).run(graph, params, tangents);
        List<Integer> results = new ArrayList<>();
        for (int res : graph.results()) {
            results.add(r.forward()[res]);
        }
        for (int res : graph.results()) {
            int t = r.tangent()[res];
            results.add(t == Primitive.NONE ? g.zerosLike(r.forward()[res]) : t);
        }
        return b.build(results);
    }
}
