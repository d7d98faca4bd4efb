package dev.gradc.lower;

import dev.gradc.check.LoopAnnotations;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.diag.SourceFile;
import dev.gradc.diag.Span;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Checkpoint;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Param;
import dev.gradc.ops.While;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers a checked module to the graph IR: statements become nodes, {@code while}/{@code for} and
 * {@code if} become region nodes with explicit carried, invariant and branch values, and calls to earlier
 * functions are inlined. Type and shape errors are reported as diagnostics.
 */
public final class Lowering {

    /** Marks a value whose expression had an error already reported; anything built from it is skipped. */
    static final int ERR = Integer.MIN_VALUE;

    final SourceFile source;
    final Diagnostics diagnostics;
    final Map<String, Ast.Function> functions = new LinkedHashMap<>();
    private final Expressions expressions = new Expressions(this);

    final CustomCalls custom;

    private Lowering(SourceFile source, Diagnostics diagnostics, CustomCalls custom) {
        this.source = source;
        this.diagnostics = diagnostics;
        this.custom = custom;
    }

    /** Lowers every function of a module that passed {@code ModuleChecker}; null when any has errors. */
    public static ModuleIr lower(Ast.Module module, SourceFile source, String packageName, String className,
                                 Diagnostics diagnostics) {
        return lower(module, source, packageName, className, diagnostics, Lowering.class.getClassLoader());
    }

    /** Like {@link #lower(Ast.Module, SourceFile, String, String, Diagnostics)}; extern classes come from loader. */
    public static ModuleIr lower(Ast.Module module, SourceFile source, String packageName, String className,
                                 Diagnostics diagnostics, ClassLoader loader) {
        Lowering l = new Lowering(source, diagnostics, new CustomCalls(module, loader));
        List<FunctionIr> out = new ArrayList<>();
        int before = diagnostics.errorCount();
        // ModuleChecker has already rejected a call of a later function, so every function is known from the
        // start: a rule, inlined where its function is lowered, may call any function defined before the rule.
        module.functions().forEach(f -> l.functions.put(f.name(), f));
        for (Ast.Function f : module.functions()) {
            if (f.isExtern()) {
                if (!l.custom.resolve(f, diagnostics)) {
                    l.failed.add(f.name());
                }
                l.functions.put(f.name(), f);
                continue;
            }
            FunctionIr fir = l.function(f);
            if (fir != null) {
                out.add(fir);
            } else {
                l.failed.add(f.name());
            }
            l.functions.put(f.name(), f);
        }
        return diagnostics.errorCount() > before ? null : new ModuleIr(packageName, className, source, out, loader);
    }

    /** Everything the lowering of one inlined function body needs: its size bindings. */
    record Frame(Ast.Function function, Map<String, Dim> sizes) {
    }

    private FunctionIr function(Ast.Function f) {
        Map<String, Dim> sizes = new LinkedHashMap<>();
        for (Ast.SizeParam s : f.sizes()) {
            sizes.put(s.name(), new Dim.Named(s.name()));
        }
        Frame frame = new Frame(f, sizes);
        Scope scope = Scope.fresh(new GraphBuilder.Budget(MAX_NODES));
        List<FunctionIr.ParamInfo> params = new ArrayList<>();
        int index = 0;
        for (Ast.Param p : f.params()) {
            Type t = type(p.type(), frame);
            if (t == null) {
                return null;
            }
            int id = scope.g.builder().addParam(new Param(index++), t, p.span(), p.name());
            scope.bind(p.name(), id);
            params.add(new FunctionIr.ParamInfo(p.name(), t, p.span()));
        }
        Type declared = type(f.returnType(), frame);
        List<Integer> own = new ArrayList<>(scope.vars.values());
        boolean ruled = custom.has(f);
        if (ruled) { // f's own derivatives are its rules too: its body runs on detached parameters
            List<Integer> in = CustomCalls.detached(own, scope);
            for (int k = 0; k < in.size(); k++) {
                scope.vars.put(f.params().get(k).name(), in.get(k));
            }
        }
        int result;
        try {
            result = body(f.body(), scope, frame);
        } catch (GraphBuilder.TooLarge e) {
            diagnostics.error(callDepth > 0 ? outermostCall : f.nameSpan(), Messages.graphTooLarge(f.name(), MAX_NODES));
            callDepth = 0;
            return null;
        }
        if (result == ERR || declared == null) {
            return null;
        }
        result = expressions.coerce(scope, result, declared, f.returnType().span(),
                Messages.returnType(f.name(), declared, scope.g.type(result)));
        if (result != ERR && ruled) {
            result = custom.wrap(expressions, f, own, result, scope, f.nameSpan());
        }
        if (result == ERR) {
            return null;
        }
        Graph graph = scope.g.builder().build(List.of(result));
        List<Request> requests = NestedDerivatives.possible(f, graph, params,
                Requests.of(f, params, declared, diagnostics), diagnostics);
        if (requests == null) {
            return null;
        }
        return RuleNeeds.check(new FunctionIr(f.name(), List.copyOf(sizes.keySet()), params, declared, graph,
                requests, f.span()), f, diagnostics);
    }

