package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.BoolConstant;
import dev.gradc.ops.While;
import dev.gradc.runtime.IterationLimitException;
import dev.gradc.runtime.Rows;
import java.util.ArrayList;
import java.util.List;

/**
 * Regions as plain Java, one method per region: a {@code while} region is a Java {@code while} whose loop-carried values
 * are locals reassigned at the end of each iteration, with an iteration counter against the class's limit.
 * A {@code cond} is {@link CondCode}'s, stacks are {@link StackCode}'s, the room a loop reserves on its stacks
 * {@link StackReservations}'.
 */
final class RegionCode {

    /** The longest name of a helper method named after the method it is split from ({@link #splitGraph}). */
    static final int LONG_NAME = 60;

    private final GraphCode gc;

    RegionCode(GraphCode gc) {
        this.gc = gc;
    }

    void loop(Node n, While w) {
        gc.m.comment(n);
        CheckpointCode.comment(gc, w);
        int carried = w.carried();
        boolean split = splits(w, w.body());
        // a carried matrix this code holds as rows for a loop that holds it in turn: a body split into methods
        // holds none, and reads and writes the flat array, joined before it and copied back into the rows after
        String[] outerHeld = new String[carried];
        String[] joined = new String[n.inputs().size()];
        for (int k = 0; k < carried; k++) {
            outerHeld[k] = split ? gc.storage.heldRowsOf(n.input(k)) : null;
            if (outerHeld[k] != null) {
                joined[k] = gc.m.names.newName(Names.clean(gc.value(n.input(k)).code()) + "Joined");
                gc.m.code.addStatement("double[] $L = $T.join($L, $L)", joined[k], Rows.class, outerHeld[k],
                        WorkspaceCode.scratch(gc.m, JavaTypes.size(JavaTypes.shape(gc.g.type(n.input(k))),
                                gc.m.sizeVars).code()));
            }
        }
        // matrices held as rows because the loop nest addresses them by entries and rows (EntryRows): per input,
        // the rows of one this code holds already (the loop reads it, or carries it and holds it in turn), and per
        // carried value, whether this loop holds it (split before the loop, joined after it where it is read)
        String[] entry = new String[n.inputs().size()];
        boolean[] entrySplit = new boolean[carried];
        for (int k = 0; k < n.inputs().size(); k++) {
            entry[k] = gc.storage.entryRowsOf(n.input(k));
            int taker = gc.storage.takerOf(n.input(k));
            if (entry[k] != null && taker >= 0 && taker != n.id()) {
                // rows a loop before handed over to a later loop (handOver): this one reads a flat copy
                joined[k] = gc.m.names.newName(Names.clean(gc.value(n.input(k)).code()) + "Joined");
                gc.m.code.addStatement("double[] $L = $T.join($L, $L)", joined[k], Rows.class, entry[k],
                        WorkspaceCode.scratch(gc.m, JavaTypes.size(JavaTypes.shape(gc.g.type(n.input(k))),
                                gc.m.sizeVars).code()));
                entry[k] = null;
            }
            if (entry[k] != null && split) {
                throw new IllegalStateException("a loop split into methods given a matrix held as rows: %" + n.id());
            }
            if (k < carried) {
                // only a loop run once per call splits and joins: inside another loop, once per trip of that
                // loop, the copies would cost what the rows save
                entrySplit[k] = entry[k] == null && !split && gc.plan.storage.outsideLoops()
                        && EntryRows.holds(w, k, this::splits);
            }
            if (entry[k] != null && k < carried) {
                new OverwriteCode(gc).entryRegion(n, gc.info.rep(n.input(k)));
            }
        }
        List<String> vars = new ArrayList<>();
        List<Expr> params = new ArrayList<>();
        List<Integer> reused = new ArrayList<>();
        boolean[] owned = new boolean[carried];
        boolean[] overwritten = dev.gradc.passes.InPlaceWrites.ownedCarried(w.body(), carried, gc.known());
        for (int k = 0; k < n.inputs().size(); k++) {
            int in = gc.info.rep(n.input(k));
            Expr init = joined[k] != null ? Expr.atom(joined[k]) : gc.value(in);
            if (k >= carried) {
                params.add(init);
                continue;
            }
            String var;
            Type t = gc.g.type(in);
            if (entry[k] != null || entrySplit[k]) {
                // held as rows: the flat array is not written while the rows hold the matrix, nor copied; a loop
                // given rows held already goes on with the variable it is given
                if (entry[k] != null && javax.lang.model.SourceVersion.isName(init.code())) {
                    var = init.code();
                } else {
                    String label = gc.info.projLabel(n.id(), k);
                    String inner = w.body().node(w.body().params().get(k)).label();
                    var = gc.m.names.newName(label != null ? label : inner != null ? inner : gc.g.node(in).label());
                    gc.m.declare(JavaTypes.of(t), var, init.block());
                }
                vars.add(var);
                params.add(Expr.atom(var));
                continue;
            }
            boolean reuse = gc.mayReuse(in) && !reused.contains(in);
            boolean takes = !reuse && overwritten[k] && writable(t) && takesOver(n, k, in);
            if (reuse || takes && javax.lang.model.SourceVersion.isName(init.code())) {
                // the loop takes over the variable of a value read by nothing else, or of an array this code owns
                reused.add(in);
                var = init.code();
                owned[k] = writable(t);
            } else {
                String label = gc.info.projLabel(n.id(), k);
                String inner = w.body().node(w.body().params().get(k)).label();
                String outer = t instanceof Type.Stack ? "stack" : gc.g.node(in).label();
                var = gc.m.names.newName(label != null ? label : inner != null ? inner : outer);
                if (takes) {
                    // an array this code owns, dead after the loop: the loop writes it in place, no copy
                    gc.m.declare(JavaTypes.of(t), var, init.block());
                    owned[k] = true;
                } else if (overwritten[k] && writable(t)) {
                    // the body writes entries of this array in place: the loop takes a copy of its own, once
                    // (a checkpointed loop's segment: into a buffer of its sweep, see CheckpointCode.segmentCopy)
                    if (t instanceof Type.IntArray) {
                        gc.m.code.addStatement("$T $L = $L.clone()", JavaTypes.of(t), var, init.block());
                    } else if (!CheckpointCode.segmentCopy(gc, w, t, var, init) && !(t instanceof Type.Real
                            && gc.storage.copyIntoBuffer(n, k, var, init.block(), JavaTypes.size(JavaTypes.shape(t),
                            gc.m.sizeVars).code()))) {
                        gc.m.declare(JavaTypes.of(t), var, WorkspaceCode.copy(gc.m, init.block()));
                    }
                    owned[k] = true;
                } else {
                    gc.m.declare(JavaTypes.of(t), var, init.block());
                }
            }
            vars.add(var);
            params.add(Expr.atom(var));
        }
        GraphCode body = split ? null : gc.body(n, w, params, owned);
        GraphInfo bodyInfo = split ? new GraphInfo(w.body()) : body.info;
        String[] held = split ? new String[carried] : holdRows(n, w, body, vars, params);
        String[] entryHeld = new String[carried];
        for (int k = 0; !split && k < n.inputs().size(); k++) {
            int p = w.body().params().get(k);
            if (entry[k] != null) {
                body.storage.holdEntries(p, entry[k]);
            } else if (k < carried && entrySplit[k]) {
                Type.Real r = (Type.Real) w.body().type(p);
                entryHeld[k] = gc.m.names.newName(vars.get(k) + "Rows");
                gc.m.code.addStatement("double[][] $L = $L", entryHeld[k], WorkspaceCode.split(gc.m, vars.get(k),
                        JavaTypes.product(List.of(r.shape().dim(0)), gc.m.sizeVars).code(),
                        JavaTypes.product(List.of(r.shape().dim(1)), gc.m.sizeVars).code()));
                body.storage.holdEntries(p, entryHeld[k]);
            }
        }
        StackReservations.reserve(gc, n, w, bodyInfo, vars, params);
        CodeBlock.Builder preamble = CodeBlock.builder();
        if (!split) {
            body.storage.reuseInto(preamble);
            body.storage.hoistInto(gc.storage.forInnerLoops());
            body.storage.alternateOutward(k -> gc.plan.storage.diesInTrip(n.id(), k));
            body.loop = w;
            CheckpointCode.hoist(gc, body, w, preamble);
        }
        CodeBlock.Builder before = gc.m.swap(CodeBlock.builder());
        CodeBlock.Builder outer = gc.m.swap(CodeBlock.builder());
        gc.m.loops++;
        GraphCode cond = gc.sub(w.condition(), params, true);
        List<Expr> c = cond.emitAll();
        CodeBlock condCode = gc.m.swap(outer).build();
        CountedLimit counted = condCode.isEmpty() ? CountedLimit.of(gc, w, cond, c.get(0), vars) : null;
        boolean mayGuard = mayGuard(w, condCode);
        String counter = null;
        if (counted != null) {
            counted.open();
        } else {
            counter = gc.m.names.newName("iterations");
            // a guarded loop's trips are reported after its guard (CheckpointCode.count): counted from before it
            (mayGuard ? before : gc.m.code).addStatement("long $L = 0", counter);
            open(w, condCode, c.get(0), counter);
        }
        if (!split) {
            CheckpointCode.startTrip(body);
        }
        List<Expr> next = split ? splitGraph(bodyInfo, "Loop", params, preamble, owned, n) : body.emitAll();
        assignCarried(vars, next, body, bodyInfo);
        gc.m.loops--;
        gc.m.code.endControlFlow();
        if (counted != null) {
            counted.close();
        } else if (!mayGuard) {
            CheckpointCode.count(gc, w, counter);
        }
        CodeBlock loopCode = gc.m.swap(before).build();
        CodeBlock made = preamble.build();
        if (mayGuard && !made.isEmpty()) {
            // a loop of a checkpointing schedule runs no trip when another part of the schedule takes them all (the
            // binomial sweeps when the write journal keeps every trip): what it makes before its first trip, only then
            gc.m.code.beginControlFlow("if ($L)", c.get(0).block());
            gc.m.code.add(made);
            gc.m.code.add(loopCode);
            gc.m.code.endControlFlow();
        } else {
            gc.m.code.add(made);
            gc.m.code.add(loopCode);
        }
        if (counted == null && mayGuard) {
            CheckpointCode.count(gc, w, counter);
        }
        for (int k = 0; k < carried; k++) {
            if (outerHeld[k] != null) {
                gc.m.code.addStatement("$T.into($L, $L)", Rows.class, vars.get(k), outerHeld[k]);
            }
        }
        for (int k = 0; k < held.length; k++) {
            if (held[k] == null) {
                continue;
            }
            if (owned[k]) {
                gc.m.code.addStatement("$T.join($L, $L)", Rows.class, held[k], vars.get(k));
            } else {
                gc.m.code.addStatement("$L = $T.join($L, $L)", vars.get(k), Rows.class, held[k], WorkspaceCode.scratch(gc.m,
                        JavaTypes.size(JavaTypes.shape(w.body().type(w.body().params().get(k))), gc.m.sizeVars).code()));
            }
        }
        int[] handed = new int[carried];
        java.util.Arrays.fill(handed, -1);
        for (int k = 0; k < carried; k++) {
            // a matrix this loop held as rows, joined back where its result is read, or its rows handed over
            handed[k] = entryHeld[k] != null ? handover(n, k) : -1;
            if (handed[k] >= 0) {
                gc.m.code.add("// $L stays in its rows: handed over to the loop of $L, not joined\n", vars.get(k),
                        ((While) gc.g.node(handed[k]).op()).where());
            } else if (entryHeld[k] != null && partRead(n, k)) {
                gc.m.code.addStatement("$L = $T.join($L, $L)", vars.get(k), Rows.class, entryHeld[k], WorkspaceCode.scratch(gc.m,
                        JavaTypes.size(JavaTypes.shape(w.body().type(w.body().params().get(k))), gc.m.sizeVars).code()));
            }
        }
        gc.m.commented(n);
        gc.bindParts(n.id(), vars);
        for (int k = 0; k < carried; k++) {
            for (int id = n.id() + 1; handed[k] >= 0 && id < gc.g.size(); id++) {
                Node u = gc.g.node(id);
                if (u.op() instanceof dev.gradc.ops.Proj p && p.index() == k && gc.info.rep(u.input(0)) == n.id()) {
                    gc.storage.handOver(id, entryHeld[k], handed[k]);
                }
            }
        }
        for (int k = 0; k < carried; k++) {
            if (entry[k] != null) {
                // carried through and held in turn: the loop's result is the same rows
                for (int id = n.id() + 1; id < gc.g.size(); id++) {
                    Node u = gc.g.node(id);
                    if (u.op() instanceof dev.gradc.ops.Proj p && p.index() == k && gc.info.rep(u.input(0)) == n.id()) {
                        gc.storage.holdEntries(id, entry[k]);
                    }
                }
            }
        }
        for (int k = 0; k < carried; k++) {
            if (owned[k] && overwritten[k] && !gc.plan.storage.resultReused(n.id(), k)) {
                markParts(n, k); // the loop's own array, passed on: a later write may change it in place
            }
        }
    }

