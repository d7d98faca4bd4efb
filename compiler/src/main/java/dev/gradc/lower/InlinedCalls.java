package dev.gradc.lower;

import dev.gradc.diag.Span;
import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.IntSupplier;

/**
 * The calls {@link Lowering} has inlined: an equal call (same callee, same argument nodes) in the same graph
 * shares the first one's result, a callee without size names is its own graph copied in instead of its body
 * lowered again, and a callee that failed to lower fails its calls quietly. Keeps the counts
 * {@link Lowering#counted} reports and the outermost call being inlined, where a graph that grows too large is
 * reported.
 */
final class InlinedCalls {

    /** Marks a value whose expression had an error already reported (see {@link Lowering#ERR}). */
    private static final int ERR = Lowering.ERR;

    /** The result of each call already inlined into a graph, by callee and argument nodes: equal calls share it. */
    private final Map<GraphBuilder, Map<CallKey, Integer>> inlinedCalls = new WeakHashMap<>();
    private int callDepth;
    private Span outermostCall;
    /** Functions that failed to lower (errors reported there): calls of them fail at once, quietly. */
    private final Set<String> failed = new HashSet<>();
    private long inlinedBodies;
    private long sharedCalls;

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
    int inlined(Ast.Function callee, List<Integer> args, Scope s, Span at, IntSupplier lower) {
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

    /** Keeps {@code function}'s own graph, and where its builder was left, for its calls to copy. */
    void keep(String function, Graph graph, Span end) {
        lowered.put(function, new Lowered(graph, end));
    }

    /** Records that {@code function} failed to lower (its errors are reported). */
    void fail(String function) {
        failed.add(function);
    }

    /** The outermost call being inlined, where a graph that grew too large is reported; else {@code otherwise}. */
    Span outermostCall(Span otherwise) {
        return callDepth > 0 ? outermostCall : otherwise;
    }

    /** Forgets the calls being inlined: lowering the function was abandoned inside them. */
    void leaveAll() {
        callDepth = 0;
    }

    /** The calls whose callee's body was lowered (or copied) into a graph. */
    long inlinedBodies() {
        return inlinedBodies;
    }

    /** The calls that reused an equal call's result. */
    long sharedCalls() {
        return sharedCalls;
    }
}