    /**
     * The most nodes one function's graph and its regions' graphs may have (calls are inlined). Hash-consing
     * and shared calls keep programs polynomial in their text; what still exceeds this is reported at the
     * call that made it grow, not left to exhaust the heap.
     */
    static final long MAX_NODES = 250_000;

    /** The result of each call already inlined into a graph, by callee and argument nodes: equal calls share it. */
    private final Map<GraphBuilder, Map<CallKey, Integer>> inlinedCalls = new java.util.WeakHashMap<>();
    /** The free names of every block lowered so far, by identity (see {@link FreeNames#of}). */
    private final Map<List<Ast.Stmt>, FreeNames> blocks = new java.util.IdentityHashMap<>();
    private int callDepth;
    private Span outermostCall;
    /** Functions that failed to lower (errors reported there): calls of them fail at once, quietly. */
    private final java.util.Set<String> failed = new java.util.HashSet<>();

    private record CallKey(String callee, List<Integer> args) {
    }

    /**
     * Inlines a call of {@code callee} on the given argument nodes of {@code s}'s graph with {@code lower},
     * unless an equal call (same callee, same argument nodes) was inlined into that graph before: then its
     * result is shared. With hash-consed nodes this makes {@code f(x) + f(x)} one copy of f's body.
     */
    int inlined(Ast.Function callee, List<Integer> args, Scope s, Span at, java.util.function.IntSupplier lower) {
        Map<CallKey, Integer> memo = inlinedCalls.computeIfAbsent(s.g.builder(), b -> new HashMap<>());
        CallKey key = new CallKey(callee.name(), List.copyOf(args));
        Integer done = memo.get(key);
        if (done != null) {
            return done;
        }
        if (failed.contains(callee.name())) {
            return ERR;
        }
        if (callDepth++ == 0) {
            outermostCall = at;
        }
        int result = lower.getAsInt();
        callDepth--;
        memo.put(key, result);
        return result;
    }

    /** Lowers a function body ending in {@code return}; gives the returned node. */
    int body(List<Ast.Stmt> stmts, Scope scope, Frame frame) {
        int result = ERR;
        for (Ast.Stmt s : stmts) {
            if (s instanceof Ast.Return r) {
                scope.g.builder().setSpan(r.span());
                result = expressions.lower(r.value(), scope, frame, r.span());
            } else {
                statement(s, scope, frame);
            }
        }
        return result;
    }

    /** The most elements a Java array holds (what the generated code and the engines allocate). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * Whether the fixed dimensions of {@code shape} fit in one Java array; else reports it. Without this
     * bound, {@code real[65536, 65536]} would lower and only fail when an engine allocates it.
     */
    static boolean fitsInArray(Shape shape, dev.gradc.diag.Span at, Diagnostics diagnostics) {
        java.math.BigInteger n = java.math.BigInteger.ONE;
        for (Dim d : shape.dims()) {
            if (d instanceof Dim.Fixed f) {
                n = n.multiply(java.math.BigInteger.valueOf(f.value()));
            }
        }
        if (n.compareTo(java.math.BigInteger.valueOf(MAX_ELEMENTS)) > 0) {
            diagnostics.error(at, Messages.arrayTooLarge(shape.toString(), n.toString()));
            return false;
        }
        return true;
    }

