package dev.gradc.engine;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.SizeSolver;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.GradientPass;
import dev.gradc.passes.Nested;
import dev.gradc.passes.Optimizer;
import dev.gradc.runtime.tape.CustomOp;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code grad(f, x)(...)} and its kin on the tape. The tape's backward rules are plain arithmetic on arrays,
 * not recorded ops, so a backward pass run on a nested tape gives the inner derivative's value but nothing
 * an outer backward could differentiate. Instead the compiler's own derivative graph of the callee (the one
 * the compiled engine inlines) is run by the reference interpreter, and recorded on the tape as one op whose
 * backward rule is that graph's vector-Jacobian product, built by the gradient pass and run the same way.
 * The outer derivative on the tape therefore goes through the inner one exactly, at any depth.
 */
final class TapeDerivatives {

    private final ModuleIr module;
    private final long maxIterations;
    private final long maxKeptValues;
    private final Map<String, Graph[]> graphs = new HashMap<>();

    /** Inner derivatives run within {@code maxKeptValues}, the tape's own budget: their loops checkpoint past it. */
    TapeDerivatives(ModuleIr module, long maxIterations, long maxKeptValues) {
        this.module = module;
        this.maxIterations = maxIterations;
        this.maxKeptValues = maxKeptValues;
    }

    Tensor eval(Ast.Derivative d, List<Object> args) {
        FunctionIr f = module.function(d.function());
        Nested.Kind kind = Nested.Kind.of(d.kind());
        Graph[] g = graphs.computeIfAbsent(d.kind() + " " + d.function() + " " + d.wrt(), k -> build(kind, f, d.wrt()));
        String name = d.kind() + "(" + d.function() + ", " + d.wrt() + ")";
        Map<String, Integer> sizes = sizes(f, args);
        Object[] in = new Object[args.size()];
        List<Integer> reals = new ArrayList<>();
        List<Tensor> realInputs = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            Object a = args.get(i);
            boolean real = i >= f.params().size() || f.params().get(i).isReal();
            if (real) {
                Tensor t = TapeEngine.real(a);
                in[i] = new NDArray(t.data(), t.shape());
                reals.add(i);
                realInputs.add(t);
            } else {
                in[i] = a;
            }
        }
        NDArray value = (NDArray) run(g[0], in, sizes)[0];
        return CustomOp.apply(name, value.data(), value.shape(), bar -> {
            Object[] withSeed = java.util.Arrays.copyOf(in, in.length + 1);
            withSeed[in.length] = new NDArray(bar, value.shape());
            if (g[1] == null) {
                g[1] = vjp(kind, f, g[0]);
            }
            Object[] r = run(g[1], withSeed, sizes);
            double[][] out = new double[reals.size()][];
            for (int k = 0; k < out.length; k++) {
                NDArray adj = (NDArray) r[1 + k];
                NDArray arg = (NDArray) in[reals.get(k)];
                out[k] = adj.size() == arg.size() ? adj.data() : NDArray.filled(adj.item(), arg.shape()).data();
            }
            return out;
        }, t -> tangent(kind, f, g, name, in, sizes, realInputs, t), realInputs.toArray(new Tensor[0]));
    }

    /**
     * The tangent of a derivative's value from its real inputs' tangents {@code t}: the Jacobian-vector product
     * graph run by the interpreter, recorded as one op over the inputs and their tangents whose backward rule is
     * that graph's vector-Jacobian product (built when needed), so that reverse over forward goes through it.
     */
    private Tensor tangent(Nested.Kind kind, FunctionIr f, Graph[] g, String name, Object[] in,
                           Map<String, Integer> sizes, List<Tensor> realInputs, Tensor[] t) {
        if (g[2] == null) {
            g[2] = jvp(kind, f, g[0]);
        }
        Object[] withTangents = java.util.Arrays.copyOf(in, in.length + t.length);
        for (int k = 0; k < t.length; k++) {
            withTangents[in.length + k] = new NDArray(t[k].data(), t[k].shape());
        }
        NDArray dot = (NDArray) run(g[2], withTangents, sizes)[1];
        List<Tensor> inputs = new ArrayList<>(realInputs);
        inputs.addAll(List.of(t));
        return CustomOp.apply(name + " tangent", dot.data(), dot.shape(), bar -> {
            if (g[3] == null) {
                if (g[1] == null) {
                    g[1] = vjp(kind, f, g[0]);
                }
                g[3] = tangentVjp(kind, f, g[0], g[1]);
            }
            Object[] withSeed = java.util.Arrays.copyOf(withTangents, withTangents.length + 1);
            withSeed[withTangents.length] = new NDArray(bar, dot.shape());
            Object[] r = run(g[3], withSeed, sizes);
            double[][] out = new double[inputs.size()][];
            for (int k = 0; k < out.length; k++) {
                NDArray adj = (NDArray) r[1 + k];
                int[] shape = inputs.get(k).shape();
                out[k] = adj.size() == inputs.get(k).size() ? adj.data() : NDArray.filled(adj.item(), shape).data();
            }
            return out;
        }, inputs.toArray(new Tensor[0]));
    }

    /**
     * The vector-Jacobian product of the Jacobian-vector product J t of derivative graph d, with respect to all
     * its real inputs, d's and then the tangents t, from a seed ū for the tangent; parameters are d's, then the
     * tangents, then ū. It is forward mode along t over d's vector-Jacobian product {@code vjp}: ∂/∂p (ūᵀ J t) is
     * the tangent along t of ∇(ūᵀ d), and t's adjoint is Jᵀ ū itself. So no reverse pass goes back over a
     * tangent graph, whose inner boundaries' tangent rules checkpoint their loops.
     */
    private static Graph tangentVjp(Nested.Kind kind, FunctionIr f, Graph d, Graph vjp) {
        List<Type> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        inputs(kind, f, d, types, names);
        int n = types.size();
        List<String> wrtAll = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (types.get(i) instanceof Type.Real) {
                wrtAll.add(names.get(i));
            }
        }
        List<Type> withSeed = new ArrayList<>(types);
        withSeed.add(d.type(d.result(0)));
        List<String> withSeedNames = new ArrayList<>(names);
        withSeedNames.add("#seed");
        Graph t = Optimizer.optimize(dev.gradc.passes.TangentPass.of(vjp, withSeed, withSeedNames, wrtAll));
        // t: (d's inputs..., ū, tangents...) -> (value, adjoints..., value tangent, adjoint tangents...)
        dev.gradc.ir.GraphBuilder b = new dev.gradc.ir.GraphBuilder();
        int m = wrtAll.size();
        int[] in = new int[n + 1 + m];
        for (int i = 0; i < n; i++) {
            in[i] = b.addParam(new dev.gradc.ops.Param(i), types.get(i), null, names.get(i));
        }
        for (int k = 0; k < m; k++) {
            in[n + 1 + k] = b.addParam(new dev.gradc.ops.Param(n + k), types.get(names.indexOf(wrtAll.get(k))), null,
                    "#tangent" + k);
        }
        in[n] = b.addParam(new dev.gradc.ops.Param(n + m), withSeed.get(n), null, "#seed");
        int[] map = dev.gradc.passes.Nested.copy(new dev.gradc.ops.Rules(b), t, in);
        List<Integer> results = new ArrayList<>(List.of(map[t.result(0)]));
        for (int k = 0; k < m; k++) {
            results.add(map[t.result(1 + m + 1 + k)]);
        }
        for (int k = 0; k < m; k++) {
            results.add(map[t.result(1 + k)]);
        }
        return b.build(results);
    }

    /**
     * The Jacobian-vector product of derivative graph d in all its real inputs (the tape's forward mode through
     * it, as the compiled engine's forward-over-derivative): a missing @jvp_rule is the same error as there.
     */
    private static Graph jvp(Nested.Kind kind, FunctionIr f, Graph d) {
        List<Type> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        inputs(kind, f, d, types, names);
        List<String> wrtAll = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i) instanceof Type.Real) {
                wrtAll.add(names.get(i));
            }
        }
        return Optimizer.optimize(dev.gradc.passes.TangentPass.of(d, types, names, wrtAll));
    }

    /** The parameters of derivative graph d: f's, then the extra one (a seed, a tangent) its kind takes. */
    private static void inputs(Nested.Kind kind, FunctionIr f, Graph d, List<Type> types, List<String> names) {
        for (FunctionIr.ParamInfo p : f.params()) {
            types.add(p.type());
            names.add(p.name());
        }
        if (kind.hasExtra()) {
            types.add(d.type(d.params().get(types.size())));
            names.add("#extra");
        }
    }

    /**
     * The derivative graph, then room for its vector-Jacobian product, its Jacobian-vector product and that
     * product's vector-Jacobian product (each built when first needed).
     */
    private static Graph[] build(Nested.Kind kind, FunctionIr f, String wrt) {
        List<Type> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (FunctionIr.ParamInfo p : f.params()) {
            types.add(p.type());
            names.add(p.name());
        }
        Graph boundary = dev.gradc.passes.NestedRules.graph(kind, f.graph(), types, names, wrt);
        return new Graph[] {boundary != null ? boundary : Nested.derivative(kind, f.graph(), types, names, wrt), null,
            null, null};
    }

    /**
     * The vector-Jacobian product of derivative graph d with respect to all its real inputs (built when needed);
     * through a boundary of a callee with loops, by the boundary's rules, as in the compiled engine
     * ({@link dev.gradc.passes.NestedRules}).
     */
    private static Graph vjp(Nested.Kind kind, FunctionIr f, Graph d) {
        List<Type> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        inputs(kind, f, d, types, names);
        List<String> wrtAll = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i) instanceof Type.Real) {
                wrtAll.add(names.get(i));
            }
        }
        return Optimizer.optimize(GradientPass.of(d, types, names, wrtAll, d.type(d.result(0)), 0));
    }

    private Object[] run(Graph g, Object[] in, Map<String, Integer> sizes) {
        return new Interpreter(new EvalContext(sizes, maxKeptValues), maxIterations).run(g, in);
    }

    /** The callee's size names, solved from the shapes of this call's arguments. */
    private static Map<String, Integer> sizes(FunctionIr f, List<Object> args) {
        List<SizeSolver.Equation> equations = new ArrayList<>();
        for (int k = 0; k < f.params().size(); k++) {
            if (f.params().get(k).type() instanceof Type.Real r) {
                int[] shape = TapeEngine.real(args.get(k)).shape();
                for (int i = 0; i < shape.length; i++) {
                    equations.add(new SizeSolver.Equation(r.shape().dim(i), Dim.of(shape[i])));
                }
            }
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        SizeSolver.solve(equations, Set.copyOf(f.sizes()), Map.of()).forEach((n, dim) -> {
            if (dim instanceof Dim.Fixed fixed) {
                sizes.put(n, fixed.value());
            }
        });
        return sizes;
    }
}
