package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Param;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Push;
import dev.gradc.ops.Rules;
import java.util.ArrayList;
import java.util.List;

/**
 * What a loop that keeps its state keeps of a carried array whose next value is only its old value written
 * at a few entries ({@code z[i] = e}, {@code z[a:a+3] = e}, {@code z[:, j] = e}, {@code acc[i] += e}, and the
 * same writes of an int array, {@code order[i] = j}: a chain of element and row writes,
 * {@link dev.gradc.ops.Overwriting}
 * ops from the carried value to the body's result). Instead of the whole array per trip, the forward loop
 * pushes, per write, the entries it overwrites and its indices — O(entries) per write, so a loop of M writes
 * keeps O(M) values, not O(M²). The adjoint loop, which carries the state after the trip it reverses, gets
 * the state before it by writing those entries back, last write first. A chain whose overwritten entries no
 * later read needs ({@link UnreadEntries}) keeps nothing: its adjoint loop reads the final array as it is. A swap of
 * two lines ({@link #swapOf}) keeps only its indices: the adjoint loop swaps the lines back.
 */
final class Journal {

    private final Graph body;
    /** Per carried value: the writes of its chain, first to last, or null when it is kept whole. */
    private final List<List<Node>> chains = new ArrayList<>();
    /** Per write of every chain in body order: the position of its first stack (the old entries; then indices). */
    private final java.util.Map<Integer, Integer> firstStack = new java.util.HashMap<>();
    private final List<Type> stackTypes = new ArrayList<>();
    /** The carried values whose writes overwrite only entries no later read needs ({@link UnreadEntries}). */
    private final java.util.Set<Integer> unread = new java.util.HashSet<>();
    /** Per cond node a chain passes through and some branch of it writes: how ({@link JournalBranches}). */
    private final java.util.Map<Integer, JournalBranches.Through> conds = new java.util.HashMap<>();

    /** Per inner loop a chain passes through and writes in: how ({@link JournalLoops}). */
    private final java.util.Map<Integer, JournalLoops.Through> loops = new java.util.HashMap<>();
    /** Whether this is an inner loop's or a branch's journal for its outer loop: every index kept, none unread. */
    private final boolean outer;
    /** Whether this is a branch's journal: a chain starts at any parameter, not the one of its result. */
    private final boolean branch;
    /** Whether every write is kept, none unread: an inner loop's journal handed to its outer loop ({@link #handedBy}). */
    private final boolean keepAll;
    /** Per carried value whose chain ends in an inner loop handed on ({@link HandedLoops}): that loop's node. */
    private final java.util.Map<Integer, Node> handed = new java.util.HashMap<>();
    /** Per journaled chain: the parameter it starts from (by position). */
    private final java.util.Map<Integer, Integer> starts = new java.util.HashMap<>();
    /**
     * The writes that are the two halves of a swap ({@link #swapOf}): neither keeps the entries it overwrites,
     * only its indices; the reversal swaps the two lines back.
     */
    private final java.util.Set<Integer> swaps = new java.util.HashSet<>();
    /**
     * For a handed loop's journal of an elimination's row updates ({@link EliminationRows}): the body's parameter
     * that is the column whose entry each trip keeps instead of the row it overwrites; -1 for none.
     */
    private final int column;
    /** The writes that keep the one entry of {@link #column} in the row they overwrite, not the row. */
    private final java.util.Set<Integer> entries = new java.util.HashSet<>();
    /**
     * The carried values whose chain ends in a handed loop that keeps one entry per row ({@link EliminationRows}):
     * the adjoint loop's last state is not the array before the loop.
     */
    private final java.util.Set<Integer> inexact = new java.util.HashSet<>();
    /**
     * Whether this is the journal of a handed loop inside an elimination's trailing-submatrix update, or of its
     * element loop ({@link TrailingUpdates}): the element loop's write keeps none of the entries it overwrites.
     */
    private final boolean trailing;
    /** The element writes of a trailing update ({@link TrailingUpdates}): no entry kept, nothing written back. */
    private final java.util.Set<Integer> dropped = new java.util.HashSet<>();

    Journal(Graph body, int carried) {
        this(body, carried, -1, false, false, false, -1, false);
    }

    /**
     * The journal an outer loop keeps of inner loop body {@code body}'s writes to its carried value {@code only}:
     * the outer adjoint loop knows none of the inner loop's parameters, so every index is kept.
     */
    static Journal forOuter(Graph body, int carried, int only) {
        return new Journal(body, carried, only, true, false, false, -1, false);
    }

