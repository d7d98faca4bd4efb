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
 * vector-Jacobian products come from {@code backward}; a Jacobian-vector product from one backward pass per
 * output entry (the tape has no forward mode); second derivatives are not recorded by the tape.
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
                    t = t.requiresGrad();
                    leaves.put(name, t);
                }
                args.add(t);
            } else {
                args.add(a);
            }
        }
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

    /** The tape has no second derivatives: its backward rules are arithmetic on arrays, not recorded ops. */
    @Override
    public Hvp hvp(Invocation call, List<Object> directions) {
        throw new Unsupported("--hvp", dev.gradc.diag.CliMessages.tapeHasNoSecondDerivatives());
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
            throw new Unsupported(what, e.getMessage());
        }
    }

    @Override
    public Object value(Invocation call) {
        Run r = run(call, List.of());
        return r.ints() != null ? r.ints() : array(r.output());
    }

    @Override
    public Derivative gradient(Invocation call, List<String> wrt) {
        Run r = run(call, wrt);
        backward("--grad", r.output(), () -> r.output().backward());
        return collect(r, call, wrt);
    }

    @Override
    public Derivative vjp(Invocation call, List<String> wrt, Object seed) {
        Run r = run(call, wrt);
        NDArray s = (NDArray) seed;
        backward("--vjp", r.output(), () -> r.output().backward(Tensor.of(s.data().clone(), s.shape())));
        return collect(r, call, wrt);
    }

    @Override
    public Tangent jvp(Invocation call, List<String> wrt, List<Object> tangents) {
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