    /**
     * The loop to which loop n hands over the rows in which it held its carried matrix k ({@link EntryRows}),
     * instead of joining them into the flat array its result is: or -1, joined. The proof obligations: result k
     * has one projection, no result of this graph, read only by loops of this graph, each taking it as one input
     * (and by budgets, which read its size);
     * the last of them (the taker) takes it as a carried value it may go on with as rows ({@link
     * EntryRows#takes}: reads by entries and rows, row stores, swaps, and nothing that needs the flat array), is
     * no loop split into methods, and gives back a result k no one reads. The taker may write the rows (a swap
     * undone): it runs last, so no reader sees them written. Every other loop reads a flat copy joined from the
     * rows just before it ({@link #loop}): the rows are not written between this loop and the taker, so the copy
     * is the flat matrix. An elimination's write journal hands its rows to its reversal, and a loop that reads the
     * matrix after it (the checkpointed trips past the journal) joins them where it starts.
     */
    private int handover(Node n, int k) {
        int proj = -1;
        for (int id = n.id() + 1; id < gc.g.size(); id++) {
            Node u = gc.g.node(id);
            if (gc.info.emits(id) && u.op() instanceof dev.gradc.ops.Proj p && p.index() == k
                    && gc.info.rep(u.input(0)) == n.id()) {
                if (proj >= 0) {
                    return -1;
                }
                proj = id;
            }
        }
        if (proj < 0 || gc.info.uses(proj) == 0) {
            return -1;
        }
        for (int r : gc.g.results()) {
            if (gc.info.rep(r) == proj) {
                return -1;
            }
        }
        int taker = -1;
        for (int id = proj + 1; id < gc.g.size(); id++) {
            Node u = gc.g.node(id);
            if (!gc.info.emits(id)) {
                continue;
            }
            int count = 0;
            for (int q = 0; q < u.inputs().size(); q++) {
                if (gc.info.rep(u.input(q)) == proj) {
                    count++;
                }
            }
            if (count == 0 || u.op() instanceof dev.gradc.ops.CheckpointBudget) {
                continue; // a budget reads its inputs' types, not their values (CheckpointCode.budget)
            }
            if (count > 1 || !(u.op() instanceof While)) {
                return -1;
            }
            taker = id;
        }
        if (taker < 0) {
            return -1;
        }
        Node t = gc.g.node(taker);
        While tw = (While) t.op();
        int q = -1;
        for (int i = 0; i < t.inputs().size(); i++) {
            if (gc.info.rep(t.input(i)) == proj) {
                q = i;
            }
        }
        return q < tw.carried() && !splits(tw, tw.body()) && EntryRows.takes(tw, q, this::splits)
                && !partRead(t, q) ? taker : -1;
    }

