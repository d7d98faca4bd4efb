package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ops.ColumnAddAt;
import dev.gradc.ops.ColumnUpdate;
import dev.gradc.ops.Index;
import dev.gradc.ops.Overwriting;
import dev.gradc.ops.Push;
import dev.gradc.ops.ScatterAddAt;
import dev.gradc.ops.RowsAddAt;
import dev.gradc.ops.RowsUpdate;
import dev.gradc.ops.AddAt;
import dev.gradc.ops.Update;
import dev.gradc.passes.InPlaceWrites;
import java.util.ArrayList;
import java.util.List;

/**
 * Element, slice and gathered-row writes ({@link Update}, {@link AddAt}, {@link RowsUpdate}, {@link RowsAddAt},
 * {@link ColumnUpdate}, {@link ColumnAddAt}, {@link ScatterAddAt}) as
 * Java: {@code z[i] = v;} or {@code zBar[i] += v;} into the array itself when its old value is dead — the array
 * is the loop's own (a carried value the loop owns, or the result of an earlier write), this write is its last
 * use, and everything that read it before is a read that kept nothing of it — else into a copy. Reads written
 * inline into a later expression are given a local first, so they see the old entries.
 */
final class OverwriteCode {

    private final GraphCode gc;

    OverwriteCode(GraphCode gc) {
        this.gc = gc;
    }

