package dev.gradc.engine;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Cond;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.Param;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.While;
import java.util.Arrays;
import java.util.Map;

/**
 * The reference interpreter over the graph IR (engine {@code interpreter}): evaluates nodes in order, runs
 * while regions up to the iteration limit and only the taken branch of a cond. Slow and simple on purpose.
 */
public final class Interpreter {

    /** The default bound on the iterations of one while loop. */
    public static final long DEFAULT_MAX_ITERATIONS = 1_000_000L;

    private final EvalContext ctx;
    private final long maxIterations;
    private final Map<While, long[]> trips;

    public Interpreter(EvalContext ctx, long maxIterations) {
        this(ctx, maxIterations, null);
    }

    /**
     * An interpreter that also adds up the trips each loop runs (by identity of its op; a nested loop's
     * trips summed over every time it runs) into {@code trips}: how checkpointed loops are counted.
     */
    public Interpreter(EvalContext ctx, long maxIterations, Map<While, long[]> trips) {
        this.ctx = ctx;
        this.maxIterations = maxIterations;
        this.trips = trips;
    }

    /** Evaluates a graph for the given parameter values; gives its results in order. */
    public Object[] run(Graph g, Object[] params) {
        return run(g, params, NONE_OWNED);
    }

    private static final boolean[] NONE_OWNED = new boolean[0];

    /** A loop body's graph run on one trip's values, the first parameter's array the interpreter's own (tests). */
    Object[] runOwned(Graph body, Object... params) {
        boolean[] owned = new boolean[params.length];
        owned[0] = true;
        return run(body, params, owned);
    }

    /** Per graph evaluated with owned parameters: which of its writes change their array in place. */
    private final Map<Graph, Map<String, InterpreterWrites>> inPlace = new java.util.IdentityHashMap<>();
    /** What is known of the loop bodies run: which carried arrays each owns, looked at once per body. */
    private final dev.gradc.passes.InPlaceWrites.Known known = new dev.gradc.passes.InPlaceWrites.Known();

    /** Per graph run: the loop that fills each stack it makes ({@link dev.gradc.ops.StackNew#filling}), by node. */
    private final Map<Graph, String[]> fillingLoops = new java.util.IdentityHashMap<>();

    private String[] fillingLoops(Graph g) {
        return fillingLoops.computeIfAbsent(g, x -> {
            String[] where = new String[x.size()];
            for (Node n : x.nodes()) {
                if (n.op() instanceof dev.gradc.ops.StackNew) {
                    where[n.id()] = dev.gradc.ops.StackNew.filling(x, n.id());
                }
            }
            return where;
        });
    }

    private Object[] run(Graph g, Object[] params, boolean[] owned) {
        // a branch graph may run with other owned parameters where its cond is copied: per graph and flags
        InterpreterWrites writes = inPlace.computeIfAbsent(g, x -> new java.util.HashMap<>())
                .computeIfAbsent(java.util.Arrays.toString(owned), f -> InterpreterWrites.of(g, owned, known));
        Object[] values = new Object[g.size()];
        for (int i = 0; i < g.params().size(); i++) {
            values[g.params().get(i)] = params[i];
        }
        boolean[] done = writes == null ? null : new boolean[g.size()];
        for (Node n : g.nodes()) {
            if (n.op() instanceof Param || done != null && done[n.id()]) {
                continue;
            }
            if (writes != null && writes.early()[n.id()] != null) {
                for (int e : writes.early()[n.id()]) { // reads of the old array, run before the write changes it
                    if (!done[e]) {
                        values[e] = eval(g.node(e), inputs(g.node(e), values), false);
                        done[e] = true;
                    }
                }
            }
            Object[] in = inputs(n, values);
            boolean[] inside = writes == null ? null : writes.branches()[n.id()];
            if (inside != null && n.op() instanceof Cond c) {
                values[n.id()] = c.run(in, (b, args) -> run(b, args, inside)); // its writes into g's own arrays
            } else if (n.op() instanceof While w) {
                values[n.id()] = loop(w, in, writes == null ? null : writes.loops()[n.id()]);
            } else if (n.op() instanceof dev.gradc.ops.StackNew) {
                values[n.id()] = new dev.gradc.ops.ValueStack(fillingLoops(g)[n.id()]);
            } else if (writes != null && writes.checksOnly()[n.id()]) {
                checkIndices(n, in);
            } else {
                values[n.id()] = eval(n, in, writes != null && writes.inPlace()[n.id()]);
            }
        }
        Object[] out = new Object[g.results().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[g.result(i)];
        }
        return out;
    }