    Type type(Ast.TypeRef t, Frame frame) {
        switch (t.base()) {
            case "real" -> {
                List<Dim> dims = new ArrayList<>();
                for (Ast.Dim d : t.dims()) {
                    Dim v = Dims.of(d, frame.sizes(), diagnostics);
                    if (v == null) {
                        return null;
                    }
                    dims.add(v);
                }
                Shape shape = new Shape(dims);
                return fitsInArray(shape, t.span(), diagnostics) ? Type.real(shape) : null;
            }
            case "int", "bool" -> {
                if (t.base().equals("int") && !t.dims().isEmpty()) {
                    List<Dim> dims = new ArrayList<>();
                    for (Ast.Dim d : t.dims()) {
                        Dim v = Dims.of(d, frame.sizes(), diagnostics);
                        if (v == null) {
                            return null;
                        }
                        dims.add(v);
                    }
                    Shape shape = new Shape(dims);
                    return fitsInArray(shape, t.span(), diagnostics) ? new Type.IntArray(shape) : null;
                }
                if (!t.dims().isEmpty()) {
                    diagnostics.error(t.span(), Messages.dimsOnScalarType(t.base()));
                    return null;
                }
                return t.base().equals("int") ? Type.INT : Type.BOOL;
            }
            default -> {
                diagnostics.error(t.span(), Messages.unknownType(t.base()));
                return null;
            }
        }
    }

    void statement(Ast.Stmt s, Scope scope, Frame frame) {
        scope.g.builder().setSpan(s.span());
        if (s instanceof Ast.Assign a) {
            if (frame.sizes().containsKey(a.name())) {
                diagnostics.error(a.nameSpan(), Messages.assignToParameterSize(a.name()));
                return;
            }
            int v = expressions.lower(a.value(), scope, frame, a.span());
            if (v == ERR) {
                scope.vars.remove(a.name());
                scope.poisoned.put(a.name(), null);
            } else {
                scope.bind(a.name(), v);
            }
        } else if (s instanceof Ast.Update u) {
            int v = expressions.subscripts.update(u, scope, frame);
            if (v == ERR) {
                scope.vars.remove(u.name());
                scope.poisoned.put(u.name(), null);
            } else {
                scope.bind(u.name(), v);
            }
        } else if (s instanceof Ast.While w) {
            loop(w.condition(), w.body(), null, scope, frame, w.span(), checkpoint(w.annotations()));
        } else if (s instanceof Ast.For f) {
            forLoop(f, scope, frame);
        } else if (s instanceof Ast.If i) {
            conditional(i, scope, frame);
        } else if (s instanceof Ast.Return r) {
            diagnostics.error(r.span(), Messages.returnNotLast());
        }
    }

    private void forLoop(Ast.For f, Scope scope, Frame frame) {
        int from = expressions.lower(f.from(), scope, frame, f.span());
        int to = expressions.lower(f.to(), scope, frame, f.span());
        from = expressions.requireInt(scope, from, f.from().span(), "the start of a for loop");
        to = expressions.requireInt(scope, to, f.to().span(), "the end of a for loop");
        if (from == ERR || to == ERR) {
            return;
        }
        String end = "#end" + f.span().line() + "_" + f.span().column();
        boolean hadVar = scope.defines(f.variable());
        Integer old = scope.vars.get(f.variable());
        scope.vars.put(f.variable(), from);
        scope.vars.put(end, to);
        Ast.Expr condition = new Ast.Binary("<", new Ast.Name(f.variable(), f.variableSpan()),
                new Ast.Name(end, f.span()), f.span(), f.span());
        List<Ast.Stmt> body = new ArrayList<>(f.body());
        body.add(new Ast.Assign(f.variable(), new Ast.Binary("+", new Ast.Name(f.variable(), f.variableSpan()),
                new Ast.Number(1, true, "1", f.span()), f.span(), f.span()), f.span(), f.variableSpan()));
        loop(condition, body, f.variable(), scope, frame, f.span(), checkpoint(f.annotations()));
        scope.vars.remove(end);
        if (hadVar) {
            scope.bind(f.variable(), old);
        } else {
            scope.vars.remove(f.variable());
        }
    }

