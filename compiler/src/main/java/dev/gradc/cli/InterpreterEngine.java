package dev.gradc.cli;

import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.ir.IrPrinter;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Engine {@code interpreter}: the reference interpreter over the graph IR. Derivatives are the graphs of the
 * gradient and tangent passes, run by the same interpreter; the Hessian is forward over reverse.
 */
final class InterpreterEngine implements Engine {

    @Override
    public String name() {
        return "interpreter";
    }

    @Override
    public Object value(Invocation call) {
        return run(call, call.function().graph(), call.args())[0];
    }

    @Override
    public Derivative gradient(Invocation call, List<String> wrt) {
        Graph g = derived("--grad", call.function(), wrt, () -> Derivatives.gradient(call.function(), wrt));
        call.trace("gradient graph of '" + call.function().name() + "'", () -> IrPrinter.print(g));
        return derivative(call, wrt, run(call, g, call.args()));
    }

    @Override
    public Derivative vjp(Invocation call, List<String> wrt, Object seed) {
        Graph g = derived("--vjp", call.function(), wrt, () -> Derivatives.vjp(call.function(), wrt));
        call.trace("vector-Jacobian graph of '" + call.function().name() + "'", () -> IrPrinter.print(g));
        return derivative(call, wrt, run(call, g, append(call.args(), List.of(seed))));
    }

    @Override
    public Tangent jvp(Invocation call, List<String> wrt, List<Object> tangents) {
        Graph g = derived("--jvp", call.function(), wrt, () -> Derivatives.jvp(call.function(), wrt));
        call.trace("Jacobian-vector graph of '" + call.function().name() + "'", () -> IrPrinter.print(g));
        Object[] r = run(call, g, append(call.args(), tangents));
        return new Tangent(r[0], r[1]);
    }

    /**
     * Forward-over-reverse, as generated code does it: one Hessian-vector product per basis vector of the real
     * parameters ({@link Derivatives#hvp}), each giving one column.
     */
    @Override
    public Hessian hessian(Invocation call) {
        FunctionIr f = call.function();
        List<String> reals = f.realParams();
        Graph hvp = derived("--hessian", f, reals, () -> Derivatives.hvp(f, reals));
        List<NDArray> at = new ArrayList<>();
        for (String p : reals) {
            at.add((NDArray) call.args()[f.paramIndex(p)]);
        }
        int n = at.stream().mapToInt(NDArray::size).sum();
        double[][] h = new double[n][n];
        Object[] results = null;
        int col = 0;
        for (int q = 0; q < reals.size(); q++) {
            for (int e = 0; e < at.get(q).size(); e++) {
                results = run(call, hvp, append(call.args(), Jacobians.unitTangents(at, q, e)));
                int row = 0;
                for (int k = 0; k < reals.size(); k++) {
                    double[] part = ((NDArray) results[1 + reals.size() + k]).data();
                    for (int i = 0; i < part.length; i++) {
                        h[row + i][col] = part[i];
                    }
                    row += part.length;
                }
                col++;
            }
        }
        Derivative d = derivative(call, reals, java.util.Arrays.copyOf(results, 1 + reals.size()));
        return new Hessian(d.value(), d.byParameter(), h);
    }

    /** Forward over reverse ({@link Derivatives#hvp}), as generated code does it. */
    @Override
    public Hvp hvp(Invocation call, List<Object> directions) {
        FunctionIr f = call.function();
        List<String> reals = f.realParams();
        Graph g = derived("--hvp", f, reals, () -> Derivatives.hvp(f, reals));
        call.trace("Hessian-vector graph of '" + f.name() + "'", () -> IrPrinter.print(g));
        Object[] r = run(call, g, append(call.args(), directions));
        Map<String, Object> product = new LinkedHashMap<>();
        for (int i = 0; i < reals.size(); i++) {
            product.put(reals.get(i), shapedLike(r[1 + reals.size() + i], (NDArray) call.args()[f.paramIndex(reals.get(i))]));
        }
        Derivative d = derivative(call, reals, java.util.Arrays.copyOf(r, 1 + reals.size()));
        return new Hvp(d.value(), d.byParameter(), product);
    }

    private static Object[] run(Invocation call, Graph g, Object[] params) {
        Map<dev.gradc.ops.While, long[]> trips = new java.util.IdentityHashMap<>();
        Object[] r = new Interpreter(new EvalContext(call.sizes(), call.maxKeptValues()), call.maxIterations(),
                trips).run(g, params);
        List<String> kept = dev.gradc.passes.CheckpointReport.ran(trips, call.maxKeptValues());
        if (!kept.isEmpty()) {
            call.trace(dev.gradc.passes.CheckpointReport.RAN, String.join("\n", kept));
        }
        return r;
    }

    /** Derivative graphs are built once per engine and request; each call then only runs one. */
    private final Map<FunctionIr, Map<String, Graph>> graphs = new java.util.IdentityHashMap<>();

    private Graph derived(String what, FunctionIr f, List<String> wrt, java.util.function.Supplier<Graph> pass) {
        String key = what + " " + wrt;
        Graph cached = graphs.computeIfAbsent(f, k -> new java.util.HashMap<>()).get(key);
        if (cached != null) {
            return cached;
        }
        try {
            Graph g = dev.gradc.passes.DerivativeSize.interpreted(pass); // run where built: nothing written out
            graphs.get(f).put(key, g);
            return g;
        } catch (UnsupportedOperationException e) {
            throw Engine.unsupported(what, e);
        }
    }

    private static Derivative derivative(Invocation call, List<String> wrt, Object[] results) {
        Map<String, Object> by = new LinkedHashMap<>();
        for (int i = 0; i < wrt.size(); i++) {
            Object param = call.args()[call.function().paramIndex(wrt.get(i))];
            by.put(wrt.get(i), shapedLike(results[1 + i], (NDArray) param));
        }
        return new Derivative(results[0], by);
    }

    /** An adjoint with its parameter's shape: a missing (no-gradient) or scalar one is broadcast. */
    static NDArray shapedLike(Object adjoint, NDArray param) {
        if (adjoint == null) {
            return NDArray.filled(0.0, param.shape());
        }
        NDArray a = (NDArray) adjoint;
        if (java.util.Arrays.equals(a.shape(), param.shape())) {
            return a;
        }
        if (a.isScalar()) {
            return NDArray.filled(a.item(), param.shape());
        }
        throw new IllegalStateException("adjoint of shape " + java.util.Arrays.toString(a.shape())
                + " for a parameter of shape " + java.util.Arrays.toString(param.shape()));
    }

    private static Object[] append(Object[] args, List<Object> extra) {
        Object[] out = java.util.Arrays.copyOf(args, args.length + extra.size());
        for (int i = 0; i < extra.size(); i++) {
            out[args.length + i] = extra.get(i);
        }
        return out;
    }
}
