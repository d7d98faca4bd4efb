package dev.gradc.lower;

import dev.gradc.syntax.Ast;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which names a piece of code reads and assigns, found from the syntax alone (for region inputs and outputs). */
final class FreeNames {

    final Set<String> read = new LinkedHashSet<>();
    final Set<String> assigned = new LinkedHashSet<>();

    static FreeNames of(List<Ast.Stmt> stmts, Ast.Expr... exprs) {
        FreeNames f = new FreeNames();
        for (Ast.Expr e : exprs) {
            f.expr(e);
        }
        f.stmts(stmts);
        return f;
    }

    private void stmts(List<Ast.Stmt> stmts) {
        for (Ast.Stmt s : stmts) {
            if (s instanceof Ast.Assign a) {
                expr(a.value());
                assigned.add(a.name());
            } else if (s instanceof Ast.Update u) {
                u.indices().forEach(this::expr);
                expr(u.value());
                read.add(u.name());
                assigned.add(u.name());
            } else if (s instanceof Ast.While w) {
                expr(w.condition());
                stmts(w.body());
            } else if (s instanceof Ast.For f) {
                expr(f.from());
                expr(f.to());
                assigned.add(f.variable());
                stmts(f.body());
            } else if (s instanceof Ast.If i) {
                expr(i.condition());
                stmts(i.then());
                stmts(i.otherwise());
            } else if (s instanceof Ast.Return r) {
                expr(r.value());
            }
        }
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