    /** What a loop's {@code @checkpoint(N)} asks for, or null. */
    private static Checkpoint checkpoint(List<Ast.Annotation> annotations) {
        int n = LoopAnnotations.snapshots(annotations);
        return n > 0 ? Checkpoint.requested(n) : null;
    }

    /**
     * Lowers a while loop, or a for loop's desugaring, to a {@link While} region node. A for loop names its
     * {@code counter} (null for a while loop). Either is counted ({@link While.Counted}) when its graphs count
     * a carried int by one towards a bound it does not change, as a for loop whose body leaves its variable alone
     * does, and a hand-written {@code i = 0; while i < n {...; i = i + 1}}.
     */
    private void loop(Ast.Expr condition, List<Ast.Stmt> body, String counter, Scope scope,
                      Frame frame, Span span, Checkpoint checkpoint) {
        int mark = diagnostics.mark();
        int before = diagnostics.errorCount();
        List<String> widened = loopOnce(condition, body, counter, scope, frame, span, checkpoint);
        if (widened.isEmpty() && diagnostics.errorCount() > before) {
            // an int array literal carried by the loop (z = [0, 0]) may be meant as reals (z = z + x): try so
            widened = new ArrayList<>();
            for (String n : FreeNames.of(blocks, body, condition).assigned) {
                if (scope.defines(n) && expressions.isIntLiteral(scope, scope.vars.get(n))) {
                    widened.add(n);
                }
            }
        }
        if (!widened.isEmpty()) {
            // A name that enters the loop as an int (s = 0) and leaves an iteration as a real (s = s + x) is a
            // real loop-carried value: promote it before the loop and lower the loop again.
            diagnostics.rollback(mark);
            for (String n : widened) {
                scope.bind(n, expressions.promote(scope, scope.vars.get(n)));
            }
            loopOnce(condition, body, counter, scope, frame, span, checkpoint);
        }
    }

    /** One attempt at lowering a loop; gives the carried names that would have to widen from int to real. */
    private List<String> loopOnce(Ast.Expr condition, List<Ast.Stmt> body, String counter,
                                  Scope scope, Frame frame, Span span, Checkpoint checkpoint) {
        FreeNames names = FreeNames.of(blocks, body, condition);
        List<String> carried = new ArrayList<>();
        for (String n : names.assigned) {
            if (scope.defines(n)) {
                carried.add(n);
            }
        }
        List<String> invariants = new ArrayList<>();
        for (String n : names.read) {
            if (scope.defines(n) && !carried.contains(n)) {
                invariants.add(n);
            }
        }
        List<String> all = new ArrayList<>(carried);
        all.addAll(invariants);
        Scope condScope = regionScope(scope, all);
        int c = expressions.lower(condition, condScope, frame, span);
        c = expressions.requireCondition(condScope, c, condition.span(), "the while loop");
        Scope bodyScope = regionScope(scope, all);
        for (Ast.Stmt s : body) {
            statement(s, bodyScope, frame);
        }
        for (String n : names.assigned) {
            if (!scope.defines(n) && !n.equals(counter)) {
                scope.poisoned.put(n, Messages.assignedOnlyInLoop(n, span.line()));
            }
        }
        List<Integer> results = new ArrayList<>();
        List<String> widened = new ArrayList<>();
        boolean ok = true;
        for (String n : carried) {
            Integer v = bodyScope.vars.get(n);
            if (v == null) {
                ok = false;
                continue;
            }
            Type before = scope.g.type(scope.vars.get(n));
            Type after = bodyScope.g.type(v);
            if (!before.equals(after)) {
                if (before instanceof Type.Real && after instanceof Type.Int) {
                    v = expressions.promote(bodyScope, v);
                } else if ((before instanceof Type.Int && after instanceof Type.Real r && r.isScalar()
                        || before instanceof Type.IntArray && expressions.isIntLiteral(scope, scope.vars.get(n)))
                        && !n.equals(counter)) {
                    widened.add(n);
                    continue;
                } else {
                    diagnostics.error(span, Messages.loopChangesType(n, before, after));
                    ok = false;
                    continue;
                }
            }
            results.add(v);
        }
        if (!widened.isEmpty()) {
            return widened;
        }
        if (!ok || c == ERR) {
            return List.of();
        }
        Graph condGraph = condScope.g.builder().build(List.of(c));
        Graph bodyGraph = bodyScope.g.builder().build(results);
        While.Counted counted = While.Counted.of(condGraph, bodyGraph, carried.size());
        While op = new While(condGraph, bodyGraph, carried.size(), source.baseName() + ":" + span.line(), checkpoint,
                counted);
        List<Integer> inputs = new ArrayList<>();
        for (String n : all) {
            inputs.add(scope.vars.get(n));
        }
        scope.g.builder().setSpan(span);
        int node = scope.g.region(op, op.resultType(), inputs);
        for (int k = 0; k < carried.size(); k++) {
            scope.bind(carried.get(k), scope.g.proj(node, k));
        }
        return List.of();
    }

