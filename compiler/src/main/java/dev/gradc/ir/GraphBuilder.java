package dev.gradc.ir;

import dev.gradc.diag.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The only way to make a {@link Graph}: appends nodes in order, so ids are dense and topological.
 * Types are given by the caller (the typed builder in {@code dev.gradc.ops} infers them).
 */
public final class GraphBuilder {

    private final List<Node> nodes = new ArrayList<>();
    private final List<Integer> params = new ArrayList<>();
    /** Earlier nodes by (op, inputs, type) when equal nodes are shared; null when every add appends. */
    private final Map<Key, Integer> shared;
    /** Nodes added by this builder and every builder made with it, against a limit; null when unlimited. */
    private final Budget budget;

    /** An op applied to inputs; the type follows from them (hashing it would cost its rank on every add). */
    private record Key(Op op, List<Integer> inputs) {
    }

    /**
     * A count of the nodes several builders add (a function's graph and its regions' graphs), with a limit;
     * {@link #add} throws {@link TooLarge} past it.
     */
    public static final class Budget {
        private final long limit;
        private long used;

        public Budget(long limit) {
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }

        /** Whether a builder has gone past the limit: every later node would too. */
        public boolean spent() {
            return used > limit;
        }

        /** Nodes added so far: what hash-consing did not find already built. */
        public long used() {
            return used;
        }

        /** Nodes asked for that hash-consing gave back already built. */
        public long reused() {
            return reused;
        }

        private long reused;

        /** The source position of the last node spent that had one: what was being built. */
        private Span lastKnown = Span.NONE;
        /** The source position of the last region (loop or if) spent that had one: the loop being built. */
        private Span lastRegion = Span.NONE;

        void spend(Span at, boolean region) {
            if (at.isKnown()) {
                lastKnown = at;
                lastRegion = region ? at : lastRegion;
            }
            if (++used > limit) {
                // a loop, not whichever of its statements the count happened to pass the limit in
                throw new TooLarge(limit, lastRegion.isKnown() ? lastRegion : lastKnown);
            }
        }

        /** The budget that builders made with {@link #GraphBuilder()} on this thread spend from, or null. */
        private static final ThreadLocal<Budget> CURRENT = new ThreadLocal<>();

        /**
         * Runs {@code body} with every builder it makes with {@link #GraphBuilder()} spending from one budget of
         * {@code limit} nodes (a derivative pass and the region graphs it builds); the budget before is restored.
         */
        public static <T> T during(long limit, java.util.function.Supplier<T> body) {
            Budget saved = CURRENT.get();
            CURRENT.set(new Budget(limit));
            try {
                return body.get();
            } finally {
                CURRENT.set(saved);
            }
        }
    }

    /** Thrown when a budgeted builder would exceed its budget; the caller reports it as a diagnostic. */
    public static final class TooLarge extends RuntimeException {
        private final transient Span at;

        public TooLarge(long limit) {
            this(limit, Span.NONE);
        }

        public TooLarge(long limit, Span at) {
            super("more than " + limit + " nodes", null, false, false);
            this.at = at;
        }

        /** The source position of the loop (or if) last built before the limit, else of the last node built. */
        public Span at() {
            return at;
        }
    }

    /** A builder that appends every node, spending from the thread's current budget ({@link Budget#during}), if any. */
    public GraphBuilder() {
        this(false, Budget.CURRENT.get());
    }

    /**
     * A builder that, when {@code share} is set, gives back an earlier node instead of adding an equal one
     * (same op on the same inputs, hence the same type; never for regions or parameters) — hash-consing as the graph is built — and
     * counts its nodes against {@code budget} (null: unlimited).
     */
    public GraphBuilder(boolean share, Budget budget) {
        this.shared = share ? new HashMap<>() : null;
        this.budget = budget;
    }

    /** The budget this builder spends from (null when unlimited), for the builders of its regions. */
    public Budget budget() {
        return budget;
    }
    private Node.Role role = Node.Role.FORWARD;
    private Span span = Span.NONE;

    /** The role given to nodes added from now on. */
    public Node.Role role() {
        return role;
    }

    public void setRole(Node.Role role) {
        this.role = role;
    }

    /** The source span given to nodes added from now on (unless one is passed explicitly). */
    public Span span() {
        return span;
    }

    public void setSpan(Span span) {
        this.span = span == null ? Span.NONE : span;
    }

    public int add(Op op, Type type, List<Integer> inputs) {
        return add(op, type, inputs, span, null);
    }

    public int add(Op op, Type type, List<Integer> inputs, Span nodeSpan, String label) {
        // regions are not hashed (their graphs are large); stateful ops make objects with identity
        boolean identity = op instanceof Region || op.stateful();
        List<Integer> frozen = List.copyOf(inputs); // the key's and the node's (which keeps an immutable list as is)
        Key key = shared != null && !identity ? new Key(op, frozen) : null;
        if (key != null) {
            Integer earlier = shared.get(key);
            if (earlier != null) {
                label(earlier, label);
                if (budget != null) {
                    budget.reused++;
                }
                return earlier;
            }
        }
        int id = append(op, type, frozen, nodeSpan, label);
        if (key != null) {
            shared.put(key, id);
        }
        return id;
    }

    private int append(Op op, Type type, List<Integer> inputs, Span nodeSpan, String label) {
        if (budget != null) {
            budget.spend(nodeSpan == null || !nodeSpan.isKnown() ? span : nodeSpan, op instanceof Region);
        }
        int id = nodes.size();
        for (int in : inputs) {
            if (in < 0 || in >= id) {
                throw new IllegalArgumentException(op.mnemonic() + " reads node " + in + " of " + id);
            }
        }
        nodes.add(new Node(id, op, inputs, type, nodeSpan == null ? span : nodeSpan, label, role));
        return id;
    }

    /** Adds a parameter node; its position among the parameters is the order of these calls. */
    public int addParam(Op paramOp, Type type, Span nodeSpan, String label) {
        int id = append(paramOp, type, List.of(), nodeSpan, label);
        params.add(id);
        return id;
    }

    public int paramCount() {
        return params.size();
    }

    public int param(int index) {
        return params.get(index);
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    public Type type(int id) {
        return nodes.get(id).type();
    }

    public int size() {
        return nodes.size();
    }

    /** Names node {@code id} after a program variable, for readable output; keeps an earlier name. */
    public void label(int id, String label) {
        Node n = nodes.get(id);
        if (n.label() == null && label != null) {
            nodes.set(id, n.withLabel(label));
        }
    }

    /**
     * Gives node id the source span of the statement it now belongs to: a rewrite that moves a node into code written
     * as another line of the program ({@code Simplify}'s swapped lines) and is its only reader.
     */
    public void respan(int id, Span newSpan) {
        Node n = nodes.get(id);
        nodes.set(id, new Node(id, n.op(), n.inputs(), n.type(), newSpan, n.label(), n.role()));
    }

    public Graph build(List<Integer> results) {
        return new Graph(nodes, params, results);
    }
}
