package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code cond} region as plain Java: an {@code if}/{@code else} assigning its results, each branch inline or
 * split into methods of its own ({@link RegionCode#splitGraph}), with the arrays the branches may write in
 * place or hand over to a loop after the cond.
 */
final class CondCode {

    private final GraphCode gc;
    private final RegionCode regions;

    CondCode(GraphCode gc, RegionCode regions) {
        this.gc = gc;
        this.regions = regions;
    }

    void cond(Node n, Cond c) {
        gc.m.comment(n);
        Type.Tuple tuple = c.resultType();
        List<String> vars = new ArrayList<>();
        for (int k = 0; k < tuple.parts().size(); k++) {
            String label = gc.info.projLabel(n.id(), k);
            vars.add(gc.m.names.newName(label != null ? label : "t"));
        }
        boolean[] owned = ownedInside(n);
        boolean[] through = new boolean[tuple.parts().size()];
        for (int k = 1; k < owned.length; k++) {
            int r = owned[k] ? dev.gradc.passes.CondWrites.writtenThrough(n, k) : -1;
            if (r >= 0) {
                through[r] = true;
            }
        }
        boolean[] handed = handedOwned(n, c, through);
        List<Expr> params = new ArrayList<>();
        // the matrices held as rows (EntryRows) that the branches read, or write into and give back as a result
        String[] rows = new String[n.inputs().size()];
        for (int k = 1; k < n.inputs().size(); k++) {
            params.add(gc.value(n.input(k)));
            rows[k] = gc.storage.entryRowsOf(n.input(k));
            if (rows[k] != null && !EntryRows.onlyRead(c, k)) {
                new OverwriteCode(gc).entryRegion(n, gc.info.rep(n.input(k)));
            }
        }
        // each branch written apart, its results' variables declared and assigned once both are known
        CodeBlock.Builder outer = gc.m.swap(CodeBlock.builder());
        Given then = branch(n, c, c.then(), "Then", params, owned, handed, rows);
        CodeBlock thenCode = gc.m.swap(CodeBlock.builder()).build();
        gc.m.resetComment();
        Given otherwise = branch(n, c, c.otherwise(), "Else", params, owned, handed, rows);
        CodeBlock elseCode = gc.m.swap(outer).build();
        String[] thenRows = then.rows();
        String[] elseRows = otherwise.rows();
        boolean[] passed = new boolean[vars.size()];
        for (int r = 0; r < vars.size(); r++) {
            String given = then.values().get(r).toString();
            // a matrix held as rows (its flat variable is not its value) or a stack (changed in place) that both
            // branches give back as the variable of an input: that variable, none of the cond's own
            passed[r] = given.equals(otherwise.values().get(r).toString()) && javax.lang.model.SourceVersion.isName(given)
                    && (thenRows[r] != null || tuple.parts().get(r) instanceof Type.Stack)
                    && params.stream().anyMatch(e -> e.code().equals(given));
            if (passed[r]) {
                vars.set(r, given);
            } else {
                gc.m.code.addStatement("$T $L", JavaTypes.of(tuple.parts().get(r)), vars.get(r));
            }
        }
        gc.m.code.beginControlFlow("if ($L)", gc.value(n.input(0)).block());
        gc.m.code.add(thenCode);
        assign(vars, then.values(), passed);
        gc.m.code.nextControlFlow("else");
        gc.m.code.add(elseCode);
        assign(vars, otherwise.values(), passed);
        gc.m.code.endControlFlow();
        gc.m.commented(n);
        gc.bindParts(n.id(), vars);
        for (int r = 0; r < vars.size(); r++) {
            if (!java.util.Objects.equals(thenRows[r], elseRows[r])) {
                throw new IllegalStateException("a cond's branches give back a matrix held as rows differently: %" + n.id());
            }
            if (thenRows[r] != null) {
                for (int id = n.id() + 1; id < gc.g.size(); id++) {
                    Node u = gc.g.node(id);
                    if (u.op() instanceof dev.gradc.ops.Proj p && p.index() == r && gc.info.rep(u.input(0)) == n.id()) {
                        gc.storage.holdEntries(id, thenRows[r]);
                    }
                }
            }
        }
        for (int r = 0; r < through.length; r++) {
            if (through[r] || handed[r]) {
                regions.markParts(n, r); // the array written inside, the input's own passed on, or a branch's copy: this code's
            }
        }
    }

    /**
     * Per result of cond n that is no array written through it ({@code through}): whether both branches hand it
     * over as an array of the code's own — the one that makes it (a write's copy) as it is, the one that passes
     * an array it does not own on as a copy — because the code after the cond would copy it anyway: its one
     * user is a loop whose body writes it in place (the loop copies a carried array it is not given to own,
     * {@link RegionCode#loop}), every other use of it reads it before that loop and nothing is kept. One copy on every
     * path, where a branch that wrote it made one and the loop made another (the row swap of an elimination
     * and the row updates after it: two copies of the matrix per reversed pivot, now one). Not for a branch
     * split into methods, whose results this code does not see made.
     */
    private boolean[] handedOwned(Node n, Cond c, boolean[] through) {
        boolean[] handed = new boolean[through.length];
        if (regions.splits(c, c.then()) || regions.splits(c, c.otherwise())) {
            return handed;
        }
        for (int r = 0; r < handed.length; r++) {
            int part = partOf(n, r);
            handed[r] = !through[r] && part >= 0 && RegionCode.writable(c.resultType().parts().get(r))
                    && !(c.resultType().parts().get(r) instanceof Type.IntArray) && loopTakes(part);
        }
        return handed;
    }

    /** The projection of part r of region n, when there is one; else -1. */
    private int partOf(Node n, int r) {
        int found = -1;
        for (int id = n.id() + 1; id < gc.g.size(); id++) {
            Node u = gc.g.node(id);
            if (u.op() instanceof dev.gradc.ops.Proj p && p.index() == r && u.input(0) == n.id()) {
                if (found >= 0) {
                    return -1;
                }
                found = id;
            }
        }
        return found < 0 ? -1 : gc.info.rep(found);
    }

    /**
     * Whether array x, were it this code's own, would be taken over by a loop that otherwise copies it: the
     * last user of x is a loop given it once as a carried value its body writes in place, x is no result, and
     * every user before that loop only reads it.
     */
    private boolean loopTakes(int x) {
        Graph g = gc.g;
        if (g.results().stream().anyMatch(r -> gc.info.rep(r) == x)) {
            return false;
        }
        int last = -1;
        for (int id = x + 1; id < g.size(); id++) {
            if (gc.info.emits(id) && g.node(id).inputs().stream().anyMatch(in -> gc.info.rep(in) == x)) {
                last = id;
            }
        }
        if (last < 0 || !(g.node(last).op() instanceof While w)) {
            return false;
        }
        Node loop = g.node(last);
        int k = -1;
        for (int q = 0; q < loop.inputs().size(); q++) {
            if (gc.info.rep(loop.input(q)) == x) {
                if (k >= 0 || q >= w.carried()) {
                    return false;
                }
                k = q;
            }
        }
        if (k < 0 || !dev.gradc.passes.InPlaceWrites.ownedCarried(w.body(), w.carried(), gc.known())[k]
                || w.checkpoint() != null && w.checkpoint().segment()) {
            return false;
        }
        for (int id = x + 1; id < last; id++) {
            Node u = g.node(id);
            if (gc.info.emits(id) && u.inputs().stream().anyMatch(in -> gc.info.rep(in) == x)
                    && !OverwriteCode.onlyReads(u, in -> gc.info.rep(in) == x, gc.known())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Per input of cond n: whether the branches may write its array in place ({@code
     * CondWrites.writtenThrough}): it is this code's own and dead after the cond, whose result it becomes.
     */
    private boolean[] ownedInside(Node n) {
        boolean[] owned = new boolean[n.inputs().size()];
        for (int k = 1; k < owned.length; k++) {
            int x = gc.info.rep(n.input(k));
            long same = n.inputs().stream().filter(in -> gc.info.rep(in) == x).count();
            owned[k] = same == 1 && RegionCode.writable(gc.g.type(x))
                    && dev.gradc.passes.CondWrites.writtenThrough(n, k) >= 0 && new OverwriteCode(gc).mayOverwrite(n, x);
        }
        return owned;
    }

    /** The results' variables given the values of a branch, but for those {@code passed} (no variable of their own). */
    private void assign(List<String> vars, List<CodeBlock> values, boolean[] passed) {
        for (int r = 0; r < vars.size(); r++) {
            if (!passed[r]) {
                gc.m.code.addStatement("$L = $L", vars.get(r), values.get(r));
            }
        }
    }

    /**
     * What a branch gives back: per result, its value, and the rows of a matrix held as rows ({@link EntryRows})
     * or null.
     */
    private record Given(List<CodeBlock> values, String[] rows) {
    }

    /**
     * Writes one branch; gives its results ({@link Given}). {@code rows}: per input of the cond, the rows of its
     * matrix, or null.
     */
    private Given branch(Node n, Cond c, Graph g, String which, List<Expr> params, boolean[] owned, boolean[] handed,
                         String[] rows) {
        List<Expr> results;
        GraphCode code = null;
        int parts = c.resultType().parts().size();
        String[] given = new String[parts];
        List<CodeBlock> values = new ArrayList<>();
        if (regions.splits(c, g)) {
            // the parameters whose arrays the cond gives the branch to write, as an unsplit branch marks them
            results = regions.splitGraph(new GraphInfo(g), which, params, null, null, n,
                    java.util.Arrays.copyOfRange(owned, 1, owned.length));
        } else {
            code = gc.branch(n, g, params);
            for (int k = 1; k < owned.length; k++) {
                if (owned[k]) {
                    code.storage.markOwned(g.params().get(k - 1));
                }
                if (rows[k] != null) {
                    code.storage.holdEntries(g.params().get(k - 1), rows[k]);
                }
            }
            results = code.emitAll();
        }
        for (int k = 0; k < parts; k++) {
            int id = g.result(k);
            given[k] = code == null ? null : code.storage.entryRowsOf(id);
            // a matrix held as rows: its flat array is not its value, and is not copied
            boolean copy = given[k] == null && handed[k] && (code == null || !code.storage.ownsArray(code.info.rep(id))
                    || g.results().indexOf(id) != g.results().lastIndexOf(id));
            values.add(copy ? WorkspaceCode.copy(gc.m, results.get(k).block()) : results.get(k).block());
        }
        return new Given(values, given);
    }
}