    /**
     * The journal an inner loop with body {@code body} keeps of its writes to its carried value {@code only} for
     * an outer loop that hands it on ({@link HandedLoops}): every write kept (the outer loop's reversal needs the
     * array as it was before the inner loop), but indices that are the inner body's parameters are not (the
     * inner adjoint loop knows them again).
     */
    static Journal handedBy(Graph body, int carried, int only) {
        return handedBy(body, carried, only, -1);
    }

    /**
     * As {@link #handedBy(Graph, int, int)}; when {@code column} is a parameter of the body (not -1), its one row
     * write keeps only the entry of that column in the row it overwrites ({@link EliminationRows} proves it enough).
     */
    static Journal handedBy(Graph body, int carried, int only, int column) {
        return handedBy(body, carried, only, column, false);
    }

    /**
     * As {@link #handedBy(Graph, int, int, int)}; when {@code trailing}, the loop is (the row loop or the element
     * loop of) a trailing-submatrix update that {@link TrailingUpdates} proved needs no journal of its entries:
     * its handed loops are journaled the same way, and an element write keeps no entry.
     */
    static Journal handedBy(Graph body, int carried, int only, int column, boolean trailing) {
        return new Journal(body, carried, only, false, false, true, column, trailing);
    }

    /**
     * The journal an outer loop keeps of a cond's branch {@code branch}'s writes to its result {@code result},
     * which starts from a parameter of the branch ({@link #start}): every index kept, as for an inner loop.
     */
    static Journal forBranch(Graph branch, int result) {
        return new Journal(branch, branch.results().size(), result, true, true, false, -1, false);
    }

    private Journal(Graph body, int count, int only, boolean outer, boolean branch, boolean keepAll, int column,
                    boolean trailing) {
        this.body = body;
        this.column = column;
        this.trailing = trailing;
        this.outer = outer;
        this.branch = branch;
        this.keepAll = keepAll;
        for (int j = 0; j < count; j++) {
            chains.add(only < 0 || j == only ? chain(body, count, j) : null);
        }
        for (Node n : body.nodes()) {
            if (firstStack.containsKey(n.id())) {
                firstStack.put(n.id(), stackTypes.size());
                if (entries.contains(n.id())) {
                    stackTypes.add(new Type.Stack(Type.SCALAR));
                } else if (!keepsNoEntry(n.id())) {
                    stackTypes.add(new Type.Stack(body.type(n.input(1))));
                }
                for (int k = 2; k < n.inputs().size(); k++) {
                    if (!isParam(n.input(k))) {
                        stackTypes.add(new Type.Stack(Type.INT));
                    }
                }
            }
            JournalBranches.Through t = conds.get(n.id());
            if (t != null) {
                firstStack.put(n.id(), stackTypes.size());
                stackTypes.addAll(t.stackTypes());
            }
            JournalLoops.Through l = loops.get(n.id());
            if (l != null) {
                firstStack.put(n.id(), stackTypes.size());
                stackTypes.addAll(l.stackTypes());
            }
        }
    }

