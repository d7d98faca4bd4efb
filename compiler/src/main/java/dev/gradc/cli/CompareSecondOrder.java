package dev.gradc.cli;

import dev.gradc.diag.CliMessages;
import dev.gradc.ops.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code gradc compare --hessian} and {@code --hvp NAME=VALUE...}: the second derivative of a scalar function from
 * each engine (the compiled and interpreter engines forward over reverse, the tape reverse over forward) beside
 * central differences of the compiled gradient, one row each, as the first-order comparison lays them out.
 */
final class CompareSecondOrder {

    /** Step of the central differences of the gradient, relative to each entry's size (at least 1). */
    private static final double STEP = 1e-5;

    private CompareSecondOrder() {
    }

    /** One row: the engine, the value, the derivative by name, and the time of one call in nanoseconds. */
    record Result(String engine, Object value, Map<String, Object> derivative, double nanos) {
    }

    /** The rows for {@code --hvp} when {@code hvp} is not null, else for {@code --hessian}. */
    static List<Result> rows(Engine.Invocation call, List<String> hvp, Timer timer) {
        dev.gradc.ir.Type.Real out = (dev.gradc.ir.Type.Real) call.function().output();
        if (!out.isScalar()) {
            throw CommandError.input(hvp != null ? CliMessages.hvpOfNonScalarOutput(call.function().name(), out)
                    : CliMessages.hessianOfNonScalarOutput(call.function().name(), out));
        }
        List<Object> v = hvp == null ? null : RunCommand.directions(call, hvp);
        if (v == null) {
            long n = sizes(call).stream().mapToLong(NDArray::size).sum();
            Memory.checkDense("Hessian", n, n, true);
        }
        List<Result> rows = new ArrayList<>();
        for (String name : List.of("compiled", "tape", "interpreter")) {
            Engine e = Engines.get(name);
            Supplier<Result> run = () -> v != null ? product(name, e.hvp(call, v)) : hessian(name, e.hessian(call));
            Result r = available(name, v != null ? "--hvp" : "--hessian", run);
            rows.add(new Result(r.engine(), r.value(), r.derivative(), timer.time(run::get)));
        }
        Engine compiled = Engines.get("compiled");
        Supplier<Map<String, Object>> fd = () -> v != null ? differences(compiled, call, v) : hessianDifferences(call);
        long start = System.nanoTime(); // one call: each builds its gradient again, so repeating it only takes longer
        Map<String, Object> differences = fd.get();
        rows.add(new Result("central diff. of gradient", rows.get(0).value(), differences, System.nanoTime() - start));
        return rows;
    }

    /** Nanoseconds per call of a runnable. */
    interface Timer {
        double time(Runnable r);
    }

    private static Result product(String engine, Engine.Hvp h) {
        return new Result(engine, h.value(), h.product(), 0);
    }

    private static Result hessian(String engine, Engine.Hessian h) {
        return new Result(engine, h.value(), Map.of("hessian", matrix(h.hessian())), 0);
    }

    private static NDArray matrix(double[][] rows) {
        int n = rows.length;
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, flat, i * n, n);
        }
        return new NDArray(flat, new int[] {n, n});
    }

    private static <T> T available(String engine, String what, Supplier<T> run) {
        try {
            return run.get();
        } catch (Engine.Unsupported u) {
            throw CommandError.usage(CliMessages.derivativeUnavailable(u.what(), engine, u.getMessage()));
        }
    }

    private static List<NDArray> sizes(Engine.Invocation call) {
        List<NDArray> at = new ArrayList<>();
        for (String p : call.function().realParams()) {
            at.add((NDArray) call.args()[call.function().paramIndex(p)]);
        }
        return at;
    }

    /** (∇f(x + h·v) − ∇f(x − h·v)) / 2h with the compiled gradient, h = {@link #STEP} times the largest |x|, ≥ 1. */
    private static Map<String, Object> differences(Engine compiled, Engine.Invocation call, List<Object> v) {
        List<String> reals = call.function().realParams();
        double scale = 1;
        for (NDArray x : sizes(call)) {
            for (double d : x.data()) {
                scale = Math.max(scale, Math.abs(d));
            }
        }
        double h = STEP * scale;
        Map<String, Object> up = compiled.gradient(moved(call, v, h), reals).byParameter();
        Map<String, Object> down = compiled.gradient(moved(call, v, -h), reals).byParameter();
        Map<String, Object> by = new LinkedHashMap<>();
        for (String p : reals) {
            double[] a = ((NDArray) up.get(p)).data();
            double[] b = ((NDArray) down.get(p)).data();
            double[] d = new double[a.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = (a[i] - b[i]) / (2 * h);
            }
            by.put(p, new NDArray(d, ((NDArray) up.get(p)).shape()));
        }
        return by;
    }

    /** The Hessian by columns: the differences of the gradient along each basis vector. */
    private static Map<String, Object> hessianDifferences(Engine.Invocation call) {
        List<NDArray> at = sizes(call);
        int n = at.stream().mapToInt(NDArray::size).sum();
        double[] flat = new double[n * n];
        int col = 0;
        for (int q = 0; q < at.size(); q++) {
            for (int e = 0; e < at.get(q).size(); e++) {
                Map<String, Object> column = differences(Engines.get("compiled"), call,
                        Jacobians.unitTangents(at, q, e));
                int row = 0;
                for (Object part : column.values()) {
                    for (double d : ((NDArray) part).data()) {
                        flat[row++ * n + col] = d;
                    }
                }
                col++;
            }
        }
        return Map.of("hessian", new NDArray(flat, new int[] {n, n}));
    }

    /** The call with every real parameter moved by h times its direction. */
    private static Engine.Invocation moved(Engine.Invocation call, List<Object> v, double h) {
        Object[] args = call.args().clone();
        List<String> reals = call.function().realParams();
        for (int k = 0; k < reals.size(); k++) {
            int index = call.function().paramIndex(reals.get(k));
            NDArray x = (NDArray) args[index];
            double[] d = x.data().clone();
            double[] dir = ((NDArray) v.get(k)).data();
            for (int i = 0; i < d.length; i++) {
                d[i] += h * dir[i];
            }
            args[index] = new NDArray(d, x.shape());
        }
        return new Engine.Invocation(call.module(), call.function(), args, call.sizes(), call.maxIterations(),
                call.maxKeptValues(), call.maxCalls(), null);
    }
}