    /** Whether result k of region n is read: one of its projections is used. */
    private boolean partRead(Node n, int k) {
        for (int id = n.id() + 1; id < gc.g.size(); id++) {
            Node u = gc.g.node(id);
            if (gc.info.emits(id) && u.op() instanceof dev.gradc.ops.Proj p && p.index() == k
                    && gc.info.rep(u.input(0)) == n.id() && gc.info.uses(id) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether loop w, built for a checkpointing schedule (not a write journal's, which runs whenever the budget
     * allows a trip), may run inside {@code if (its condition)}, so that the buffers, frames and stacks made once
     * before its first trip are not made when it runs none: its condition is
     * an expression of the carried values (no statements before it, {@code condCode}), evaluated once more there,
     * and no constant. When it holds for a loop and its condition first fails, the loop's limit check after it
     * ({@link CountedLimit#close}, the same condition) would not throw either.
     */
    private static boolean mayGuard(While w, CodeBlock condCode) {
        Graph c = w.condition();
        return w.checkpoint() != null && w.checkpoint().note() != null
                && !w.checkpoint().note().startsWith(dev.gradc.ops.Checkpoint.JOURNAL) && condCode.isEmpty()
                && !(c.node(c.result(0)).op() instanceof BoolConstant);
    }

    /**
     * Opens loop w's Java loop, whose test is {@code test} after {@code condCode}, counting its trips against the
     * limit on every trip (loops not counted; counted ones: {@link CountedLimit}).
     */
    private void open(While w, CodeBlock condCode, Expr test, String counter) {
        if (condCode.isEmpty() && w.condition().node(w.condition().result(0)).op() instanceof BoolConstant k) {
            // a constant condition would make javac reject the code after the loop (true) or its body (false)
            // as unreachable: only the iteration limit ends a loop whose condition is always true
            String flag = gc.m.names.newName(k.value() ? "endless" : "never");
            gc.m.code.addStatement("boolean $L = $L", flag, k.value());
            gc.m.code.beginControlFlow("while ($L)", flag);
        } else if (condCode.isEmpty()) {
            gc.m.code.beginControlFlow("while ($L)", test.block());
        } else {
            gc.m.code.beginControlFlow("while (true)");
            gc.m.code.add(condCode);
            gc.m.code.beginControlFlow("if (!$L)", test.in(Expr.ATOM));
            gc.m.code.addStatement("break");
            gc.m.code.endControlFlow();
        }
        String limit = gc.m.limit();
        gc.m.code.beginControlFlow("if (++$L > $L)", counter, limit);
        gc.m.code.addStatement("throw new $T($S, $L)", IterationLimitException.class, w.where(), limit);
        gc.m.code.endControlFlow();
    }

    /**
     * Whether loop n, whose body writes its carried array k in place, may take input k's array (node {@code in})
     * without a copy: the one ownership rule of the compiled code — k is the only input that is that array, the
     * array is this code's alone ({@link StorageCode#ownsArray}: a write's, a loop's result that loop kept its
     * own, a carried value of the loop whose body this is that it keeps its own from trip to trip), and nothing
     * reads it after the loop ({@link OverwriteCode#mayOverwrite}). An adjoint loop inside an adjoint loop then
     * adds into the outer loop's sums themselves, and a loop after a write writes the write's array.
     */
    private boolean takesOver(Node n, int k, int in) {
        long same = n.inputs().stream().filter(x -> gc.info.rep(x) == in).count();
        return same == 1 && gc.storage.ownsArray(in) && new OverwriteCode(gc).mayOverwrite(n, in);
    }

    /** Whether values of type t are arrays that a write may change in place: real, bool and int arrays. */
    static boolean writable(Type t) {
        return JavaTypes.isArray(t) || t instanceof Type.IntArray;
    }

    /** Marks the parts {@code r} of region n as arrays this code owns. */
    void markParts(Node n, int r) {
        for (int id = n.id() + 1; id < gc.g.size(); id++) {
            Node u = gc.g.node(id);
            if (u.op() instanceof dev.gradc.ops.Proj p && p.index() == r && u.input(0) == n.id()) {
                gc.storage.markOwned(id);
            }
        }
    }

    /**
     * The row copies the plan asks for ({@link StoragePlan#holdsRows}, {@link StoragePlan#hoistsRows}), made
     * before the loop: a carried matrix held as rows for the whole loop (joined back into its flat variable
     * after it), a loop-invariant matrix copied once. Gives, per carried value, the variable of its rows or null.
     */
    private String[] holdRows(Node n, While w, GraphCode body, List<String> vars, List<Expr> params) {
        Graph g = w.body();
        StoragePlan plan = body.plan.storage;
        String[] held = new String[w.carried()];
        for (int k = 0; k < g.params().size(); k++) {
            if (!plan.holdsRows(k) && !plan.hoistsRows(k)) {
                continue;
            }
            // rows this code made already, for the whole of a loop around this one (StoragePlan.holds, readsRows):
            // the inner loop works on them, with no split nor join of its own on every run
            String outer = plan.holdsRows(k) ? gc.storage.heldRowsOf(n.input(k)) : gc.storage.hoistedRows(n.input(k));
            if (outer != null && plan.holdsRows(k)) {
                body.storage.holdRows(k, outer);
                continue;
            }
            if (outer != null) {
                body.storage.hoistRows(g.params().get(k), outer);
                continue;
            }
            Type.Real r = (Type.Real) g.type(g.params().get(k));
            String rows = JavaTypes.product(List.of(r.shape().dim(0)), gc.m.sizeVars).code();
            String cols = JavaTypes.product(List.of(r.shape().dim(1)), gc.m.sizeVars).code();
            if (plan.holdsRows(k)) {
                held[k] = gc.m.names.newName(vars.get(k) + "Rows");
                body.storage.holdRows(k, held[k]);
                gc.m.code.addStatement("double[][] $L = $L", held[k], WorkspaceCode.split(gc.m, vars.get(k), rows, cols));
            } else {
                String name = gc.m.names.newName(Names.clean(params.get(k).code()) + "Rows");
                body.storage.hoistRows(g.params().get(k), name);
                gc.m.code.addStatement("double[][] $L = $L", name, WorkspaceCode.split(gc.m, params.get(k).block(), rows, cols));
            }
        }
        return held;
    }


    /**
     * {@code vars[k] = next[k]} for every k, as one parallel assignment: a next value whose code reads the
     * variable of a carried value assigned before it ({@link GraphCode#reads}) goes into a temporary first. A
     * next value held in the carried value's own variable (the body's parameter itself, or its array or stack
     * changed in place, {@link GraphCode#variableOf}) needs no assignment. The next values of a body split into
     * methods are read from its frames, never from a carried variable, unless one is the body's parameter itself.
     */
    private void assignCarried(List<String> vars, List<Expr> next, GraphCode body, GraphInfo info) {
        Graph g = info.graph;
        List<Expr> values = new ArrayList<>(next);
        boolean[] same = new boolean[vars.size()];
        for (int k = 0; k < vars.size(); k++) {
            int result = g.results().get(k);
            int param = info.rep(g.params().get(k));
            same[k] = body != null ? body.variableOf(result) == param : info.rep(result) == param;
            // an inner loop that took over the carried variable (takesOver) leaves its result in it
            same[k] |= next.get(k).code().equals(vars.get(k));
        }
        for (int k = 0; k < vars.size(); k++) {
            if (same[k]) {
                continue;
            }
            int result = g.results().get(k);
            for (int j = 0; j < k; j++) {
                int param = g.params().get(j);
                boolean reads = body != null ? body.reads(result, param) : info.rep(result) == param;
                if (!same[j] && reads) {
                    String t = gc.m.names.temp();
                    Type type = g.type(g.params().get(k));
                    gc.m.declare(JavaTypes.of(type), t, values.get(k).block());
                    values.set(k, Expr.atom(t));
                    break;
                }
            }
        }
        for (int k = 0; k < vars.size(); k++) {
            if (!same[k]) {
                gc.m.code.addStatement("$L = $L", vars.get(k), values.get(k).block());
            }
        }
    }

    /** Whether a loop body or branch goes into methods of its own ({@link CodeSize#splits}). */
    boolean splits(dev.gradc.ir.Region r, Graph g) {
        return gc.m.site != null && gc.m.site.sizes().splits(r, g);
    }

    /**
     * The code of a loop body or branch ({@code owned}: the loop's carried arrays it owns, or null), split into
     * helper methods named {@code <method><kind>Part0}, …, called from here; the frames that carry values between
     * them are declared in {@code frames} (before the loop, so every trip reuses them) or here. Past {@link
     * #LONG_NAME} characters, {@code <method>} is the generated method's name and {@code Nested} (regions
     * nested hundreds deep would otherwise have names as long as their nesting, and code the square of it).
     */
    private List<Expr> splitGraph(GraphInfo info, String kind, List<Expr> params, CodeBlock.Builder frames,
                                  boolean[] owned, Node loop) {
        return splitGraph(info, kind, params, frames, owned, loop, null);
    }

    /**
     * As above; {@code region}: the loop or the cond (a node of this code's graph) whose sub-graph info is;
     * {@code ownedParams}: per parameter of a branch, whether its cond gave it the array to write.
     */
    List<Expr> splitGraph(GraphInfo info, String kind, List<Expr> params, CodeBlock.Builder frames,
                          boolean[] owned, Node region, boolean[] ownedParams) {
        While loop = region.op() instanceof While w ? w : null;
        MethodContext.Site site = gc.m.site;
        String stem = site.method().length() + kind.length() > LONG_NAME ? site.regions().root() + "Nested" : site.method();
        String base = site.cc().methodNames().newName(stem + kind);
        SplitMethod split = new SplitMethod(site, base, info, gc.m.sizeVars).owning(owned).owningParams(ownedParams)
                .within(gc, region);
        if (loop != null) {
            StorageCode.Buffers outer = gc.storage.forInnerLoops();
            split.bodyOf(new dev.gradc.emit.StoragePlan.Body(loop, owned.clone(), true, outer == null), outer);
        }
        return split.emit(gc.m, params, frames);
    }
}
