package dev.gradc.engine;

import dev.gradc.check.RuleChecker;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Span;
import dev.gradc.ops.MissingRuleException;
import dev.gradc.runtime.ExternCallException;
import dev.gradc.runtime.tape.CustomFunction;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Ast;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Custom derivative rules and extern Java methods on the tape. A call of a function with rules is recorded as
 * one {@link CustomFunction} (PyTorch's autograd.Function): its value is the body run on detached arguments (or
 * the Java method, through a method handle looked up once), and its backward runs the {@code @vjp_rule} of each
 * argument that needs a gradient — an argument without one is an error naming the missing rule. In forward mode
 * (arguments carrying tangents) the output's tangent is the sum of the {@code @jvp_rule}s of the arguments with a
 * tangent, likewise.
 */
final class TapeRules {

    private final Map<String, Map<String, Ast.Function>> vjps = new HashMap<>();
    private final Map<String, Map<String, Ast.Function>> jvps = new HashMap<>();
    private final java.util.Set<String> ruled = new java.util.HashSet<>();
    private final Map<String, MethodHandle> handles = new HashMap<>();
    private final ClassLoader loader;

    TapeRules(Ast.Module module, ClassLoader loader) {
        this.loader = loader;
        for (RuleChecker.Rule r : RuleChecker.check(module, new Diagnostics()).values()) {
            ruled.add(r.function());
            (r.kind().equals(RuleChecker.VJP) ? vjps : jvps).computeIfAbsent(r.function(), k -> new HashMap<>())
                    .put(r.param(), r.rule());
        }
    }

    /** Whether calls of f are recorded as one op with rules (or as a call of a Java method). */
    boolean has(Ast.Function f) {
        return f.isExtern() || ruled.contains(f.name());
    }

    /** Calls f with its parameters (and size names) bound in {@code env}; {@code at} is the call. */
    Object call(TapeEngine tape, Ast.Function f, Map<String, Object> env, Span at) {
        List<Object> args = new ArrayList<>();
        List<Tensor> reals = new ArrayList<>();
        Map<String, Object> detached = new HashMap<>(env);
        for (Ast.Param p : f.params()) {
            Object v = env.get(p.name());
            args.add(v);
            if (v instanceof Tensor t) {
                reals.add(t);
                detached.put(p.name(), t.detach());
            }
        }
        Object value = f.isExtern() ? extern(tape, f, args, env, at) : tape.run(f.body(), detached);
        if (!(value instanceof Tensor y)
                || reals.stream().noneMatch(t -> t.needsGrad() || t.tangent() != null)) {
            return value instanceof Tensor y ? y.detach() : value;
        }
        Map<String, Integer> sizes = new HashMap<>();
        f.sizes().forEach(s -> sizes.put(s.name(), (Integer) env.get(s.name())));
        return new CustomFunction(f.name()) {
            @Override
            protected Tensor forward(Context ctx, Tensor... inputs) {
                return y.detach();
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor ybar) {
                Tensor[] out = new Tensor[reals.size()];
                int k = 0;
                for (int i = 0; i < f.params().size(); i++) {
                    if (!(args.get(i) instanceof Tensor t)) {
                        continue;
                    }
                    if (t.needsGrad()) {
                        out[k] = rule(tape, f, i, args, y, ybar, at);
                    }
                    k++;
                }
                return out;
            }

            @Override
            protected Tensor jvp(Context ctx, Tensor output, Tensor[] tangents) {
                Tensor sum = null;
                int k = 0;
                for (int i = 0; i < f.params().size(); i++) {
                    if (!(args.get(i) instanceof Tensor t)) {
                        continue;
                    }
                    if (t.tangent() != null) {
                        Tensor part = tangentBy(tape, f, i, args, output, tangents[k], at);
                        sum = sum == null ? part : sum.add(part);
                    }
                    k++;
                }
                return sum;
            }
        }.apply(reals.toArray(new Tensor[0]));
    }

