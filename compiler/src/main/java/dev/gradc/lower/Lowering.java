package dev.gradc.lower;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.diag.SourceFile;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
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

    /** The types declarations name, for each frame's sizes. */
    final DeclaredTypes types;
    final CustomCalls custom;
    /** Calls inlined so far: shared when equal, copied from the callee's own graph where it has one. */
    final InlinedCalls calls = new InlinedCalls();
    /** Whether calls are checked without being inlined now, and what checking that way needs. */
    final CheckedCalls checked = new CheckedCalls();

    private Lowering(SourceFile source, Diagnostics diagnostics, CustomCalls custom) {
        this.source = source;
        this.diagnostics = diagnostics;
        this.custom = custom;
        this.types = new DeclaredTypes(diagnostics);
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
        return lower(module, source, packageName, className, diagnostics, loader, Map.of());
    }

    /**
     * Like {@link #lower(Ast.Module, SourceFile, String, String, Diagnostics, ClassLoader)}, with the sizes in
     * {@code bound} fixed to their values in every function that declares them: a function's own sizes enter
     * its graph here and nowhere else, so every dimension, slice and trip count built from them is a number for
     * every pass and the emitter, and the module remembers the bindings (the generated methods check them).
     */
    public static ModuleIr lower(Ast.Module module, SourceFile source, String packageName, String className,
                                 Diagnostics diagnostics, ClassLoader loader, Map<String, Integer> bound) {
        Lowering l = new Lowering(source, diagnostics, new CustomCalls(module, loader));
        l.bound.putAll(bound);
        return l.all(module, packageName, className);
    }

    /** The sizes fixed at compile time, by name (empty: the generic build). */
    private final Map<String, Integer> bound = new java.util.TreeMap<>();

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
        return lower(module, source, packageName, className, diagnostics, loader, only, Map.of());
    }

    /**
     * Like {@link #lower(Ast.Module, SourceFile, String, String, Diagnostics, ClassLoader, java.util.Set)}, with the
     * sizes in {@code bound} fixed as {@link #lower(Ast.Module, SourceFile, String, String, Diagnostics, ClassLoader,
     * Map)} fixes them: a command running one function of a specialised build ({@code gradc run --size}).
     */
    public static ModuleIr lower(Ast.Module module, SourceFile source, String packageName, String className,
                                 Diagnostics diagnostics, ClassLoader loader, java.util.Set<String> only,
                                 Map<String, Integer> bound) {
        Lowering l = new Lowering(source, diagnostics, new CustomCalls(module, loader));
        l.bound.putAll(bound);
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
        return new Work(ir, l.added, l.reused, l.calls.inlinedBodies(), l.calls.sharedCalls());
    }

    private long added;
    /** The nodes of the module's graphs built so far, held to {@link #MAX_MODULE_NODES}. */
    private long moduleUsed;
    private long reused;
    /** Whether a function's graph passed what the module's graphs had left ({@link #MAX_MODULE_NODES}). */
    private boolean moduleSpent;

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
                    l.calls.fail(f.name());
                }
                l.functions.put(f.name(), f);
                continue;
            }
            if (moduleSpent) { // reported at the function that passed it; the rest is not lowered
                l.calls.fail(f.name());
                continue;
            }
            FunctionIr fir = l.function(f);
            if (fir != null) {
                out.add(fir);
            } else {
                l.calls.fail(f.name());
            }
            l.functions.put(f.name(), f);
        }
        return diagnostics.errorCount() > before ? null
                : new ModuleIr(packageName, className, source, out, custom.loader(), new java.util.TreeMap<>(bound));
    }

    /** Everything the lowering of one inlined function body needs: its size bindings. */
    record Frame(Ast.Function function, Map<String, Dim> sizes) {
    }

    private FunctionIr function(Ast.Function f) {
        Map<String, Dim> sizes = new LinkedHashMap<>();
        for (Ast.SizeParam s : f.sizes()) {
            Integer value = bound.get(s.name());
            sizes.put(s.name(), value == null ? new Dim.Named(s.name()) : new Dim.Fixed(value));
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
            Type t = types.of(p.type(), frame);
            if (t == null) {
                return null;
            }
            int id = scope.g.builder().addParam(new Param(index++), t, p.span(), p.name());
            scope.bind(p.name(), id);
            params.add(new FunctionIr.ParamInfo(p.name(), t, p.span()));
        }
        Type declared = types.of(f.returnType(), frame);
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
                diagnostics.error(calls.outermostCall(f.nameSpan()), moduleSpent
                        ? Messages.moduleTooLarge(f.name(), MAX_MODULE_NODES) : Messages.graphTooLarge(f.name(), MAX_NODES));
            }
            calls.leaveAll();
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
            calls.keep(f.name(), graph, scope.g.builder().span());
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

    /** The free names of every block lowered so far, by identity (see {@link FreeNames#of}). */
    final Map<List<Ast.Stmt>, FreeNames> blocks = new java.util.IdentityHashMap<>();
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