    /** A scope for a region graph whose parameters are the given outer names, in order. */
    private Scope regionScope(Scope outer, List<String> names) {
        Scope s = Scope.fresh(outer.g.builder().budget());
        GraphBuilder b = s.g.builder();
        for (String n : names) {
            int outerId = outer.vars.get(n);
            int id = b.addParam(new Param(b.paramCount()), outer.g.type(outerId), Span.NONE, n);
            s.vars.put(n, id);
        }
        s.inside(outer);
        return s;
    }

    private void conditional(Ast.If i, Scope scope, Frame frame) {
        int p = expressions.lower(i.condition(), scope, frame, i.span());
        p = expressions.requireCondition(scope, p, i.condition().span(), "the if");
        FreeNames thenNames = FreeNames.of(blocks, i.then());
        FreeNames elseNames = FreeNames.of(blocks, i.otherwise());
        List<String> captures = new ArrayList<>();
        for (FreeNames f : List.of(thenNames, elseNames)) {
            for (String n : f.read) {
                if (scope.defines(n) && !captures.contains(n)) {
                    captures.add(n);
                }
            }
            for (String n : f.assigned) {
                if (scope.defines(n) && !captures.contains(n)) {
                    captures.add(n);
                }
            }
        }
        Scope thenScope = regionScope(scope, captures);
        for (Ast.Stmt s : i.then()) {
            statement(s, thenScope, frame);
        }
        Scope elseScope = regionScope(scope, captures);
        for (Ast.Stmt s : i.otherwise()) {
            statement(s, elseScope, frame);
        }
        List<String> outputs = new ArrayList<>();
        Map<String, String> oneSided = new HashMap<>();
        for (FreeNames f : List.of(thenNames, elseNames)) {
            for (String n : f.assigned) {
                if (outputs.contains(n) || oneSided.containsKey(n)) {
                    continue;
                }
                boolean both = thenNames.assigned.contains(n) && elseNames.assigned.contains(n);
                if (scope.defines(n) || both) {
                    outputs.add(n);
                } else {
                    oneSided.put(n, Messages.assignedInOneBranch(n, i.span().line()));
                }
            }
        }
        if (p == ERR) {
            poison(scope, outputs);
            scope.poisoned.putAll(oneSided);
            return;
        }
        List<Integer> thenResults = new ArrayList<>();
        List<Integer> elseResults = new ArrayList<>();
        boolean ok = true;
        for (String n : outputs) {
            Integer t = thenScope.vars.get(n);
            Integer e = elseScope.vars.get(n);
            if (t == null || e == null) {
                ok = false;
                continue;
            }
            Type tt = thenScope.g.type(t);
            Type et = elseScope.g.type(e);
            if (!tt.equals(et)) {
                if (tt instanceof Type.Real && et instanceof Type.Int) {
                    e = expressions.promote(elseScope, e);
                } else if (tt instanceof Type.Int && et instanceof Type.Real) {
                    t = expressions.promote(thenScope, t);
                } else if (et instanceof Type.Real && expressions.isIntLiteral(thenScope, t)) {
                    t = expressions.promote(thenScope, t);
                } else if (tt instanceof Type.Real && expressions.isIntLiteral(elseScope, e)) {
                    e = expressions.promote(elseScope, e);
                } else {
                    diagnostics.error(i.span(), Messages.branchesDiffer(n, tt, et));
                    ok = false;
                    continue;
                }
                if (!thenScope.g.type(t).equals(elseScope.g.type(e))) {
                    diagnostics.error(i.span(), Messages.branchesDiffer(n, tt, et));
                    ok = false;
                    continue;
                }
            }
            thenResults.add(t);
            elseResults.add(e);
        }
        scope.poisoned.putAll(oneSided);
        if (!ok) {
            poison(scope, outputs);
            return;
        }
        if (outputs.isEmpty() && onlyParams(thenScope) && onlyParams(elseScope)) {
            return;
        }
        // a branch that defines nothing used after it is still lowered when it computes anything: an index out
        // of range or a loop that never ends there fails in every engine (dead-node removal drops the rest)
        Cond op = new Cond(thenScope.g.builder().build(thenResults), elseScope.g.builder().build(elseResults));
        List<Integer> inputs = new ArrayList<>();
        inputs.add(p);
        for (String n : captures) {
            inputs.add(scope.vars.get(n));
        }
        scope.g.builder().setSpan(i.span());
        int node = scope.g.region(op, op.resultType(), inputs);
        for (int k = 0; k < outputs.size(); k++) {
            scope.bind(outputs.get(k), scope.g.proj(node, k));
        }
    }

