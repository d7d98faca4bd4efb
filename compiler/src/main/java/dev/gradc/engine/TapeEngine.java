package dev.gradc.engine;

import dev.gradc.check.LoopAnnotations;
import dev.gradc.diag.Span;
import dev.gradc.ir.Dim;
import dev.gradc.ir.SizeSolver;
import dev.gradc.lower.Dims;
import dev.gradc.runtime.tape.Mask;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Ast;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Engine {@code tape}: runs a checked program define-by-run, PyTorch style, by walking its AST and calling
 * the runtime's tape. Plain Java control flow decides what is recorded; only the taken path is on the tape.
 * Values are {@link Tensor} (reals), {@link Integer} (ints) and {@link Mask} (bools).
 */
public final class TapeEngine {

    private final Map<String, Ast.Function> functions = new HashMap<>();

    public TapeEngine(Ast.Module module, String file, long maxIterations) {
        this(module, file, maxIterations, null, Long.MAX_VALUE);
    }

    /**
     * With the lowered module, which derivatives used inside the program ({@code grad(f, x)(...)}) need: see
     * {@link TapeDerivatives}.
     */
    public TapeEngine(Ast.Module module, String file, long maxIterations, dev.gradc.lower.ModuleIr lowered) {
        this(module, file, maxIterations, lowered, Long.MAX_VALUE);
    }

    /**
     * A tape engine whose while and for loops may keep at most {@code maxKeptValues} values for the backward
     * pass: the elements of the loop-carried values that need gradients, at the end of each iteration (what a
     * reverse-mode loop of the compiled engine keeps on its stacks).
     */
    public TapeEngine(Ast.Module module, String file, long maxIterations, dev.gradc.lower.ModuleIr lowered,
                      long maxKeptValues) {
        this(module, file, maxIterations, lowered, maxKeptValues,
                lowered != null && lowered.classes() != null ? lowered.classes() : TapeEngine.class.getClassLoader());
    }

    /** Like the constructor above; the classes of the program's extern methods come from {@code classes}. */
    public TapeEngine(Ast.Module module, String file, long maxIterations, dev.gradc.lower.ModuleIr lowered,
                      long maxKeptValues, ClassLoader classes) {
        module.functions().forEach(f -> functions.put(f.name(), f));
        this.rules = new TapeRules(module, classes);
        this.loops = new TapeLoops(file, maxIterations, maxKeptValues);
        this.nested = lowered == null ? null : new TapeDerivatives(lowered, maxIterations, maxKeptValues);
    }

    private final TapeDerivatives nested;
    private final TapeRules rules;

    /** How loops run (recorded or checkpointed) and which tensors an update may write into. */
    private final TapeLoops loops;

    /**
     * The values the loops of the last call kept on the tape for its backward, its checkpointed loops' recorded trips
     * (recomputed in the backward) included: what the kept-values budget bounds in this engine
     * (edge.KeptCountsAgreeTest compares it with the other engines' peaks).
     */
    public long keptOnTape() {
        return loops.keptOnTape();
    }

    /** Whether an update of {@code t} may write into its array ({@link TapeLoops#owns}). */
    boolean owns(Tensor t) {
        return loops.owns(t);
    }

    /** {@code updated}, made by an update of {@code old}, is now the engine's own (and {@code old} is gone). */
    void own(Tensor old, Tensor updated) {
        loops.own(old, updated);
    }

    /**
     * How many calls of the module's functions one run may make by default. The tape runs every call, so
     * {@code f_k(x) = f_{k-1}(x) + f_{k-1}(x + 1)} makes 2^k of them; past the limit a run stops at the call, named,
     * instead of hanging (the compiled and interpreter engines inline calls and share equal ones).
     */
    public static final long DEFAULT_MAX_CALLS = 1_000_000L;

    private long maxCalls = DEFAULT_MAX_CALLS;
    /** Calls made since the run began ({@link #call(String, Map, List)}). */
    private long calls;

