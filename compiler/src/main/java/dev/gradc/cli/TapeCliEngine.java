package dev.gradc.cli;

import dev.gradc.diag.Diagnostics;
import dev.gradc.engine.TapeEngine;
import dev.gradc.ops.NDArray;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Parser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Engine {@code tape}: the program run define-by-run on the runtime's tape (PyTorch style). Gradients and
 * vector-Jacobian products come from {@code backward}; a Jacobian-vector product from forward mode (the
 * arguments carry tangents, every op computes its output's tangent, a call with rules uses its @jvp_rules), or,
 * where an op has no forward-mode rule, from one backward pass per output entry. Second derivatives are reverse
 * over forward: the tangent ∇f·v is computed by recorded ops, and a backward pass from it gives H·v.
 */
final class TapeCliEngine implements Engine {

    @Override
    public String name() {
        return "tape";
    }

    /** The output as a tensor (an int one as reals), the int array itself when it is one, and the leaves. */
    private record Run(Tensor output, dev.gradc.ops.IntND ints, Map<String, Tensor> leaves) {
    }

    /** The program is parsed once per engine; each call then only runs it on the tape. */
    private final Map<dev.gradc.lower.ModuleIr, TapeEngine> engines = new java.util.IdentityHashMap<>();

    private Run run(Invocation call, List<String> wrt) {
        return run(call, wrt, null, true);
    }

    /**
     * Runs the function; the parameters in {@code wrt} are leaves that require gradients when {@code tangents} is
     * null, else they carry those tangents (one per parameter in {@code wrt}), requiring gradients too when
     * {@code grads}.
     */
    private Run run(Invocation call, List<String> wrt, List<Object> tangents, boolean grads) {
        TapeEngine tape = engines.computeIfAbsent(call.module(), m -> new TapeEngine(
                Parser.parse(m.source(), new Diagnostics()), m.source().baseName(), call.maxIterations(), m,
                call.maxKeptValues()));
        List<Object> args = new ArrayList<>();
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        for (int i = 0; i < call.args().length; i++) {
            Object a = call.args()[i];
            String name = call.function().params().get(i).name();
            if (a instanceof NDArray n) {
                Tensor t = Tensor.of(n.data().clone(), n.shape());
                if (wrt.contains(name)) {
                    t = tangents == null || grads ? t.requiresGrad() : t;
                    if (tangents != null) {
                        NDArray v = (NDArray) tangents.get(wrt.indexOf(name));
                        t = t.dual(Tensor.of(v.data().clone(), v.shape()));
                    }
                    leaves.put(name, t);
                }
                args.add(t);
            } else {
                args.add(a);
            }
        }
        tape.setMaxCalls(call.maxCalls());
        Object out = tape.call(call.function().name(), call.sizes(), args);
        if (out instanceof dev.gradc.ops.IntND a) {
            double[] reals = java.util.Arrays.stream(a.data()).asDoubleStream().toArray();
            return new Run(Tensor.of(reals, a.shape()), a, leaves);
        }
        return new Run(out instanceof Tensor t ? t : Tensor.scalar(((Integer) out)), null, leaves);
    }

    private static NDArray array(Tensor t) {
        return new NDArray(t.data(), t.shape());
    }

    private static Derivative collect(Run r, Invocation call, List<String> wrt) {
        Map<String, Object> by = new LinkedHashMap<>();
        for (String p : wrt) {
            Tensor leaf = r.leaves().get(p);
            Tensor g = leaf == null ? null : leaf.grad();
            NDArray param = (NDArray) call.args()[call.function().paramIndex(p)];
            by.put(p, g == null ? NDArray.filled(0.0, param.shape()) : array(g));
        }
        return new Derivative(array(r.output()), by);
    }

    /**
     * Reverse over forward: the real parameters are leaves carrying the directions as tangents; the output's
     * tangent ∇f·v is computed by recorded ops, so one backward pass from the output gives the gradient and one
     * from its tangent gives H·v.
     */
    @Override
    public Hvp hvp(Invocation call, List<Object> directions) {
        return hvp(call, directions, "--hvp");
    }

    private Hvp hvp(Invocation call, List<Object> directions, String what) {
        List<String> reals = call.function().realParams();
        Run r = forward(what, () -> run(call, reals, directions, true));
        backward(what, r.output(), () -> r.output().backward(true));
        Derivative g = collect(r, call, reals);
        r.leaves().values().forEach(Tensor::zeroGrad);
        Tensor dot = r.output().tangent();
        if (dot != null) {
            backward(what, dot, dot::backward);
        }
        return new Hvp(g.value(), g.byParameter(), collect(r, call, reals).byParameter());
    }

    /** One Hessian-vector product per basis vector of the real parameters, each giving one column. */
    @Override
    public Hessian hessian(Invocation call) {
        List<String> reals = call.function().realParams();
        List<NDArray> at = new ArrayList<>();
        for (String p : reals) {
            at.add((NDArray) call.args()[call.function().paramIndex(p)]);
        }
        int n = at.stream().mapToInt(NDArray::size).sum();
        double[][] h = new double[n][n];
        Hvp last = n == 0 ? hvp(call, Jacobians.unitTangents(at, -1, -1), "--hessian") : null;
        int col = 0;
        for (int q = 0; q < reals.size(); q++) {
            for (int e = 0; e < at.get(q).size(); e++) {
                last = hvp(call, Jacobians.unitTangents(at, q, e), "--hessian");
                int row = 0;
                for (Object part : last.product().values()) {
                    double[] d = ((NDArray) part).data();
                    for (int i = 0; i < d.length; i++) {
                        h[row + i][col] = d[i];
                    }
                    row += d.length;
                }
                col++;
            }
        }
        return new Hessian(last.value(), last.gradient(), h);
    }

    /**
     * A run in forward mode; a missing @jvp_rule or an op without a forward-mode rule is reported as unsupported,
     * naming it.
     */
    private static Run forward(String what, java.util.function.Supplier<Run> run) {
        try {
            return run.get();
        } catch (UnsupportedOperationException e) {
            throw Engine.unsupported(what, e);
        }
    }

    /**
     * A backward pass; one that meets a derivative it cannot go back through is reported as unsupported. An output
     * no differentiated input reaches (a loop that ran no trip, an untaken branch) has no backward pass: every
     * derivative is zero.
     */
    private static void backward(String what, Tensor out, Runnable pass) {
        if (!out.needsGrad()) {
            return;
        }
        try {
            pass.run();
        } catch (UnsupportedOperationException e) {
            throw Engine.unsupported(what, e);
        }
    }

    @Override
    public Object value(Invocation call) {
        Run r = run(call, List.of());
        return r.ints() != null ? r.ints() : array(r.output());
    }

    @Override
    public Derivative gradient(Invocation call, List<String> wrt) {
        return LoopReport.counting(call, () -> {
            Run r = run(call, wrt);
            backward("--grad", r.output(), () -> r.output().backward());
            return collect(r, call, wrt);
        });
    }

    @Override
    public Derivative vjp(Invocation call, List<String> wrt, Object seed) {
        return LoopReport.counting(call, () -> {
            Run r = run(call, wrt);
            NDArray s = (NDArray) seed;
            backward("--vjp", r.output(), () -> r.output().backward(Tensor.of(s.data().clone(), s.shape())));
            return collect(r, call, wrt);
        });
    }

    /**
     * Forward mode: the parameters in {@code wrt} carry the tangents. Where an op has no forward-mode rule, the
     * product comes from one backward pass per output entry instead; a call whose @jvp_rule is missing is an error
     * naming it, as in the other engines.
     */
    @Override
    public Tangent jvp(Invocation call, List<String> wrt, List<Object> tangents) {
        Run f;
        try {
            f = run(call, wrt, tangents, false);
        } catch (dev.gradc.runtime.tape.ForwardModeUnsupported e) {
            return jvpByBackward(call, wrt, tangents);
        } catch (UnsupportedOperationException e) {
            throw Engine.unsupported("--jvp", e);
        }
        Tensor dot = f.output().tangent();
        return new Tangent(array(f.output()), dot == null ? NDArray.filled(0.0, f.output().shape()) : array(dot));
    }

    private Tangent jvpByBackward(Invocation call, List<String> wrt, List<Object> tangents) {
        Run r = run(call, wrt);
        Tensor out = r.output();
        double[] result = new double[out.size()];
        for (int i = 0; i < out.size(); i++) {
            for (Tensor leaf : r.leaves().values()) {
                leaf.zeroGrad();
            }
            double[] unit = new double[out.size()];
            unit[i] = 1;
            backward("--jvp", out, () -> out.backward(Tensor.of(unit, out.shape()), true));
            double sum = 0;
            for (int k = 0; k < wrt.size(); k++) {
                Tensor g = r.leaves().get(wrt.get(k)) == null ? null : r.leaves().get(wrt.get(k)).grad();
                if (g != null) {
                    double[] gd = g.data();
                    double[] td = ((NDArray) tangents.get(k)).data();
                    for (int e = 0; e < gd.length; e++) {
                        sum += gd[e] * td[e];
                    }
                }
            }
            result[i] = sum;
        }
        return new Tangent(array(out), new NDArray(result, out.shape()));
    }
}