    private List<Node> chain(Graph body, int carried, int j) {
        Type type = body.type(body.result(j));
        if (!(type instanceof Type.Real r && !r.isScalar() || type instanceof Type.IntArray)) {
            return null;
        }
        List<Node> chain = new ArrayList<>();
        Node handedLoop = null;
        java.util.Map<Integer, JournalBranches.Through> through = new java.util.HashMap<>();
        java.util.Map<Integer, JournalLoops.Through> inner = new java.util.HashMap<>();
        Node n = body.node(body.result(j));
        while (true) {
            if (JournalWrites.isWrite(n)) {
                chain.add(0, n);
                n = body.node(n.input(0));
                continue;
            }
            Node c = n.op() instanceof Proj ? body.node(n.input(0)) : null;
            boolean loop = c != null && c.op() instanceof dev.gradc.ops.While && !loops.containsKey(c.id())
                    && !inner.containsKey(c.id());
            boolean hands = loop && chain.isEmpty() && !outer && !branch
                    && HandedLoops.qualifies(body, carried, c, ((Proj) n.op()).index());
            JournalLoops.Through l = !loop ? null
                    : hands ? JournalLoops.handed(body, carried, c, ((Proj) n.op()).index(), !keepAll, -1, trailing)
                    : JournalLoops.of(c, ((Proj) n.op()).index());
            if (l != null) {
                if (hands) {
                    handedLoop = c;
                }
                chain.add(0, c); // the writes of its trips, kept and restored by a loop
                inner.put(c.id(), l);
                n = body.node(c.input(l.carried()));
                continue;
            }
            JournalBranches.Through t = c != null && c.op() instanceof Cond && !conds.containsKey(c.id())
                    ? JournalBranches.of(c, ((Proj) n.op()).index()) : null;
            if (t == null) {
                break;
            }
            if (!t.unchanged()) {
                chain.add(0, c); // the writes of its branches, kept and restored as one
                through.put(c.id(), t);
            }
            n = body.node(c.input(1 + t.param()));
        }
        int p = body.params().indexOf(n.id());
        if (p < 0 || !branch && p != j || chain.isEmpty()) {
            return null;
        }
        starts.put(j, p);
        if (!outer && !keepAll && through.isEmpty() && inner.isEmpty() && UnreadEntries.of(body, carried, j, chain)) {
            unread.add(j); // the adjoint loop reads the final array: nothing to keep or write back
            return chain;
        }
        conds.putAll(through);
        loops.putAll(inner);
        if (handedLoop != null) {
            handed.put(j, handedLoop);
        }
        for (Node w : chain) {
            if (!through.containsKey(w.id()) && !inner.containsKey(w.id())) {
                firstStack.put(w.id(), -1);
            }
        }
        for (int t = 1; t < chain.size(); t++) {
            if (!swaps.contains(chain.get(t - 1).id()) && swapOf(body, chain.get(t - 1), chain.get(t))) {
                swaps.add(chain.get(t - 1).id());
                swaps.add(chain.get(t).id());
            }
        }
        if (column >= 0 && chain.size() == 1 && chain.get(0).op() instanceof dev.gradc.ops.Update u && u.count() == 1) {
            entries.add(chain.get(0).id()); // the row's entry in the column, not the row (EliminationRows)
        }
        if (trailing) {
            inexact.add(j); // a trailing update's reversal writes nothing back (TrailingUpdates)
            if (chain.size() == 1 && chain.get(0).op() instanceof dev.gradc.ops.Update u && u.count() == 2) {
                dropped.add(chain.get(0).id());
            }
        }
        if (handedLoop != null && !outer && !keepAll && !branch) {
            int index = loops.get(handedLoop.id()).carried();
            int kept = EliminationRows.column(body, carried, p, handedLoop, index);
            if (kept >= 0) {
                loops.put(handedLoop.id(), JournalLoops.handed(body, carried, handedLoop, index, true, kept));
                inexact.add(j);
            } else if (TrailingUpdates.of(body, carried, p, handedLoop, index)) {
                loops.put(handedLoop.id(), JournalLoops.handed(body, carried, handedLoop, index, true, -1, true));
                inexact.add(j);
            }
        }
        return chain;
    }

    /**
     * Whether write {@code second} of {@code body} after write {@code first} swaps two lines of the array x they
     * write, read before both: {@code first = (x[a] = x[b])}, {@code second = (first[b] = x[a])}, where a line is
     * what {@link #lineRead} reads (a row, an entry, a column; never a slice, as two slices may overlap), the same
     * op and the same index nodes. The array before them is then the array after them with the two lines swapped
     * again, exactly (copies), also when a = b (both writes then leave x as it was), so neither write keeps the
     * line it overwrites, only its indices. At least one index must be kept (a swap at two parameters is left to
     * the plain writes' journal: the rule from when a journal that kept nothing read as one that restores nothing,
     * kept so that such loops are reversed as before; {@link CheckpointJournal#journaled}).
     */
    private boolean swapOf(Graph body, Node first, Node second) {
        Primitive read = lineRead(first);
        if (read == null || !first.op().equals(second.op()) || second.input(0) != first.id()) {
            return false;
        }
        int x = first.input(0);
        List<Integer> a = first.inputs().subList(2, first.inputs().size());
        List<Integer> b = second.inputs().subList(2, second.inputs().size());
        if (!reads(body.node(first.input(1)), read, x, b) || !reads(body.node(second.input(1)), read, x, a)) {
            return false;
        }
        return a.stream().anyMatch(i -> !isParam(i)) || b.stream().anyMatch(i -> !isParam(i));
    }