    private static Object[] inputs(Node n, Object[] values) {
        Object[] in = new Object[n.inputs().size()];
        for (int k = 0; k < in.length; k++) {
            in[k] = values[n.input(k)];
        }
        return in;
    }

    /** Node n on its inputs; a write into its first input's own array when {@code inPlace}. */
    private Object eval(Node n, Object[] in, boolean inPlace) {
        if (n.op() instanceof While w) {
            return loop(w, in, null);
        }
        if (n.op() instanceof Cond c) {
            return c.run(in, this::run);
        }
        try {
            return inPlace ? ((dev.gradc.ops.Overwriting) n.op()).apply(in, ctx, true)
                    : ((Primitive) n.op()).eval(in, ctx);
        } catch (IndexOutOfBoundsException e) {
            throw new RunFailure(n.span().where() + ": " + e.getMessage(), e);
        } catch (dev.gradc.runtime.linalg.MatrixException e) {
            // not positive definite, singular: the kernel names the pivot, the node its call
            throw n.span().isKnown() ? e.at(n.span().where()) : e;
        } catch (OutOfMemoryError | NegativeArraySizeException e) {
            // an array too large to allocate (a huge zeros(N, M), a size bound to a huge value): the user's program
            throw new RunFailure(n.span().where() + ": " + dev.gradc.diag.CliMessages.outOfMemoryAt(
                    "the value of this expression", e instanceof NegativeArraySizeException,
                    Runtime.getRuntime().maxMemory()), e);
        }
    }

    /** The index checks of a write of one entry that nothing reads ({@link InterpreterWrites#checksOnly}). */
    private void checkIndices(Node n, Object[] in) {
        Object[] at = new Object[in.length - 1];
        at[0] = in[0];
        System.arraycopy(in, 2, at, 1, in.length - 2);
        try {
            new dev.gradc.ops.Index(in.length - 2).eval(at, ctx); // reads the one entry: O(1)
        } catch (IndexOutOfBoundsException e) {
            throw new RunFailure(n.span().where() + ": " + e.getMessage(), e);
        }
    }

    /** Loop w on its inputs; it takes over the arrays of the carried inputs {@code takes} marks, else copies them. */
    private Object[] loop(While w, Object[] in, boolean[] takes) {
        Object[] state = in.clone();
        boolean[] owned = dev.gradc.passes.InPlaceWrites.ownedCarried(w.body(), w.carried(), known);
        for (int k = 0; k < owned.length; k++) {
            if (takes != null && takes[k]) {
                continue; // an array this code owns, dead after the loop: written in place, no copy
            } else if (owned[k] && state[k] instanceof NDArray a) {
                state[k] = new NDArray(a.data().clone(), a.shape().clone()); // the loop's own, written in place
            } else if (owned[k] && state[k] instanceof dev.gradc.ops.IntND a) {
                state[k] = new dev.gradc.ops.IntND(a.data().clone(), a.shape().clone());
            }
        }
        // the kept-state error names the loop of the stack or journal that passed the budget, as in generated code
        long iterations = w.run(state, values -> run(w.condition(), values), values -> run(w.body(), values, owned),
                maxIterations);
        if (trips != null) {
            trips.computeIfAbsent(w, x -> new long[1])[0] += iterations;
        }
        return Arrays.copyOf(state, w.carried());
    }
}