    private static boolean onlyParams(Scope branch) {
        return branch.g.builder().build(List.of()).nodes().stream().allMatch(n -> n.op() instanceof dev.gradc.ops.Param);
    }

    /** After an error already reported, names the region would have defined are quietly unusable. */
    private static void poison(Scope scope, List<String> names) {
        for (String n : names) {
            if (!scope.defines(n)) {
                scope.poisoned.put(n, null);
            }
        }
    }

    /** Lowers {@code cond(p, a, b)}: a cond region with one result, only the taken branch evaluated. */
    int condExpression(int p, Ast.Expr a, Ast.Expr b, Scope scope, Frame frame, Span span) {
        FreeNames names = FreeNames.of(blocks, List.of(), a, b);
        List<String> captures = new ArrayList<>();
        for (String n : names.read) {
            if (scope.defines(n)) {
                captures.add(n);
            }
        }
        Scope thenScope = regionScope(scope, captures);
        Scope elseScope = regionScope(scope, captures);
        int t = expressions.lower(a, thenScope, frame, span);
        int e = expressions.lower(b, elseScope, frame, span);
        if (p == ERR || t == ERR || e == ERR) {
            return ERR;
        }
        Type tt = thenScope.g.type(t);
        Type et = elseScope.g.type(e);
        if (tt instanceof Type.Int && et instanceof Type.Real) {
            t = expressions.promote(thenScope, t);
        } else if (et instanceof Type.Int && tt instanceof Type.Real) {
            e = expressions.promote(elseScope, e);
        }
        if (!thenScope.g.type(t).equals(elseScope.g.type(e))) {
            diagnostics.error(span, "the two branches of 'cond' differ in type: " + tt + " and " + et);
            return ERR;
        }
        Cond op = new Cond(thenScope.g.builder().build(List.of(t)), elseScope.g.builder().build(List.of(e)));
        List<Integer> inputs = new ArrayList<>();
        inputs.add(p);
        for (String n : captures) {
            inputs.add(scope.vars.get(n));
        }
        int node = scope.g.region(op, op.resultType(), inputs);
        return scope.g.proj(node, 0);
    }
}