    /**
     * The op that reads the one line write w replaces, as the program reads it before a swap: {@code x[i]} or
     * {@code x[i, :]} for {@code x[i] = v} (an {@link dev.gradc.ops.Update}, real or int), {@code x[:, j]} for a
     * column write; null for any other write (slices, {@code +=}).
     */
    private static Primitive lineRead(Node w) {
        if (w.op() instanceof dev.gradc.ops.Update u) {
            return new dev.gradc.ops.Index(u.count());
        }
        if (w.op() instanceof dev.gradc.ops.ColumnUpdate) {
            return new dev.gradc.ops.Column();
        }
        if (w.op() instanceof dev.gradc.ops.IntUpdate u && u.length() == null) {
            return new dev.gradc.ops.IntIndex(u.count());
        }
        if (w.op() instanceof dev.gradc.ops.IntColumn c && c.write()) {
            return new dev.gradc.ops.IntColumn(false);
        }
        return null;
    }

    /** Whether v is {@code read} of array x at the indices {@code at}. */
    private static boolean reads(Node v, Primitive read, int x, List<Integer> at) {
        return v.op().equals(read) && v.input(0) == x && v.inputs().subList(1, v.inputs().size()).equals(at);
    }

    /**
     * Whether write id keeps none of the entries it overwrites: a half of a swap (the reversal swaps the lines back)
     * or an element write of a trailing update (nothing written back).
     */
    private boolean keepsNoEntry(int id) {
        return swaps.contains(id) || dropped.contains(id);
    }

    /** How many stacks plain write n keeps: the entries it overwrites (not for a swap's), then its kept indices. */
    private int stackCount(Node n) {
        int count = keepsNoEntry(n.id()) ? 0 : 1;
        for (int k = 2; k < n.inputs().size(); k++) {
            count += isParam(n.input(k)) ? 0 : 1;
        }
        return count;
    }

    /**
     * Whether node id is a parameter of the body: an index that is one (the loop's counter {@code i} in
     * {@code z[i] = e}) is known in the adjoint loop already (popped or invariant) and is not kept again.
     */
    private boolean isParam(int id) {
        return !outer && body.node(id).op() instanceof Param;
    }