    /** The most calls of the module's functions one run may make ({@link #DEFAULT_MAX_CALLS} unless set). */
    public void setMaxCalls(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the call limit must be at least 1, got " + limit);
        }
        this.maxCalls = limit;
    }

    /** Calls function {@code name}; {@code sizes} binds its size names. Arguments that require grad are leaves. */
    public Object call(String name, Map<String, Integer> sizes, List<Object> args) {
        calls = 0;
        loops.startCall();
        Ast.Function f = functions.get(name);
        Map<String, Object> env = new HashMap<>(sizes);
        for (int i = 0; i < f.params().size(); i++) {
            Object a = args.get(i);
            env.put(f.params().get(i).name(), f.params().get(i).type().base().equals("real") ? real(a) : a);
        }
        return rules.has(f) ? rules.call(this, f, env, f.nameSpan()) : body(f.body(), env);
    }

    private Object body(List<Ast.Stmt> stmts, Map<String, Object> env) {
        for (Ast.Stmt s : stmts) {
            if (s instanceof Ast.Return r) {
                try {
                    return eval(r.value(), env);
                } catch (IndexOutOfBoundsException | OutOfMemoryError | NegativeArraySizeException e) {
                    throw failure(r.span(), e);
                } catch (dev.gradc.runtime.linalg.MatrixException e) {
                    throw positioned(r.span(), e);
                }
            }
            statement(s, env);
        }
        throw new IllegalStateException("function without return");
    }

    /** A matrix a kernel cannot take, at the statement that gave it (the innermost, where calls nest). */
    private static dev.gradc.runtime.linalg.MatrixException positioned(Span span,
                                                                       dev.gradc.runtime.linalg.MatrixException e) {
        return e.where() == null ? e.at(span.where()) : e;
    }

    /** A user-program failure (index out of bounds, an array too large to allocate) as the interpreter reports it. */
    private RunFailure failure(Span span, Throwable e) {
        String why = e instanceof IndexOutOfBoundsException ? e.getMessage()
                : dev.gradc.diag.CliMessages.outOfMemoryAt("the values of this statement",
                        e instanceof NegativeArraySizeException, Runtime.getRuntime().maxMemory());
        return new RunFailure(span.where() + ": " + why, e);
    }

    private void statement(Ast.Stmt s, Map<String, Object> env) {
        try {
            run(s, env);
        } catch (IndexOutOfBoundsException | OutOfMemoryError | NegativeArraySizeException e) {
            throw failure(s.span(), e);
        } catch (dev.gradc.runtime.linalg.MatrixException e) {
            throw positioned(s.span(), e);
        }
    }

    private void run(Ast.Stmt s, Map<String, Object> env) {
        if (s instanceof Ast.Assign a) {
            env.put(a.name(), eval(a.value(), env));
        } else if (s instanceof Ast.Update u) {
            env.put(u.name(), env.get(u.name()) instanceof dev.gradc.ops.IntND a ? TapeIntArrays.update(this, u, a, env)
                    : TapeSubscripts.update(this, u, env));
        } else if (s instanceof Ast.While w) {
            loops.run(new TapeCheckpoint.Loop() {
                @Override
                public boolean more(Map<String, Object> e) {
                    return truth(eval(w.condition(), e));
                }

                @Override
                public void trip(Map<String, Object> e) {
                    w.body().forEach(b -> statement(b, e));
                }
            }, env, w.span(), LoopAnnotations.snapshots(w.annotations()), w.body());
        } else if (s instanceof Ast.For f) {
            int from = (Integer) eval(f.from(), env);
            int to = (Integer) eval(f.to(), env);
            Object saved = env.get(f.variable());
            env.put(f.variable(), from);
            loops.run(new TapeCheckpoint.Loop() {
                @Override
                public boolean more(Map<String, Object> e) {
                    return (Integer) e.get(f.variable()) < to;
                }

                @Override
                public void trip(Map<String, Object> e) {
                    f.body().forEach(b -> statement(b, e));
                    e.put(f.variable(), (Integer) e.get(f.variable()) + 1);
                }
            }, env, f.span(), LoopAnnotations.snapshots(f.annotations()), f.body());
            if (saved == null) {
                env.remove(f.variable());
            } else {
                env.put(f.variable(), saved);
            }
        } else if (s instanceof Ast.If i) {
            (truth(eval(i.condition(), env)) ? i.then() : i.otherwise()).forEach(b -> statement(b, env));
        }
    }

    private static boolean truth(Object o) {
        return o instanceof Boolean b ? b : ((Mask) o).all();
    }

    static Tensor real(Object o) {
        if (o instanceof Tensor t) {
            return t;
        }
        if (o instanceof Integer i) {
            return Tensor.scalar(i);
        }
        if (o instanceof dev.gradc.ops.IntND a) {
            // an int array literal where reals are needed (the lowering promotes only literals)
            double[] d = new double[a.size()];
            for (int k = 0; k < d.length; k++) {
                d[k] = a.data()[k];
            }
            return Tensor.of(d, a.shape());
        }
        throw new IllegalArgumentException("not a number: " + o);
    }

    Object eval(Ast.Expr e, Map<String, Object> env) {
        if (e instanceof Ast.Number n) {
            return n.integral() ? (Object) (int) n.value() : Tensor.scalar(n.value());
        }
        if (e instanceof Ast.Bool b) {
            return b.value();
        }
        if (e instanceof Ast.Name n) {
            Object v = env.get(n.name());
            if (v instanceof Tensor t) {
                loops.giveAway(t); // given away: another name or op may hold it from now on
            }
            return v == null && n.name().equals("pi") ? Tensor.scalar(Math.PI) : v;
        }
        if (e instanceof Ast.Unary u) {
            Object v = eval(u.operand(), env);
            return switch (u.op()) {
                case "-" -> v instanceof Integer i ? (Object) (-i)
                        : v instanceof dev.gradc.ops.IntND ? TapeGathers.binary("-", 0, v) : real(v).neg();
                case "+" -> v;
                default -> v instanceof Boolean b ? (Object) !b : ((Mask) v).not();
            };
        }
        if (e instanceof Ast.Binary b) {
            if (b.op().equals("^")) {
                return TapeOps.power(eval(b.left(), env), eval(b.right(), env), TapeOps.isLiteral(b.right()));
            }
            Object l = eval(b.left(), env);
            Object r = eval(b.right(), env);
            Object ints = TapeGathers.binary(b.op(), l, r);
            return ints != null ? ints : TapeOps.binary(b.op(), l, r);
        }
        if (e instanceof Ast.Index ix) {
            // a name indexed is read, not given away: its reads keep offsets, not values
            Object target = ix.target() instanceof Ast.Name n && env.get(n.name()) != null ? env.get(n.name())
                    : eval(ix.target(), env);
            boolean sliced = ix.indices().stream().anyMatch(x -> x instanceof Ast.Slice);
            if (target instanceof dev.gradc.ops.IntND a) {
                return sliced ? TapeIntArrays.read(this, a, ix.indices(), env)
                        : TapeGathers.intRead(this, a, ix.indices(), env);
            }
            Tensor gathered = TapeGathers.read(this, real(target), ix.indices(), env);
            Tensor read = gathered != null ? gathered : TapeSubscripts.read(this, real(target), ix.indices(), env);
            if (read == target) {
                loops.giveAway(read); // x[:] is x itself
            }
            return read;
        }
        if (e instanceof Ast.ArrayLiteral a) {
            Object[] values = new Object[a.elements().size()];
            for (int k = 0; k < values.length; k++) {
                values[k] = eval(a.elements().get(k), env);
            }
            Object ints = TapeGathers.literal(values);
            if (ints != null) {
                return ints;
            }
            Tensor[] parts = new Tensor[values.length];
            for (int k = 0; k < parts.length; k++) {
                parts[k] = real(values[k]);
            }
            return Tensor.stack(parts);
        }
        if (e instanceof Ast.Derivative d) {
            if (nested == null) {
                throw new IllegalStateException("a derivative inside the program needs the lowered module");
            }
            List<Object> args = new java.util.ArrayList<>();
            d.args().forEach(a -> args.add(eval(a, env)));
            return nested.eval(d, args);
        }
        return call((Ast.Call) e, env);
    }

    private Object call(Ast.Call c, Map<String, Object> env) {
        String f = c.callee();
        List<Ast.Expr> a = c.args();
        Ast.Function user = functions.get(f);
        if (user != null) { // the module's own function wins over a builtin's name
            if (++calls > maxCalls) {
                throw new RunFailure(c.span().where() + ": " + dev.gradc.diag.Messages.callLimit(f, maxCalls), null);
            }
            List<Object> values = new java.util.ArrayList<>();
            for (Ast.Expr e : a) {
                values.add(eval(e, env));
            }
            Map<String, Object> inner = bind(user, values);
            return rules.has(user) ? rules.call(this, user, inner, c.span()) : body(user.body(), inner);
        }
        return builtinCall(c, env);
    }

    /** The environment of a call of {@code user}: its parameters, and its size names bound from the values. */
    private static Map<String, Object> bind(Ast.Function user, List<Object> values) {
        Map<String, Object> inner = new HashMap<>();
        List<String> sizeNames = user.sizes().stream().map(Ast.SizeParam::name).toList();
        List<SizeSolver.Equation> equations = new java.util.ArrayList<>();
        for (int k = 0; k < values.size(); k++) {
            Object v = values.get(k);
            Ast.Param p = user.params().get(k);
            inner.put(p.name(), p.type().base().equals("real") ? real(v) : v);
            List<Ast.Dim> dims = p.type().dims();
            for (int d = 0; d < dims.size(); d++) {
                equations.add(new SizeSolver.Equation(Dims.declared(dims.get(d), sizeNames),
                        Dim.of(real(v).shape()[d])));
            }
        }
        SizeSolver.solve(equations, java.util.Set.copyOf(sizeNames), Map.of()).forEach((n, d) -> {
            if (d instanceof Dim.Fixed fixed) {
                inner.put(n, fixed.value());
            }
        });
        return inner;
    }

    /** Calls the module's function {@code user} on argument values (a rule, from {@link TapeRules}). */
    Object callFunction(Ast.Function user, List<Object> values) {
        return body(user.body(), bind(user, values));
    }

    /** Runs a function body in {@code env}. */
    Object run(List<Ast.Stmt> stmts, Map<String, Object> env) {
        return body(stmts, env);
    }

    private Object builtinCall(Ast.Call c, Map<String, Object> env) {
        String f = c.callee();
        List<Ast.Expr> a = c.args();
        if (f.equals("cond")) {
            return truth(eval(a.get(0), env)) ? eval(a.get(1), env) : eval(a.get(2), env);
        }
        if (f.equals("range")) {
            return TapeGathers.range((Integer) eval(a.get(0), env));
        }
        if (f.equals("reshape")) {
            int[] shape = new int[a.size() - 1];
            for (int k = 1; k < a.size(); k++) {
                shape[k - 1] = (Integer) eval(a.get(k), env);
            }
            return dev.gradc.ops.Reshape.onTape(real(eval(a.get(0), env)), shape);
        }
        if (f.equals("scatter_add")) {
            return TapeGathers.scatterAdd(real(eval(a.get(0), env)), (dev.gradc.ops.IntND) eval(a.get(1), env),
                    real(eval(a.get(2), env)));
        }
        if (f.equals("zeros") || f.equals("ones")) {
            int[] shape = new int[a.size()];
            for (int k = 0; k < shape.length; k++) {
                shape[k] = (Integer) eval(a.get(k), env);
            }
            return f.equals("zeros") ? Tensor.zeros(shape) : Tensor.ones(shape);
        }
        if (f.equals("trisolve") && a.size() == 2 && a.get(0) instanceof Ast.Call t
                && t.callee().equals("transpose") && t.args().size() == 1 && !functions.containsKey("transpose")) {
            // as the lowering does: the upper solve with Lᵀ, from L itself
            Tensor l = real(eval(t.args().get(0), env));
            Tensor b = real(eval(a.get(1), env));
            return dev.gradc.runtime.tape.LinearAlgebra.trisolve(l, b, true);
        }
        Object[] args = new Object[a.size()];
        for (int k = 0; k < args.length; k++) {
            args[k] = eval(a.get(k), env);
        }
        if (f.equals("pow") && args.length == 2) {
            return TapeOps.power(args[0], args[1], TapeOps.isLiteral(a.get(1)));
        }
        Object ints = TapeIntArrays.form(f, args);
        if (ints != null) {
            return ints;
        }
        return TapeOps.builtin(f, args);
    }
}