    void emit(Node n) {
        Graph g = gc.g;
        int x = gc.info.rep(n.input(0));
        StorageCode.Held held = gc.storage.heldRowsTarget(n);
        if (held != null) {
            // P[a:a+K, :] += v into the carried matrix the loop holds as rows (StoragePlan.isSliceUpdate): its
            // rows from a on, each an array of its own, so the loop over a row's columns vectorises
            Shape s = JavaTypes.shape(g.type(x));
            String first = gc.arrays.rowStart(n, s, gc.value(n.input(2)).code(),
                    JavaTypes.product(List.of(JavaTypes.shape(g.type(n.input(1))).dim(0)), gc.m.sizeVars).code());
            gc.elements.addRows(g.node(gc.info.rep(n.input(1))), held.rows(), first);
            gc.bindAlias(n.id(), held.param());
            return;
        }
        String rows = gc.storage.entryRowsOf(x);
        if (rows != null) {
            entryWrite(n, x, rows);
            return;
        }
        // a journal's push of the line this write overwrites, made by the write's loop (StackCode.keptByWrite)
        StackCode.KeptLine kept = gc.stacks.takeKeptLine(n.id());
        if (kept != null && !(n.op() instanceof Update && gc.isFused(gc.info.rep(n.input(1))))) {
            kept.pushAll(gc.m.code); // no loop of its own after all: pushed before it writes, as it was planned
            kept = null;
        }
        if (onlyChecks(n, x)) {
            return;
        }
        String target = target(n, x);
        Shape s = JavaTypes.shape(g.type(x));
        // an outer product added into rows, an elementwise row added or written, is fused into the write's loop
        // (Plan): it has no array of its own
        int fused = gc.isFused(gc.info.rep(n.input(1))) ? gc.info.rep(n.input(1)) : -1;
        // a journaled line popped where it is restored (StackCode.restoredInPlace): taken before its value is asked
        StackCode.Deferred pop = n.op() instanceof Update ? gc.stacks.takeDeferred(gc.info.rep(n.input(1))) : null;
        // a slice read in place (RowViews, LineUpdates.copiesLine): copied from where it lies
        String view = n.op() instanceof Update ? gc.viewOffset(gc.info.rep(n.input(1))) : null;
        // a row of a matrix held as rows (EntryRows) read in place: copied from that row's array
        String rowView = n.op() instanceof Update ? gc.rowView(gc.info.rep(n.input(1))) : null;
        String v = fused >= 0 || pop != null || view != null || rowView != null ? null : gc.value(n.input(1)).code();
        Object op = n.op();
        if (rowView != null) {
            gc.m.code.addStatement("$T.arraycopy($L, 0, $L, $L, $L.length)", System.class, rowView, target,
                    offset(n, s, ((Update) op).count()), rowView);
        } else if (view != null) {
            Node slice = g.node(gc.info.rep(n.input(1)));
            gc.m.code.addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, gc.value(slice.input(0)).code(),
                    view, target, offset(n, s, ((Update) op).count()),
                    JavaTypes.size(JavaTypes.shape(slice.type()), gc.m.sizeVars).code());
        } else if (pop != null) {
            gc.m.code.addStatement("$L.popInto($L, $L, $L)", pop.stack(), target, offset(n, s, ((Update) op).count()),
                    pop.size());
        } else if (op instanceof Update u && fused >= 0) {
            // an elementwise line written as it is computed (Plan, LineUpdates): no array of its own, no copy
            gc.writes.writeInto(g.node(fused), target, offset(n, s, u.count()), kept);
        } else if (op instanceof Update u) {
            element(n, s, target, v, u.count(), false);
        } else if (op instanceof AddAt a && fused >= 0) {
            // an elementwise row added as it is computed (Plan): no array of its own, one pass
            gc.writes.addInto(g.node(fused), target, offset(n, s, a.count()));
        } else if (op instanceof AddAt a) {
            element(n, s, target, v, a.count(), true);
        } else if (op instanceof ColumnUpdate || op instanceof ColumnAddAt) {
            // a column: a strided pass over the rows
            gc.m.code.addStatement("$T.$L($L, $L, $L, $L, $L, $S)", dev.gradc.runtime.Columns.class,
                    op instanceof ColumnUpdate ? "write" : "add", target,
                    JavaTypes.product(List.of(s.dim(0)), gc.m.sizeVars).code(),
                    JavaTypes.product(List.of(s.dim(1)), gc.m.sizeVars).code(),
                    gc.value(n.input(2)).code(), v, n.span().isKnown() ? n.span().where() : null);
        } else if (op instanceof dev.gradc.ops.BlockUpdate || op instanceof dev.gradc.ops.BlockAddAt) {
            // a block of rows and columns: a pass over its entries only
            dev.gradc.ops.Block b = dev.gradc.ops.Block.of(g.type(n.input(1)));
            gc.m.code.addStatement("$T.$L($L, $L, $L, $L, $L, $L, $L, $L, $L, $S)", dev.gradc.runtime.Blocks.class,
                    op instanceof dev.gradc.ops.BlockUpdate ? "write" : "add", target,
                    JavaTypes.product(List.of(s.dim(0)), gc.m.sizeVars).code(),
                    JavaTypes.product(List.of(s.dim(1)), gc.m.sizeVars).code(), gc.value(n.input(2)).code(),
                    gc.value(n.input(3)).code(), v, JavaTypes.product(List.of(b.rows()), gc.m.sizeVars).code(),
                    JavaTypes.product(List.of(b.cols()), gc.m.sizeVars).code(), b.column(), ArrayCode.where(n));
        } else if (op instanceof dev.gradc.ops.LineAddAt la) {
            // a gathered line's adjoint, added at its entries
            gc.m.code.addStatement("$T.lineAddInto($L, $L, $L, $L, $L, $L, $L, $S)", dev.gradc.runtime.Gather.class,
                    target, JavaTypes.product(List.of(s.dim(0)), gc.m.sizeVars).code(),
                    JavaTypes.product(List.of(s.dim(1)), gc.m.sizeVars).code(), la.axis(), gc.value(n.input(2)).code(),
                    gc.value(n.input(3)).code(), v, n.span().isKnown() ? n.span().where() : null);
        } else if (op instanceof ScatterAddAt) {
            // a gather's adjoint, added at the gathered rows
            gc.m.code.addStatement("$T.scatterAddInto($L, $L, $L, $L, $L, $S)", dev.gradc.runtime.Gather.class, target,
                    JavaTypes.product(List.of(s.dim(0)), gc.m.sizeVars).code(),
                    JavaTypes.product(s.dims().subList(1, s.rank()), gc.m.sizeVars).code(),
                    gc.value(n.input(2)).code(), v, n.span().isKnown() ? n.span().where() : null);
        } else {
            Shape vs = JavaTypes.shape(g.type(n.input(1)));
            String off = gc.arrays.rowOffset(n, s, gc.value(n.input(2)).code(),
                    JavaTypes.product(List.of(vs.dim(0)), gc.m.sizeVars).code());
            if (op instanceof RowsUpdate) {
                gc.m.code.addStatement("$T.arraycopy($L, 0, $L, $L, $L.length)", System.class, v, target, off, v);
            } else if (fused >= 0) {
                gc.writes.addInto(g.node(fused), target, off);
            } else {
                add(target, off, v, v + ".length");
            }
        }
    }

    /**
     * The array n writes: x's own when its old value is dead ({@link #mayOverwrite}), else a copy of it, bound
     * to n either way.
     */
    private String target(Node n, int x) {
        boolean inPlace = mayOverwrite(n, x);
        String target;
        if (inPlace) {
            target = gc.value(x).code();
            gc.bindAlias(n.id(), x);
        } else {
            target = gc.declareName(n);
            gc.m.code.addStatement("double[] $L = $L", target, WorkspaceCode.copy(gc.m, gc.value(x).code()));
        }
        if (inPlace && gc.storage.isBuffer(x)) {
            gc.storage.markBuffer(n.id()); // the trip's buffer, written: nothing keeps the write past the trip
        } else {
            gc.storage.markOwned(n.id());
        }
        return target;
    }

    /**
     * Write n ({@code U[i, j] = v}, {@code U[i, j] += v}, {@code U[k, :] = v}) into matrix x held as rows
     * ({@link EntryRows}): into x's rows themselves, which n's result goes on holding. The class's proof makes it
     * the last use of x ({@link #mayOverwrite}); its reads still pending as inline expressions are given locals first.
     */
    private void entryWrite(Node n, int x, String rows) {
        Graph g = gc.g;
        if (!mayOverwrite(n, x, null, true) || gc.stacks.takeKeptLine(n.id()) != null) {
            throw new IllegalStateException("a write into a matrix held as rows that is not its last use: %" + n.id());
        }
        Shape s = JavaTypes.shape(g.type(x));
        int count = n.op() instanceof Update u ? u.count() : ((AddAt) n.op()).count();
        CodeBlock row = GraphCode.entryIndex(gc, n, n.input(2), s, 0);
        if (count == 2) {
            gc.m.code.addStatement(n.op() instanceof AddAt ? "$L[$L][$L] += $L" : "$L[$L][$L] = $L", rows, row,
                    GraphCode.entryIndex(gc, n, n.input(3), s, 1), gc.value(n.input(1)).block());
        } else {
            String at = gc.m.names.temp();
            gc.m.code.addStatement("int $L = $L", at, row);
            int value = gc.info.rep(n.input(1));
            String line = rows + "[" + at + "]";
            String rowView = gc.rowView(value);
            // a journaled row popped where it is restored, an elementwise row written as it is computed (as in
            // the flat code, into the row's own array), or a row copied
            StackCode.Deferred pop = rowView == null ? gc.stacks.takeDeferred(value) : null;
            if (EntryRows.inSwap(gc.info, n.id())) {
                // a store of a row swap (EntryRows.inSwap): the row's array put in place, no copy
                gc.m.code.addStatement("$L = $L", line, rowView != null ? rowView : gc.value(value).code());
            } else if (pop != null) {
                gc.m.code.addStatement("$L.popInto($L, 0, $L)", pop.stack(), line, pop.size());
            } else if (rowView == null && gc.isFused(value)) {
                gc.writes.writeInto(g.node(value), line, "0");
            } else {
                gc.m.code.addStatement("$T.arraycopy($L, 0, $L, 0, $L)", System.class,
                        rowView != null ? rowView : gc.value(value).code(), line,
                        JavaTypes.product(List.of(s.dim(1)), gc.m.sizeVars).code());
            }
        }
        gc.bindAlias(n.id(), x);
        gc.storage.holdEntries(n.id(), rows);
    }

    /**
     * Region n (a cond or a loop that writes matrix x held as rows, {@link EntryRows}) is x's last use: its reads
     * still pending as inline expressions are given locals before it runs.
     */
    void entryRegion(Node n, int x) {
        if (!mayOverwrite(n, x, null, true)) {
            throw new IllegalStateException("a region writing a matrix held as rows that is not its last use: %" + n.id());
        }
    }

    /**
     * The row add n ({@link AddAt} of a whole row) written by another op's loop ({@link SharedLoopCode}): its
     * array (x's own or a copy, as {@link #emit} would choose) and the local holding the row's checked offset,
     * as {@code {array, offset}}; the loop adds entry j at {@code array[offset + j]}.
     */
    String[] rowAdd(Node n) {
        int x = gc.info.rep(n.input(0));
        String target = target(n, x);
        return new String[] {target, offset(n, JavaTypes.shape(gc.g.type(x)), ((AddAt) n.op()).count())};
    }

    /**
     * A write of one entry that nothing reads (a cond's branch recomputed in an adjoint for what it reads, whose
     * array it no longer gives): only its index checks run, where a copy of the array would be written and
     * dropped.
     */
    private boolean onlyChecks(Node n, int x) {
        Shape s = JavaTypes.shape(gc.g.type(x));
        int count = n.op() instanceof Update u ? u.count() : n.op() instanceof AddAt a ? a.count() : -1;
        if (count != s.rank() || gc.info.uses(n.id()) != 0) {
            return false;
        }
        for (int k = 0; k < count; k++) {
            CodeBlock check = GraphCode.indexCheck(gc, n, n.input(k + 2), s, k);
            if (check != null) { // an index always in range has nothing to check
                gc.m.code.addStatement("$L", check);
            }
        }
        return true;
    }

    private void element(Node n, Shape s, String target, String v, int count, boolean add) {
        if (count == s.rank()) {
            gc.m.code.addStatement(add ? "$L[$L] += $L" : "$L[$L] = $L", target, at(n, s, count), v);
            return;
        }
        String off = offset(n, s, count);
        if (add) {
            add(target, off, v, v + ".length");
        } else {
            gc.m.code.addStatement("$T.arraycopy($L, 0, $L, $L, $L.length)", System.class, v, target, off, v);
        }
    }

    private void add(String target, String off, String v, String length) {
        String i = gc.m.names.newName("i");
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, length, i);
        gc.m.code.addStatement("$L[$L + $L] += $L[$L]", target, off, i, v, i);
        gc.m.code.endControlFlow();
    }

    /** The checked flat index of the entry (or the first entry of the line) n writes, its first count indices. */
    private CodeBlock at(Node n, Shape s, int count) {
        List<CodeBlock> terms = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            terms.add(GraphCode.checkedTerm(gc, n, n.input(k + 2), s, k));
        }
        return terms.isEmpty() ? CodeBlock.of("0") : CodeBlock.join(terms, " + ");
    }

    /** {@link #at} in a local of its own, for the loop over the line n writes. */
    private String offset(Node n, Shape s, int count) {
        String off = gc.m.names.temp();
        gc.m.code.addStatement("int $L = $L", off, at(n, s, count));
        return off;
    }

    /**
     * Whether n may write into x's own array: x is owned here, and no later code reads it — every other user
     * comes before n and only reads (a read still pending as an inline expression is given a local now), no
     * fused loop that reads it runs later, and x is no result.
     */
    boolean mayOverwrite(Node n, int x) {
        return mayOverwrite(n, x, null);
    }

    /**
     * {@link #mayOverwrite(Node, int)}, where the nodes marked in {@code inLoop} are fused into n's own loop and
     * read x only at the element n writes (an elementwise chain of n's shape), so that they read it before the write.
     */
    boolean mayOverwrite(Node n, int x, boolean[] inLoop) {
        return mayOverwrite(n, x, inLoop, false);
    }

    /**
     * As above; {@code held}: x is a matrix held as rows ({@link EntryRows}), the loop's own rows whatever x's flat
     * array is, so only the order of its uses decides.
     */
    private boolean mayOverwrite(Node n, int x, boolean[] inLoop, boolean held) {
        Graph g = gc.g;
        if (!held && !gc.storage.ownsArray(x) || g.results().stream().anyMatch(r -> gc.info.rep(r) == x)) {
            return false;
        }
        boolean[] reads = new boolean[g.size()];
        reads[x] = true;
        // x and the results of loops that passed its array on (LoopPasses.passesOn): names of the array
        boolean[] names = new boolean[g.size()];
        names[x] = true;
        java.util.function.IntPredicate isX = in -> names[gc.info.rep(in)];
        List<Integer> pending = new ArrayList<>();
        List<Integer> early = new ArrayList<>();
        for (int id = x + 1; id < g.size(); id++) {
            if (!gc.info.emits(id) || id == n.id() || inLoop != null && inLoop[id]) {
                continue;
            }
            Node u = g.node(id);
            if (held && id < n.id() && u.op() instanceof dev.gradc.ops.While && gc.storage.takerOf(x) == n.id()) {
                continue; // rows handed over to n: a loop before it read a flat copy joined from them (RegionCode)
            }
            boolean direct = false;
            boolean viaInline = false;
            boolean other = false;
            for (int in : u.inputs()) {
                int r = gc.info.rep(in);
                direct |= names[r];
                other |= names[r] && r != x;
                viaInline |= !names[r] && reads[r];
            }
            if (!direct && !viaInline) {
                continue;
            }
            if (direct && !other && id > n.id() && readsAhead(u, x)) {
                early.add(id); // an element read after the write, of the old array: done before it instead
                continue;
            }
            if (direct && id < n.id() && dev.gradc.passes.LoopPasses.passesOn(u, isX, true, gc.known())) {
                passedOn(u, isX, names);
                continue;
            }
            if (direct && (id > n.id() || !onlyReads(u, isX, gc.known()))) {
                return false;
            }
            if (id > n.id()) {
                continue; // reads an inline expression given a local below
            }
            if (gc.isFused(id) && !gc.plan.isView(id)) {
                return false; // a slice read in place is read before any write (RowViews)
            }
            if (gc.isInline(id)) {
                reads[id] = true;
                int user = gc.info.soleUser(id);
                if (user == GraphInfo.RESULT || user > n.id()) {
                    pending.add(id);
                }
            }
        }
        if (g.results().stream().anyMatch(isX::test) || n.inputs().stream().anyMatch(in -> isX.test(in) && gc.info.rep(in) != x)) {
            return false; // the array leaves by another name as a result, or n reads it by another name
        }
        for (int id : pending) {
            gc.materialize(id);
        }
        for (int id : early) {
            gc.emitEarly(id);
        }
        return true;
    }

    /**
     * Whether u, a user of x scheduled after the write, is a read of one entry, a column or gathered rows of x
     * (a new value), or a push of x's values onto a stack (a copy), whose other inputs are known already, so that
     * it may be done before the write (into a local) and the write need not copy x: in an adjoint loop, a read of
     * the state after the trip next to the write that restores the state before it; in a checkpointed loop, the
     * snapshot of the state a trip starts from, pushed after the trip's writes.
     */
    private boolean readsAhead(Node u, int x) {
        boolean copies = u.op() instanceof Index ix && ix.count() == JavaTypes.shape(gc.g.type(x)).rank()
                || u.op() instanceof dev.gradc.ops.Column || u.op() instanceof dev.gradc.ops.Gather
                || u.op() instanceof dev.gradc.ops.LineGather;
        boolean pushes = u.op() instanceof Push && gc.info.rep(u.input(1)) == x && gc.info.rep(u.input(0)) != x;
        return (copies && gc.info.rep(u.input(0)) == x || pushes) && gc.canEmitEarly(u.id());
    }

    /** Marks as names of x's array the results of loop u that are inputs {@code isX} accepts, passed on. */
    private void passedOn(Node u, java.util.function.IntPredicate isX, boolean[] names) {
        for (int id = u.id() + 1; id < gc.g.size(); id++) {
            Node v = gc.g.node(id);
            if (v.op() instanceof dev.gradc.ops.Proj p && gc.info.rep(v.input(0)) == u.id() && isX.test(u.input(p.index()))) {
                names[gc.info.rep(id)] = true;
            }
        }
    }

    /**
     * Whether u reads x (the inputs isX accepts) and keeps nothing of it: its result is new, and x is not the
     * array it writes; or u is a loop or a branch that only reads x ({@link InPlaceWrites#onlyReadIn}), done
     * with it once it has run, or a loop that copies it on entry ({@link dev.gradc.passes.LoopPasses#copiesOnEntry}).
     */
    static boolean onlyReads(Node u, java.util.function.IntPredicate isX, InPlaceWrites.Known known) {
        Object op = u.op();
        if (op instanceof Overwriting) {
            return !isX.test(u.input(0));
        }
        if (op instanceof dev.gradc.ops.While || op instanceof dev.gradc.ops.Cond) {
            for (int k = 0; k < u.inputs().size(); k++) {
                if (isX.test(u.input(k)) && !InPlaceWrites.onlyReadIn(u, k)) {
                    return dev.gradc.passes.LoopPasses.copiesOnEntry(u, isX, false, known);
                }
            }
            return true;
        }
        return InPlaceWrites.onlyReads(op); // as the interpreter's writes: a part copied or read in place alike
    }
}
