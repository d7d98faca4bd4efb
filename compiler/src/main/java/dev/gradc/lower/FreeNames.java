package dev.gradc.lower;

import dev.gradc.syntax.Ast;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which names a piece of code reads and assigns, found from the syntax alone (for region inputs and outputs). */
final class FreeNames {

    final Set<String> read = new LinkedHashSet<>();
    final Set<String> assigned = new LinkedHashSet<>();

    /**
     * The names of some statements and expressions. {@code blocks} keeps the names of every nested block
     * already seen (by identity), so lowering nested ifs and loops looks at each statement once, not once
     * per enclosing block (which made deep nesting quadratic).
     */
    static FreeNames of(Map<List<Ast.Stmt>, FreeNames> blocks, List<Ast.Stmt> stmts, Ast.Expr... exprs) {
        FreeNames f = new FreeNames();
        for (Ast.Expr e : exprs) {
            f.expr(e);
        }
        f.add(block(blocks, stmts));
        return f;
    }

    private static FreeNames block(Map<List<Ast.Stmt>, FreeNames> blocks, List<Ast.Stmt> stmts) {
        FreeNames known = blocks.get(stmts);
        if (known != null) {
            return known;
        }
        FreeNames f = new FreeNames();
        for (Ast.Stmt s : stmts) {
            if (s instanceof Ast.Assign a) {
                f.expr(a.value());
                f.assigned.add(a.name());
            } else if (s instanceof Ast.Update u) {
                u.indices().forEach(f::expr);
                f.expr(u.value());
                f.read.add(u.name());
                f.assigned.add(u.name());
            } else if (s instanceof Ast.While w) {
                f.expr(w.condition());
                f.add(block(blocks, w.body()));
            } else if (s instanceof Ast.For fo) {
                f.expr(fo.from());
                f.expr(fo.to());
                f.assigned.add(fo.variable());
                f.add(block(blocks, fo.body()));
            } else if (s instanceof Ast.If i) {
                f.expr(i.condition());
                f.add(block(blocks, i.then()));
                f.add(block(blocks, i.otherwise()));
            } else if (s instanceof Ast.Return r) {
                f.expr(r.value());
            }
        }
        blocks.put(stmts, f);
        return f;
    }

    private void add(FreeNames other) {
        read.addAll(other.read);
        assigned.addAll(other.assigned);
    }

    /** Collects names read by an expression, iteratively (expressions may be deeply nested). */
    private void expr(Ast.Expr root) {
        Deque<Ast.Expr> work = new ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty()) {
            Ast.Expr e = work.pop();
            if (e instanceof Ast.Name n) {
                read.add(n.name());
            } else if (e instanceof Ast.Unary u) {
                work.push(u.operand());
            } else if (e instanceof Ast.Binary b) {
                work.push(b.left());
                work.push(b.right());
            } else if (e instanceof Ast.Call c) {
                c.args().forEach(work::push);
            } else if (e instanceof Ast.Derivative d) {
                d.args().forEach(work::push);
            } else if (e instanceof Ast.Index i) {
                work.push(i.target());
                i.indices().forEach(work::push);
            } else if (e instanceof Ast.Slice sl) {
                if (sl.from() != null) {
                    work.push(sl.from());
                }
                if (sl.to() != null) {
                    work.push(sl.to());
                }
            } else if (e instanceof Ast.ArrayLiteral a) {
                a.elements().forEach(work::push);
            }
        }
    }
}
