package dev.gradc.lower;

import dev.gradc.check.RuleChecker;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.diag.Span;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Type;
import dev.gradc.ops.CustomRule;
import dev.gradc.ops.Detach;
import dev.gradc.ops.Extern;
import dev.gradc.ops.Param;
import dev.gradc.syntax.Ast;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Calls of functions with custom derivative rules and of extern Java methods. The callee's value is computed
 * from detached arguments (its body inlined, or the Java method called), and a {@link CustomRule} node over
 * (arguments..., value) marks the call's boundary and carries the rules, each lowered for this call's argument
 * types as a graph of its own.
 */
final class CustomCalls {

    private static final int ERR = Lowering.ERR;

    private final Map<String, Map<String, Ast.Function>> vjps = new HashMap<>();
    private final Map<String, Map<String, Ast.Function>> jvps = new HashMap<>();
    private final Map<String, Method> externs = new HashMap<>();
    private final Map<String, Graph> ruleGraphs = new HashMap<>();
    private final Set<String> lowering = new HashSet<>();
    private final ClassLoader loader;

    /** Where the classes of the module's extern methods come from. */
    ClassLoader loader() {
        return loader;
    }

    CustomCalls(Ast.Module module, ClassLoader loader) {
        this.loader = loader;
        for (RuleChecker.Rule r : RuleChecker.check(module, new Diagnostics()).values()) {
            (r.kind().equals(RuleChecker.VJP) ? vjps : jvps).computeIfAbsent(r.function(), k -> new HashMap<>())
                    .put(r.param(), r.rule());
        }
    }

    /** Whether calls of f get a {@link CustomRule} boundary. */
    boolean has(Ast.Function f) {
        return f.isExtern() || vjps.containsKey(f.name()) || jvps.containsKey(f.name());
    }

    /** Finds an extern's Java method; false (reported) when there is none. */
    boolean resolve(Ast.Function f, Diagnostics d) {
        Method m = ExternMethods.resolve(f, loader, d);
        if (m != null) {
            externs.put(f.name(), m);
        }
        return m != null;
    }

    /** The extern functions' methods, by function name. */
    Map<String, Method> externs() {
        return Map.copyOf(externs);
    }

    /** Detached copies of the real arguments (the others as they are): what the callee's value is computed from. */
    static List<Integer> detached(List<Integer> args, Scope s) {
        List<Integer> out = new ArrayList<>();
        for (int a : args) {
            out.add(s.g.type(a) instanceof Type.Real ? s.g.apply(new Detach(), a) : a);
        }
        return out;
    }

    /** A call of f (arguments bound and checked) whose size names are {@code sizes}. */
    int call(Expressions x, Ast.Function f, List<Integer> args, Scope s, Ast.Call c, Map<String, Dim> sizes) {
        Lowering.Frame frame = new Lowering.Frame(f, sizes);
        Type declared = x.lowering.types.of(f.returnType(), frame);
        if (declared == null) {
            return ERR;
        }
        List<Integer> in = detached(args, s);
        int value;
        if (f.isExtern()) {
            Extern op = new Extern(externs.get(f.name()), declared, c.span().where());
            value = s.g.builder().add(op, declared, in, c.span(), null);
        } else {
            Scope inner = new Scope(s.g);
            for (int k = 0; k < in.size(); k++) {
                inner.vars.put(f.params().get(k).name(), in.get(k));
            }
            value = x.lowering.body(f.body(), inner, frame);
            if (value == ERR) {
                return ERR;
            }
            value = x.coerce(s, value, declared, c.span(), Messages.returnType(f.name(), declared, s.g.type(value)));
        }
        return value == ERR ? ERR : wrap(x, f, args, value, s, c.span());
    }

    /** The boundary node over the arguments and the value, with f's rules lowered for these argument types. */
    int wrap(Expressions x, Ast.Function f, List<Integer> args, int value, Scope s, Span at) {
        int n = args.size();
        Graph[] vjp = new Graph[n];
        Graph[] jvp = new Graph[n];
        List<Type> types = new ArrayList<>();
        args.forEach(a -> types.add(s.g.type(a)));
        Type y = s.g.type(value);
        boolean own = lowering.contains(f.name()); // f called in its own rule: its rules do not apply there
        for (int i = 0; i < n && !own; i++) {
            String p = f.params().get(i).name();
            Ast.Function vr = vjps.getOrDefault(f.name(), Map.of()).get(p);
            Ast.Function jr = jvps.getOrDefault(f.name(), Map.of()).get(p);
            if (vr != null && (vjp[i] = rule(x, f, vr, RuleChecker.VJP, with(types, y, y), at)) == null
                    || jr != null && (jvp[i] = rule(x, f, jr, RuleChecker.JVP, with(types, y, types.get(i)), at)) == null) {
                return ERR;
            }
        }
        List<Integer> in = new ArrayList<>(args);
        in.add(value);
        List<String> names = f.params().stream().map(Ast.Param::name).toList();
        return s.g.builder().add(new CustomRule(f.name(), names, vjp, jvp, at, own), y, in, at, null);
    }

    private static List<Type> with(List<Type> types, Type y, Type last) {
        List<Type> out = new ArrayList<>(types);
        out.add(y);
        out.add(last);
        return out;
    }

    /** The rule lowered on its own for parameters of these types (cached); null after an error. */
    private Graph rule(Expressions x, Ast.Function f, Ast.Function rule, String kind, List<Type> types, Span at) {
        String key = rule.name() + " " + types;
        Graph done = ruleGraphs.get(key);
        if (done != null) {
            return done;
        }
        lowering.add(f.name());
        try {
            Scope scope = Scope.fresh();
            List<Ast.Expr> names = new ArrayList<>();
            for (int k = 0; k < types.size(); k++) {
                String name = "#rule" + k;
                int id = scope.g.builder().addParam(new Param(k), types.get(k), rule.params().get(k).span(),
                        rule.params().get(k).name());
                scope.vars.put(name, id);
                names.add(new Ast.Name(name, at));
            }
            Ast.Call call = new Ast.Call(rule.name(), names, at, at);
            int result = x.inlineCall(rule, call, scope, new Lowering.Frame(rule, Map.of()), at);
            if (result == ERR) {
                return null;
            }
            Graph g = scope.g.builder().build(List.of(result));
            ruleGraphs.put(key, g);
            return g;
        } finally {
            lowering.remove(f.name());
        }
    }
}
