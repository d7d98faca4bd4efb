package dev.gradc.cli;

import dev.gradc.emit.EmittedModule;
import dev.gradc.emit.JavaEmitter;
import dev.gradc.engine.CompiledModule;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.NDArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Engine {@code compiled}: the function as generated Java, compiled in memory ({@link CompiledModule}). The function
 * is compiled alone (calls are inlined) with exactly the derivative asked for, whatever its annotations say; each
 * request is compiled once per run. Arguments cross as the generated API wants them: sizes first, then doubles and flat double arrays.
 */
final class CompiledEngine implements Engine {

    private final Map<Request, CompiledModule> loaded = new HashMap<>();

    @Override
    public String name() {
        return "compiled";
    }

    @Override
    public Object value(Invocation call) {
        Object v = load(call, null).value(call.function().name(), javaArgs(call, List.of()));
        return fromJava(v, call.function().output(), call);
    }

    @Override
    public Derivative gradient(Invocation call, List<String> wrt) {
        CompiledModule m = load(call, new Request(Request.Kind.GRAD, wrt));
        return derivative(call, wrt, LoopReport.counting(call, () -> m.grad(call.function().name(),
                javaArgs(call, List.of()))));
    }

    @Override
    public Derivative vjp(Invocation call, List<String> wrt, Object seed) {
        CompiledModule m = load(call, new Request(Request.Kind.VJP, wrt));
        return derivative(call, wrt, LoopReport.counting(call, () -> m.vjp(call.function().name(),
                javaArgs(call, List.of(seed)))));
    }

    @Override
    public Tangent jvp(Invocation call, List<String> wrt, List<Object> tangents) {
        CompiledModule m = load(call, new Request(Request.Kind.JVP, wrt));
        CompiledModule.Result r = m.jvp(call.function().name(), javaArgs(call, tangents));
        Type out = call.function().output();
        return new Tangent(fromJava(r.value(), out, call), fromJava(r.parts().get("tangent"), out, call));
    }

    /** The generated {@code fHessian}: forward-over-reverse Hessian-vector products, one per basis vector. */
    @Override
    public Hessian hessian(Invocation call) {
        List<String> reals = call.function().realParams();
        CompiledModule m = load(call, new Request(Request.Kind.HESSIAN, reals));
        CompiledModule.Result r = LoopReport.counting(call, () -> m.hessian(call.function().name(),
                javaArgs(call, List.of())));
        Derivative d = derivative(call, reals, r);
        return new Hessian(d.value(), d.byParameter(), (double[][]) r.parts().get("hessian"));
    }

    /** The generated {@code fHvp}: forward over reverse. */
    @Override
    public Hvp hvp(Invocation call, List<Object> directions) {
        FunctionIr f = call.function();
        List<String> reals = f.realParams();
        CompiledModule m = load(call, new Request(Request.Kind.HVP, reals));
        CompiledModule.Result r = LoopReport.counting(call, () -> m.hvp(f.name(), javaArgs(call, directions)));
        Map<String, Object> product = new LinkedHashMap<>();
        for (String p : reals) {
            product.put(p, fromJava(r.parts().get(p + "Hvp"), f.params().get(f.paramIndex(p)).type(), call));
        }
        Derivative d = derivative(call, reals, r);
        return new Hvp(d.value(), d.byParameter(), product);
    }

    private CompiledModule load(Invocation call, Request request) {
        CompiledModule m = loaded.get(request);
        if (m == null) {
            EmittedModule emitted;
            try {
                emitted = JavaEmitter.emit(only(call.module(), call.function().name(), request));
            } catch (UnsupportedOperationException e) {
                throw Engine.unsupported(request == null ? "the value" : "--" + request.kind().annotation(), e);
            }
            call.trace("generated Java " + emitted.qualifiedName(), emitted.source());
            m = CompiledModule.load(emitted, call.module().classes());
            loaded.put(request, m);
        }
        m.setMaxIterations(call.maxIterations());
        m.setMaxKeptValues(call.maxKeptValues());
        return m;
    }

    /**
     * The module reduced to function {@code fn}, asking for exactly {@code request} (or nothing but its value).
     * Calls are inlined, so {@code fn}'s code needs no other function's: emitting the others too made a module of
     * k functions that call each other cost the sum of their graphs (cubic in k for the doubling calls
     * {@code f_k(x) = f_{k-1}(x) + f_{k-1}(x + 1)}), where only {@code fn}'s is run.
     */
    private static ModuleIr only(ModuleIr module, String fn, Request request) {
        for (FunctionIr f : module.functions()) {
            if (f.name().equals(fn)) {
                return module.with(List.of(new FunctionIr(f.name(), f.sizes(), f.params(), f.output(), f.graph(),
                        request == null ? List.of() : List.of(request), f.span())));
            }
        }
        throw new IllegalArgumentException("no function " + fn);
    }

    private static Object[] javaArgs(Invocation call, List<Object> extra) {
        List<Object> out = new ArrayList<>();
        for (String size : call.function().sizes()) {
            out.add(call.sizes().get(size));
        }
        for (Object a : call.args()) {
            out.add(toJava(a));
        }
        for (Object a : extra) {
            out.add(toJava(a));
        }
        return out.toArray();
    }

    private static Object toJava(Object v) {
        if (v instanceof NDArray a) {
            return a.isScalar() ? (Object) a.item() : a.data().clone();
        }
        if (v instanceof dev.gradc.ops.IntND a) {
            return a.data().clone();
        }
        return v;
    }

    private static Object fromJava(Object v, Type type, Invocation call) {
        if (type instanceof Type.IntArray ia) {
            return new dev.gradc.ops.IntND(((int[]) v).clone(), ia.shape().resolve(call.sizes()));
        }
        if (!(type instanceof Type.Real r)) {
            return v;
        }
        if (v instanceof Number n) {
            return NDArray.scalar(n.doubleValue());
        }
        return new NDArray(((double[]) v).clone(), r.shape().resolve(call.sizes()));
    }

    private static Derivative derivative(Invocation call, List<String> wrt, CompiledModule.Result r) {
        FunctionIr f = call.function();
        Map<String, Object> by = new LinkedHashMap<>();
        for (String p : wrt) {
            by.put(p, fromJava(r.parts().get(p), f.params().get(f.paramIndex(p)).type(), call));
        }
        return new Derivative(fromJava(r.value(), f.output(), call), by);
    }
}
