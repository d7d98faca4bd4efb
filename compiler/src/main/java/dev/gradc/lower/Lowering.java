package dev.gradc.lower;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.diag.SourceFile;
import dev.gradc.diag.Span;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Param;
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
    final Expressions expressions = new Expressions(this);
    /** Loops and ifs: the statements that become region nodes. */
    final Regions regions;

    final CustomCalls custom;
    /** Whether calls are checked without being inlined now, and what checking that way needs. */
    final CheckedCalls checked = new CheckedCalls();

    private Lowering(SourceFile source, Diagnostics diagnostics, CustomCalls custom) {
        this.source = source;
        this.diagnostics = diagnostics;
        this.custom = custom;
        this.regions = new Regions(this, diagnostics, expressions);
    }

    /** Lowers every function of a module that passed {@code ModuleChecker}; null when any has errors. */
    public static ModuleIr lower(Ast.Module module, SourceFile source, String packageName, String className,
                                 Diagnostics diagnostics) {
        return lower(module, source, packageName, className, diagnostics, Lowering.class.getClassLoader());
    }

    /** Like {@link #lower(Ast.Module, SourceFile, String, String, Diagnostics)}; extern classes come from loader. */
    public static ModuleIr lower(Ast.Module module, SourceFile source, String packageName, String className,
                                 Diagnostics diagnostics, ClassLoader loader) {
        return new Lowering(source, diagnostics, new CustomCalls(module, loader)).all(module, packageName, className);
    }

    /**
     * Checks every function of a module that passed {@code ModuleChecker} once, its calls checked but not inlined
     * (see {@link CheckedCalls}), then lowers only the functions named in {@code only} and those differentiated
     * inside the program: what a command that runs one function needs. Its cost is linear in the program text plus
     * the graphs of those functions, where lowering every function repeats each callee in every caller's graph. With
     * {@code only} empty the module is only checked (no function in it); a name that is not a function of the module
     * lowers every function, for the caller to list them. Null when any function has errors.
     */
    public static ModuleIr lower(Ast.Module module, SourceFile source, String packageName, String className,
                                 Diagnostics diagnostics, ClassLoader loader, java.util.Set<String> only) {
        Lowering l = new Lowering(source, diagnostics, new CustomCalls(module, loader));
        return l.checkThenLower(module, packageName, className, only);
    }

    /**
     * What lowering a module did, counted (deterministic, for tests of how lowering scales): the module (null on
     * errors), the nodes added to its functions' graphs and their regions' graphs, the nodes hash-consing gave back
     * instead, the calls inlined (a callee's body lowered) and the calls shared (an equal call's result reused).
     */
    record Work(ModuleIr module, long added, long reused, long inlined, long shared) {
    }

    /** Lowers like {@link #lower(Ast.Module, SourceFile, String, String, Diagnostics)}, counting its work. */
    static Work counted(Ast.Module module, SourceFile source, Diagnostics diagnostics) {
        return counted(module, source, diagnostics, null);
    }

    /** Checks and lowers like {@link #lower(Ast.Module, SourceFile, String, String, Diagnostics, ClassLoader,
     * java.util.Set)} (all functions when {@code only} is null), counting its work. */
    static Work counted(Ast.Module module, SourceFile source, Diagnostics diagnostics, java.util.Set<String> only) {
        Lowering l = new Lowering(source, diagnostics, new CustomCalls(module, Lowering.class.getClassLoader()));
        ModuleIr ir = only == null ? l.all(module, "", "Counted") : l.checkThenLower(module, "", "Counted", only);
        return new Work(ir, l.added, l.reused, l.inlinedBodies, l.sharedCalls);
    }

    private long added;
    /** The nodes of the module's graphs built so far, held to {@link #MAX_MODULE_NODES}. */
    private long moduleUsed;
    private long reused;
    private long inlinedBodies;
    /** Whether a function's graph passed what the module's graphs had left ({@link #MAX_MODULE_NODES}). */
    private boolean moduleSpent;
    private long sharedCalls;

    private ModuleIr checkThenLower(Ast.Module module, String packageName, String className,
                                    java.util.Set<String> only) {
        checked.set(true);
        ModuleIr all = all(module, packageName, className);
        checked.set(false);
        if (all == null) {
            return null;
        }
        java.util.Set<String> wanted = new java.util.HashSet<>(only);
        wanted.addAll(checked.differentiated());
        if (!only.stream().allMatch(n -> all.function(n) != null)) {
            wanted.addAll(functions.keySet()); // not a function of the module: the caller lists them all
        }
        moduleUsed = 0;
        return lowered(module, packageName, className, wanted::contains, false);
    }

    private ModuleIr all(Ast.Module module, String packageName, String className) {
        // ModuleChecker has already rejected a call of a later function, so every function is known from the
        // start: a rule, inlined where its function is lowered, may call any function defined before the rule.
        module.functions().forEach(f -> functions.put(f.name(), f));
        return lowered(module, packageName, className, name -> true, true);
    }

    /** Lowers the functions {@code wanted} names, in source order; resolves extern methods when {@code externs}. */
    private ModuleIr lowered(Ast.Module module, String packageName, String className,
                             java.util.function.Predicate<String> wanted, boolean externs) {
        Lowering l = this;
        List<FunctionIr> out = new ArrayList<>();
        int before = diagnostics.errorCount();
        for (Ast.Function f : module.functions()) {
            if (!externs && f.isExtern() || !wanted.test(f.name())) {
                continue;
            }
            if (f.isExtern()) {
                if (!l.custom.resolve(f, diagnostics)) {
                    l.failed.add(f.name());
                }
                l.functions.put(f.name(), f);
                continue;
            }
            if (moduleSpent) { // reported at the function that passed it; the rest is not lowered
                l.failed.add(f.name());
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
        return diagnostics.errorCount() > before ? null
                : new ModuleIr(packageName, className, source, out, custom.loader());
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
        // the module's budget: what its functions' graphs have left, if less than a function's own limit
        GraphBuilder.Budget budget = new GraphBuilder.Budget(Math.min(MAX_NODES, MAX_MODULE_NODES - moduleUsed));
        try {
            return function(f, frame, Scope.fresh(budget));
        } catch (CheckedCalls.NeedsInlining e) {
            return checked.inlining(() -> function(f));
        } finally {
            added += budget.used();
            moduleUsed += budget.used();
            reused += budget.reused();
        }
    }

    private FunctionIr function(Ast.Function f, Frame frame, Scope scope) {
        Map<String, Dim> sizes = frame.sizes();
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
        int errors = diagnostics.errorCount();
        int standIns = checked.standIns();
        try {
            result = body(f.body(), scope, frame);
        } catch (GraphBuilder.TooLarge e) {
            moduleSpent = scope.g.builder().budget().limit() < MAX_NODES;
            if (diagnostics.errorCount() == errors) { // else a derivative inside reported where it grew too large
                diagnostics.error(callDepth > 0 ? outermostCall : f.nameSpan(), moduleSpent
                        ? Messages.moduleTooLarge(f.name(), MAX_MODULE_NODES) : Messages.graphTooLarge(f.name(), MAX_NODES));
            }
            callDepth = 0;
            return null;
        }
        if (result == ERR || declared == null) {
            return null;
        }
        result = expressions.coerce(scope, result, declared, f.returnType().span(),
                Messages.returnType(f.name(), declared, scope.g.type(result)));
        if (result != ERR && ruled) {
            int value = result; // its rules are graphs of their own, kept for every call: lowered whole
            result = checked.inlining(() -> custom.wrap(expressions, f, own, value, scope, f.nameSpan()));
        }
        if (result == ERR) {
            return null;
        }
        Graph graph = scope.g.builder().build(List.of(result));
        checked.wholeGraphNeeded(f.name(), graph, standIns);
        if (!checked.on() && f.sizes().isEmpty() && !ruled) {
            lowered.put(f.name(), new Lowered(graph, scope.g.builder().span()));
        }
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

    /**
     * The most nodes the graphs of all a module's functions may have together. Every function is a graph of its
     * own with its calls inlined, so functions that call each other repeat their callees' graphs: the doubling
     * calls {@code f_k(x) = f_{k-1}(x) + f_{k-1}(x + 1)} are k³ / 6 nodes over k functions (1.4 million at
     * k = 200, within this; k = 226 is past it), reported at the call that passed it, not left to exhaust the
     * heap.
     */
    static final long MAX_MODULE_NODES = 2_000_000;

    /** The result of each call already inlined into a graph, by callee and argument nodes: equal calls share it. */
    private final Map<GraphBuilder, Map<CallKey, Integer>> inlinedCalls = new java.util.WeakHashMap<>();
    /** The free names of every block lowered so far, by identity (see {@link FreeNames#of}). */
    final Map<List<Ast.Stmt>, FreeNames> blocks = new java.util.IdentityHashMap<>();
    private int callDepth;
    private Span outermostCall;
    /** Functions that failed to lower (errors reported there): calls of them fail at once, quietly. */
    private final java.util.Set<String> failed = new java.util.HashSet<>();

    /**
     * The graphs that derivatives inside the program are built from, by what determines them (the callee and its
     * argument types; and the kind of derivative and its parameter): a chain of derivatives of derivatives, where
     * each function's derivative differentiates the one before, lowers and differentiates each level once, not
     * once per function above it.
     */
    private final Map<List<Object>, Graph> nestedGraphs = new HashMap<>();

    /** The graph for {@code key}, built by {@code build} the first time (null, an error, is not kept). */
    Graph nestedGraph(List<Object> key, java.util.function.Supplier<Graph> build) {
        Graph g = nestedGraphs.get(key);
        if (g == null) {
            g = build.get();
            if (g != null) {
                nestedGraphs.put(key, g);
            }
        }
        return g;
    }

    /**
     * A function's graph as lowered on its own, and the source span its builder was left at: calls of a function
     * without size names are its graph copied in, on the call's argument nodes, instead of its body lowered again.
     */
    private record Lowered(Graph graph, Span end) {
    }

    /** The graphs of the functions lowered so far that calls may copy (see {@link Lowered}). */
    private final Map<String, Lowered> lowered = new HashMap<>();

    /**
     * A call of {@code callee} on {@code args} in {@code s}'s graph as the callee's own graph copied in (its parameters
     * the arguments, each node hash-consed as it is added), or null when the callee has no such graph. This is what
     * lowering its body again would build (the same ops on the same types: the callee has no size names), node by
     * node, at the cost of one lookup a node instead of lowering its statements: the graphs of a module whose
     * functions call each other repeat their callees' graphs.
     */
    Integer copied(Ast.Function callee, List<Integer> args, Scope s) {
        Lowered l = lowered.get(callee.name());
        if (l == null) {
            return null;
        }
        Graph g = l.graph();
        GraphBuilder b = s.g.builder();
        int[] at = new int[g.size()];
        java.util.Arrays.fill(at, -1);
        for (int k = 0; k < args.size(); k++) {
            at[g.params().get(k)] = args.get(k);
        }
        for (dev.gradc.ir.Node n : g.nodes()) {
            if (at[n.id()] >= 0) {
                continue;
            }
            List<Integer> in = new ArrayList<>(n.inputs().size());
            for (int k = 0; k < n.inputs().size(); k++) {
                in.add(at[n.inputs().get(k)]);
            }
            at[n.id()] = b.add(n.op(), n.type(), in, n.span(), n.label());
        }
        b.setSpan(l.end()); // where lowering the body would have left it, for the nodes that follow the call
        return at[g.result(0)];
    }

    /** Whether {@code function} failed to lower (its errors are reported): uses of it fail quietly. */
    boolean hasFailed(String function) {
        return failed.contains(function);
    }

    private record CallKey(String callee, List<Integer> args) {
    }

    /**
     * The result of an equal call (same callee, same argument nodes) inlined into {@code s}'s graph before, or
     * null. Looked up before a call's sizes and argument types are checked: an equal call was checked alike.
     */
    Integer shared(Ast.Function callee, List<Integer> args, Scope s) {
        Map<CallKey, Integer> memo = inlinedCalls.get(s.g.builder());
        Integer done = memo == null ? null : memo.get(new CallKey(callee.name(), args));
        if (done != null) {
            sharedCalls++;
        }
        return done;
    }

    /**
     * Inlines a call of {@code callee} on the given argument nodes of {@code s}'s graph with {@code lower}, after
     * {@link #shared} found no equal call (same callee, same argument nodes) inlined into that graph before, and
     * keeps its result for the equal calls to come. With hash-consed nodes this makes {@code f(x) + f(x)} one copy
     * of f's body.
     */
    int inlined(Ast.Function callee, List<Integer> args, Scope s, Span at, java.util.function.IntSupplier lower) {
        Map<CallKey, Integer> memo = inlinedCalls.computeIfAbsent(s.g.builder(), b -> new HashMap<>());
        CallKey key = new CallKey(callee.name(), List.copyOf(args));
        if (failed.contains(callee.name())) {
            return ERR;
        }
        if (callDepth++ == 0) {
            outermostCall = at;
        }
        inlinedBodies++;
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
        long n = 1;
        for (Dim d : shape.dims()) {
            if (d instanceof Dim.Fixed f) {
                n *= f.value(); // each factor is at most Integer.MAX_VALUE and n at most MAX_ELEMENTS: no overflow
                if (n > MAX_ELEMENTS) {
                    break;
                }
            }
        }
        if (n > MAX_ELEMENTS) {
            java.math.BigInteger all = java.math.BigInteger.ONE;
            for (Dim d : shape.dims()) {
                if (d instanceof Dim.Fixed f) {
                    all = all.multiply(java.math.BigInteger.valueOf(f.value()));
                }
            }
            diagnostics.error(at, Messages.arrayTooLarge(shape.toString(), all.toString()));
            return false;
        }
        return true;
    }

    /**
     * The type a declaration names for {@code frame}'s sizes; null after reporting why it is none. A function without
     * size names declares the same types at every call: those are made once (calls are inlined, so a callee's
     * parameter and return types are asked for at each of its calls).
     */
    Type type(Ast.TypeRef t, Frame frame) {
        if (!frame.sizes().isEmpty()) {
            return typeFor(t, frame);
        }
        Type known = fixedTypes.get(t);
        if (known == null) {
            known = typeFor(t, frame);
            if (known != null) {
                fixedTypes.put(t, known);
            }
        }
        return known;
    }

    /** The types of declarations in functions without size names, by declaration (see {@link #type}). */
    private final Map<Ast.TypeRef, Type> fixedTypes = new java.util.IdentityHashMap<>();

    private Type typeFor(Ast.TypeRef t, Frame frame) {
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
            regions.whileLoop(w, scope, frame);
        } else if (s instanceof Ast.For f) {
            regions.forLoop(f, scope, frame);
        } else if (s instanceof Ast.If i) {
            regions.conditional(i, scope, frame);
        } else if (s instanceof Ast.Return r) {
            diagnostics.error(r.span(), Messages.returnNotLast());
        }
    }
}