    /**
     * Whether {@link #restore} of carried value j pops, as the index of a plain write of its chain, parameter node
     * {@code param}'s value ({@link #indices}): it then learns that value.
     */
    boolean popsIndex(int j, int param) {
        List<Node> chain = chains.get(j);
        if (chain == null || unread.contains(j) || handed.containsKey(j)) {
            return false;
        }
        for (Node n : chain) {
            if (conds.containsKey(n.id()) || loops.containsKey(n.id())) {
                continue;
            }
            for (int k = 2; k < n.inputs().size(); k++) {
                if (n.input(k) == param && !isParam(param)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The parameter (by position) the chain of journaled value j starts from: j itself in a loop body. */
    int start(int j) {
        return starts.get(j);
    }

    /**
     * The inner loop that ends the chain of carried value j and whose journal the loop hands on ({@link
     * HandedLoops}), or null: its reversal, not {@link #restore}, gives the array before it.
     */
    Node handed(int j) {
        return handed.get(j);
    }

    /** How the chain passes through inner loop node {@code loop}, and the position of its first stack. */
    JournalLoops.Through through(int loop) {
        return loops.get(loop);
    }

    /** How the chains pass through inner loops, in body order. */
    List<JournalLoops.Through> throughLoops() {
        return loops.values().stream().sorted(java.util.Comparator.comparingInt(l -> l.loop().id())).toList();
    }

    /** The position of the first stack of chain element {@code id} (a write, a cond or an inner loop). */
    int firstStack(int id) {
        return firstStack.get(id);
    }

    /**
     * Whether carried value j's writes overwrite only entries no later read needs ({@link UnreadEntries}): the
     * adjoint loop reads the final array and does not write the overwritten entries back.
     */
    boolean unread(int j) {
        return unread.contains(j);
    }

    /**
     * Whether the adjoint loop's last state of carried value j is the array before the loop: false when its writes
     * are unread ({@link #unread}) or an elimination's rows keep one entry each ({@link EliminationRows}).
     */
    boolean exact(int j) {
        return !unread.contains(j) && !inexact.contains(j);
    }

    /**
     * Whether this is the journal of a loop of a trailing-submatrix update ({@link TrailingUpdates}: the row loop or
     * its element loop), which keeps none of the entries the element loop overwrites and writes nothing back.
     */
    boolean trailing() {
        return trailing;
    }

    /**
     * Whether this is the journal of a trailing update's element loop ({@link TrailingUpdates}) that keeps
     * nothing: its element write is dropped and it has no stacks, so its reversal pops nothing per trip.
     */
    boolean trailingElements() {
        return trailing && !dropped.isEmpty() && stackTypes.isEmpty();
    }

    /** Whether carried value j is kept as the entries its writes overwrite, not whole. */
    boolean journaled(int j) {
        return chains.get(j) != null;
    }

    /** The types of the journal's stacks, in order. */
    List<Type> stackTypes() {
        return stackTypes;
    }

    /**
     * {@code total} plus the values one trip keeps, for a budget, as an int node of {@code c}'s graph: the stacks' elements, except
     * that an inner loop's journal counts per inner trip, times a bound of its trip count ({@link
     * JournalCount#throughLoop}).
     */
    int perTrip(JournalCount c, int total) {
        Rules g = c.g();
        for (Node n : body.nodes()) {
            Integer s = firstStack.get(n.id());
            if (s == null) {
                continue;
            }
            JournalLoops.Through l = loops.get(n.id());
            if (conds.containsKey(n.id())) {
                for (Graph b : ((Cond) n.op()).graphs()) {
                    c.link(b, body, n, true);
                }
                total = conds.get(n.id()).perTrip(c, total);
            } else if (l != null) {
                c.link(l.op().body(), body, n, false);
                total = c.throughLoop(body, l, l.inner().perTrip(c, g.intConstant(0)), total);
            } else {
                for (int e = s; e < s + stackCount(n); e++) {
                    total = g.add(total, c.size(((Type.Stack) stackTypes.get(e)).element()));
                }
            }
        }
        return total;
    }

    /**
     * Copies the body into {@code bg} with its parameters bound to {@code params}, pushing before each journaled
     * write its old entries and its indices onto the journal's stacks ({@code stacks}: their parameters);
     * {@code pushed} gets the stacks after the trip. Gives the id map.
     */
    int[] copyKeeping(Rules bg, int[] params, int[] stacks, int[] pushed) {
        System.arraycopy(stacks, 0, pushed, 0, stacks.length);
        int[] map = new int[body.size()];
        for (int i = 0; i < body.params().size(); i++) {
            map[body.params().get(i)] = params[i];
        }
        for (Node n : body.nodes()) {
            if (n.op() instanceof Param) {
                continue;
            }
            Integer s = firstStack.get(n.id());
            JournalBranches.Through t = conds.get(n.id());
            if (t != null) {
                map[n.id()] = JournalBranches.copyKeeping(bg, t, map, pushed, s);
                continue;
            }
            if (loops.containsKey(n.id())) {
                map[n.id()] = JournalLoops.copyKeeping(bg, loops.get(n.id()), map, pushed, s);
                continue;
            }
            if (s != null) {
                bg.builder().setSpan(n.span());
                int e = s;
                if (entries.contains(n.id())) {
                    int old = bg.apply(new dev.gradc.ops.Index(2), map[n.input(0)], map[n.input(2)], map[column]);
                    pushed[e] = bg.apply(new Push(), pushed[e], old);
                    e++;
                } else if (!keepsNoEntry(n.id())) {
                    pushed[e] = bg.apply(new Push(), pushed[e], JournalWrites.old(bg, body, n, map));
                    e++;
                }
                for (int k = 2; k < n.inputs().size(); k++) {
                    if (!isParam(n.input(k))) {
                        pushed[e] = bg.apply(new Push(), pushed[e], map[n.input(k)]);
                        e++;
                    }
                }
            }
            map[n.id()] = Copy.node(bg, n, map);
        }
        return map;
    }

    /**
     * The state of carried value j before the trip, from {@code after}, the state after it: its writes undone,
     * last first, each by writing back the entries popped from the journal's stacks ({@code popped}: their
     * values in the adjoint loop, updated to the stacks after the pops). {@code params}: the body's parameters
     * as known before the trip (indices that are parameters are read there). When the chain ends in a handed
     * loop ({@link #handed}), {@code after} is the array before that loop, which its reversal gave.
     */
    int restore(Rules bg, int j, int after, int[] popped, int[] params) {
        return restore(bg, j, after, popped, params, new java.util.HashMap<>());
    }

    /**
     * As {@link #restore(Rules, int, int, int[], int[])}; {@code learned} gets, per node of the body whose value in
     * the trip the restore comes to know exactly, that value in {@code bg}: a parameter that is a popped index
     * (a branch's journal keeps every index), and what a cond's restore knows ({@link JournalBranches#restore}).
     */
    int restore(Rules bg, int j, int after, int[] popped, int[] params, java.util.Map<Integer, Integer> learned) {
        List<Node> chain = chains.get(j);
        int c = after;
        if (unread.contains(j)) {
            return c; // what the reads of the trip see is the same in the final array
        }
        for (int t = chain.size() - (handed.containsKey(j) ? 2 : 1); t >= 0; t--) {
            Node n = chain.get(t);
            bg.builder().setSpan(n.span());
            int s = firstStack.get(n.id());
            if (conds.containsKey(n.id())) {
                c = JournalBranches.restore(bg, body, conds.get(n.id()), c, popped, s, params, learned);
                continue;
            }
            if (loops.containsKey(n.id())) {
                c = JournalLoops.restore(bg, loops.get(n.id()), c, popped, s);
                continue;
            }
            if (swaps.contains(n.id())) { // the second write of a swap, chain.get(t - 1) the first
                Node first = chain.get(t - 1);
                List<Integer> b = indices(bg, n, s, popped, params, learned);
                List<Integer> a = indices(bg, first, firstStack.get(first.id()), popped, params, learned);
                c = swapBack(bg, first, n, c, a, b);
                t--;
                continue;
            }
            if (dropped.contains(n.id())) { // no entry written back (TrailingUpdates); its kept indices popped
                indices(bg, n, s, popped, params, learned);
                continue;
            }
            List<Integer> in = indices(bg, n, s + 1, popped, params, learned);
            int pop = bg.apply(new Pop(), popped[s]);
            popped[s] = bg.proj(pop, 0);
            in.add(0, bg.proj(pop, 1));
            in.add(0, c);
            if (entries.contains(n.id())) { // the row's entry in the column written back, the row's others left
                in.add(params[body.params().indexOf(column)]);
                c = bg.apply(new dev.gradc.ops.Update(2), in);
                continue;
            }
            c = bg.apply(JournalWrites.writeBack(n), in);
        }
        return c;
    }

    /**
     * The indices of plain write n, in order: those that are parameters as known before the trip ({@code
     * params}), the others popped from their stacks, which start at {@code first} in {@code popped} (updated).
     */
    private List<Integer> indices(Rules bg, Node n, int first, int[] popped, int[] params,
                                  java.util.Map<Integer, Integer> learned) {
        int e = first - 1;
        for (int k = 2; k < n.inputs().size(); k++) {
            e += isParam(n.input(k)) ? 0 : 1;
        }
        List<Integer> in = new ArrayList<>();
        for (int k = n.inputs().size() - 1; k >= 2; k--) {
            if (isParam(n.input(k))) {
                in.add(0, params[body.params().indexOf(n.input(k))]);
                continue;
            }
            int pop = bg.apply(new Pop(), popped[e]);
            popped[e] = bg.proj(pop, 0);
            in.add(0, bg.proj(pop, 1));
            if (body.node(n.input(k)).op() instanceof Param) { // the parameter's value in the trip
                learned.putIfAbsent(n.input(k), bg.proj(pop, 1));
            }
            e--;
        }
        return in;
    }

    /**
     * Array c, after the swap of writes {@code first} (at indices a) and {@code second} (at b) ({@link #swapOf}),
     * with the same two lines swapped again: the array before the swap, as the program's form reads it — line a
     * read first, line b written into a, then the line read into b.
     */
    private static int swapBack(Rules bg, Node first, Node second, int c, List<Integer> a, List<Integer> b) {
        Primitive line = lineRead(first);
        List<Integer> at = new ArrayList<>(List.of(c));
        at.addAll(a);
        int lineA = bg.apply(line, at);
        List<Integer> other = new ArrayList<>(List.of(c));
        other.addAll(b);
        int lineB = bg.apply(line, other);
        bg.builder().setSpan(first.span());
        List<Integer> written = new ArrayList<>(List.of(c, lineB));
        written.addAll(a);
        int half = bg.apply((Primitive) first.op(), written);
        bg.builder().setSpan(second.span());
        List<Integer> back = new ArrayList<>(List.of(half, lineA));
        back.addAll(b);
        return bg.apply((Primitive) second.op(), back);
    }
}