    /**
     * The output's tangent from argument i's by its @jvp_rule, run on the live arguments and output (forward mode
     * is off here, and what the rule computes is recorded: a backward pass from the tangent differentiates it).
     */
    private Tensor tangentBy(TapeEngine tape, Ast.Function f, int i, List<Object> args, Tensor y, Tensor dx, Span at) {
        String p = f.params().get(i).name();
        Ast.Function r = jvps.getOrDefault(f.name(), Map.of()).get(p);
        if (r == null) {
            throw new MissingRuleException(at, RuleChecker.JVP, f.name(), p, false);
        }
        List<Object> in = new ArrayList<>(args);
        in.add(y);
        in.add(dx);
        return TapeEngine.real(tape.callFunction(r, in));
    }

    /** The adjoint of argument i by its @vjp_rule, run on detached values. */
    private Tensor rule(TapeEngine tape, Ast.Function f, int i, List<Object> args, Tensor y, Tensor ybar, Span at) {
        String p = f.params().get(i).name();
        Ast.Function r = vjps.getOrDefault(f.name(), Map.of()).get(p);
        if (r == null) {
            throw new MissingRuleException(at, RuleChecker.VJP, f.name(), p, false);
        }
        List<Object> in = new ArrayList<>();
        for (Object a : args) {
            in.add(a instanceof Tensor t ? t.detach() : a);
        }
        in.add(y.detach());
        in.add(ybar);
        return TapeEngine.real(tape.callFunction(r, in));
    }

    private Object extern(TapeEngine tape, Ast.Function f, List<Object> args, Map<String, Object> env, Span at) {
        String target = f.extern().target();
        MethodHandle h = handles.computeIfAbsent(f.name(), k -> lookup(f));
        Object[] in = new Object[args.size()];
        for (int i = 0; i < in.length; i++) {
            Object a = args.get(i);
            boolean scalar = f.params().get(i).type().dims().isEmpty();
            in[i] = a instanceof Tensor t ? scalar ? (Object) t.item() : t.data().clone()
                    : a instanceof dev.gradc.ops.IntND ints ? ints.data().clone() : a;
        }
        Object r;
        try {
            r = h.invokeWithArguments(in);
        } catch (OutOfMemoryError e) {
            // as the interpreter reports it: the call could not make its value
            throw new RunFailure(at.where() + ": " + dev.gradc.diag.CliMessages.outOfMemoryAt(
                    "the value of this expression", false, Runtime.getRuntime().maxMemory()), e);
        } catch (Throwable e) {
            throw ExternCallException.threw(at.where(), target, e);
        }
        if (r instanceof Double d) {
            return Tensor.scalar(d);
        }
        if (r instanceof Integer) {
            return r;
        }
        int[] shape = new int[f.returnType().dims().size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = (Integer) tape.eval(f.returnType().dims().get(i).expr(), env);
        }
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (r instanceof int[] ints) {
            return new dev.gradc.ops.IntND(ExternCallException.checked(ints, n, at.where(), target).clone(), shape);
        }
        return Tensor.of(ExternCallException.checked((double[]) r, n, at.where(), target).clone(), shape);
    }

    private MethodHandle lookup(Ast.Function f) {
        String target = f.extern().target();
        int dot = target.lastIndexOf('.');
        try {
            Class<?> c = Class.forName(target.substring(0, dot), false, loader);
            Class<?>[] params = f.params().stream().map(p -> javaType(p.type())).toArray(Class<?>[]::new);
            return MethodHandles.publicLookup().unreflect(c.getMethod(target.substring(dot + 1), params));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("extern " + target + " is not on the tape's class path", e);
        }
    }

    private static Class<?> javaType(Ast.TypeRef t) {
        if (t.base().equals("int")) {
            return t.dims().isEmpty() ? int.class : int[].class;
        }
        return t.dims().isEmpty() ? double.class : double[].class;
    }
}
