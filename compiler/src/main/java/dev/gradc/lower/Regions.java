package dev.gradc.lower;

import dev.gradc.check.LoopAnnotations;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.diag.Span;
import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Type;
import dev.gradc.lower.Lowering.Frame;
import dev.gradc.ops.Checkpoint;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Param;
import dev.gradc.ops.While;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements that become region nodes, for {@link Lowering}: {@code while} and {@code for} loops become
 * {@link While} nodes whose carried and invariant values are the names the body assigns and reads, {@code if}
 * and {@code cond(p, a, b)} become {@link Cond} nodes over the names either branch reads or assigns. Each region
 * graph gets a scope of its own whose parameters are those outer names; the statements inside are lowered by
 * {@link Lowering#statement} again.
 */
final class Regions {

    private static final int ERR = Lowering.ERR;

    private final Lowering lowering;
    private final Diagnostics diagnostics;
    private final Expressions expressions;

    /** Made by {@code lowering}'s constructor: its diagnostics and expression lowering are known by then. */
    Regions(Lowering lowering, Diagnostics diagnostics, Expressions expressions) {
        this.lowering = lowering;
        this.diagnostics = diagnostics;
        this.expressions = expressions;
    }

    /** Lowers a while loop to a {@link While} region node. */
    void whileLoop(Ast.While w, Scope scope, Frame frame) {
        loop(w.condition(), w.body(), null, scope, frame, w.span(), checkpoint(w.annotations()));
    }

    /** Lowers a for loop: a while loop over its variable, counting to an end bound once before the loop. */
    void forLoop(Ast.For f, Scope scope, Frame frame) {
        int from = expressions.lower(f.from(), scope, frame, f.span());
        int to = expressions.lower(f.to(), scope, frame, f.span());
        from = expressions.requireInt(scope, from, f.from().span(), "the start of a for loop");
        to = expressions.requireInt(scope, to, f.to().span(), "the end of a for loop");
        if (from == ERR || to == ERR) {
            return;
        }
        String end = "#end" + f.span().line() + "_" + f.span().column();
        boolean hadVar = scope.defines(f.variable());
        Integer old = scope.vars.get(f.variable());
        scope.vars.put(f.variable(), from);
        scope.vars.put(end, to);
        Ast.Expr condition = new Ast.Binary("<", new Ast.Name(f.variable(), f.variableSpan()),
                new Ast.Name(end, f.span()), f.span(), f.span());
        List<Ast.Stmt> body = new ArrayList<>(f.body());
        body.add(new Ast.Assign(f.variable(), new Ast.Binary("+", new Ast.Name(f.variable(), f.variableSpan()),
                new Ast.Number(1, true, "1", f.span()), f.span(), f.span()), f.span(), f.variableSpan()));
        loop(condition, body, f.variable(), scope, frame, f.span(), checkpoint(f.annotations()));
        scope.vars.remove(end);
        if (hadVar) {
            scope.bind(f.variable(), old);
        } else {
            scope.vars.remove(f.variable());
        }
    }

    /** What a loop's {@code @checkpoint(N)} asks for, or null. */
    private static Checkpoint checkpoint(List<Ast.Annotation> annotations) {
        int n = LoopAnnotations.snapshots(annotations);
        return n > 0 ? Checkpoint.requested(n) : null;
    }

    /**
     * Lowers a while loop, or a for loop's desugaring, to a {@link While} region node. A for loop names its
     * {@code counter} (null for a while loop). Either is counted ({@link While.Counted}) when its graphs count
     * a carried int by one towards a bound it does not change, as a for loop whose body leaves its variable alone
     * does, and a hand-written {@code i = 0; while i < n {...; i = i + 1}}.
     */
    private void loop(Ast.Expr condition, List<Ast.Stmt> body, String counter, Scope scope,
                      Frame frame, Span span, Checkpoint checkpoint) {
        int mark = diagnostics.mark();
        int before = diagnostics.errorCount();
        List<String> widened = loopOnce(condition, body, counter, scope, frame, span, checkpoint);
        if (widened.isEmpty() && diagnostics.errorCount() > before) {
            // an int array literal carried by the loop (z = [0, 0]) may be meant as reals (z = z + x): try so
            widened = new ArrayList<>();
            for (String n : FreeNames.of(lowering.blocks, body, condition).assigned) {
                if (scope.defines(n) && expressions.isIntLiteral(scope, scope.vars.get(n))) {
                    widened.add(n);
                }
            }
        }
        if (!widened.isEmpty()) {
            // A name that enters the loop as an int (s = 0) and leaves an iteration as a real (s = s + x) is a
            // real loop-carried value: promote it before the loop and lower the loop again.
            diagnostics.rollback(mark);
            for (String n : widened) {
                scope.bind(n, expressions.promote(scope, scope.vars.get(n)));
            }
            loopOnce(condition, body, counter, scope, frame, span, checkpoint);
        }
    }

    /** One attempt at lowering a loop; gives the carried names that would have to widen from int to real. */
    private List<String> loopOnce(Ast.Expr condition, List<Ast.Stmt> body, String counter,
                                  Scope scope, Frame frame, Span span, Checkpoint checkpoint) {
        FreeNames names = FreeNames.of(lowering.blocks, body, condition);
        List<String> carried = new ArrayList<>();
        for (String n : names.assigned) {
            if (scope.defines(n)) {
                carried.add(n);
            }
        }
        List<String> invariants = new ArrayList<>();
        for (String n : names.read) {
            if (scope.defines(n) && !carried.contains(n)) {
                invariants.add(n);
            }
        }
        List<String> all = new ArrayList<>(carried);
        all.addAll(invariants);
        Scope condScope = regionScope(scope, all);
        int c = expressions.lower(condition, condScope, frame, span);
        c = expressions.requireCondition(condScope, c, condition.span(), "the while loop");
        Scope bodyScope = regionScope(scope, all);
        for (Ast.Stmt s : body) {
            lowering.statement(s, bodyScope, frame);
        }
        for (String n : names.assigned) {
            if (!scope.defines(n) && !n.equals(counter)) {
                scope.poisoned.put(n, Messages.assignedOnlyInLoop(n, span.line()));
            }
        }
        List<Integer> results = new ArrayList<>();
        List<String> widened = new ArrayList<>();
        boolean ok = true;
        for (String n : carried) {
            Integer v = bodyScope.vars.get(n);
            if (v == null) {
                ok = false;
                continue;
            }
            Type before = scope.g.type(scope.vars.get(n));
            Type after = bodyScope.g.type(v);
            if (!before.equals(after)) {
                if (before instanceof Type.Real && after instanceof Type.Int) {
                    v = expressions.promote(bodyScope, v);
                } else if ((before instanceof Type.Int && after instanceof Type.Real r && r.isScalar()
                        || before instanceof Type.IntArray && expressions.isIntLiteral(scope, scope.vars.get(n)))
                        && !n.equals(counter)) {
                    widened.add(n);
                    continue;
                } else {
                    diagnostics.error(span, Messages.loopChangesType(n, before, after));
                    ok = false;
                    continue;
                }
            }
            results.add(v);
        }
        if (!widened.isEmpty()) {
            return widened;
        }
        if (!ok || c == ERR) {
            return List.of();
        }
        Graph condGraph = condScope.g.builder().build(List.of(c));
        Graph bodyGraph = bodyScope.g.builder().build(results);
        While.Counted counted = While.Counted.of(condGraph, bodyGraph, carried.size());
        While op = new While(condGraph, bodyGraph, carried.size(), lowering.source.baseName() + ":" + span.line(),
                checkpoint, counted);
        List<Integer> inputs = new ArrayList<>();
        for (String n : all) {
            inputs.add(scope.vars.get(n));
        }
        scope.g.builder().setSpan(span);
        int node = scope.g.region(op, op.resultType(), inputs);
        for (int k = 0; k < carried.size(); k++) {
            scope.bind(carried.get(k), scope.g.proj(node, k));
        }
        return List.of();
    }

    /** A scope for a region graph whose parameters are the given outer names, in order. */
    private Scope regionScope(Scope outer, List<String> names) {
        Scope s = Scope.fresh(outer.g.builder().budget());
        GraphBuilder b = s.g.builder();
        for (String n : names) {
            int outerId = outer.vars.get(n);
            int id = b.addParam(new Param(b.paramCount()), outer.g.type(outerId), Span.NONE, n);
            s.vars.put(n, id);
        }
        s.inside(outer);
        return s;
    }

    /** Lowers an if to a {@link Cond} region node whose results are the names either branch assigns. */
    void conditional(Ast.If i, Scope scope, Frame frame) {
        int p = expressions.lower(i.condition(), scope, frame, i.span());
        p = expressions.requireCondition(scope, p, i.condition().span(), "the if");
        FreeNames thenNames = FreeNames.of(lowering.blocks, i.then());
        FreeNames elseNames = FreeNames.of(lowering.blocks, i.otherwise());
        List<String> captures = new ArrayList<>();
        for (FreeNames f : List.of(thenNames, elseNames)) {
            for (String n : f.read) {
                if (scope.defines(n) && !captures.contains(n)) {
                    captures.add(n);
                }
            }
            for (String n : f.assigned) {
                if (scope.defines(n) && !captures.contains(n)) {
                    captures.add(n);
                }
            }
        }
        Scope thenScope = regionScope(scope, captures);
        for (Ast.Stmt s : i.then()) {
            lowering.statement(s, thenScope, frame);
        }
        Scope elseScope = regionScope(scope, captures);
        for (Ast.Stmt s : i.otherwise()) {
            lowering.statement(s, elseScope, frame);
        }
        List<String> outputs = new ArrayList<>();
        Map<String, String> oneSided = new HashMap<>();
        for (FreeNames f : List.of(thenNames, elseNames)) {
            for (String n : f.assigned) {
                if (outputs.contains(n) || oneSided.containsKey(n)) {
                    continue;
                }
                boolean both = thenNames.assigned.contains(n) && elseNames.assigned.contains(n);
                if (scope.defines(n) || both) {
                    outputs.add(n);
                } else {
                    oneSided.put(n, Messages.assignedInOneBranch(n, i.span().line()));
                }
            }
        }
        if (p == ERR) {
            poison(scope, outputs);
            scope.poisoned.putAll(oneSided);
            return;
        }
        List<Integer> thenResults = new ArrayList<>();
        List<Integer> elseResults = new ArrayList<>();
        boolean ok = true;
        for (String n : outputs) {
            Integer t = thenScope.vars.get(n);
            Integer e = elseScope.vars.get(n);
            if (t == null || e == null) {
                ok = false;
                continue;
            }
            Type tt = thenScope.g.type(t);
            Type et = elseScope.g.type(e);
            if (!tt.equals(et)) {
                if (tt instanceof Type.Real && et instanceof Type.Int) {
                    e = expressions.promote(elseScope, e);
                } else if (tt instanceof Type.Int && et instanceof Type.Real) {
                    t = expressions.promote(thenScope, t);
                } else if (et instanceof Type.Real && expressions.isIntLiteral(thenScope, t)) {
                    t = expressions.promote(thenScope, t);
                } else if (tt instanceof Type.Real && expressions.isIntLiteral(elseScope, e)) {
                    e = expressions.promote(elseScope, e);
                } else {
                    diagnostics.error(i.span(), Messages.branchesDiffer(n, tt, et));
                    ok = false;
                    continue;
                }
                if (!thenScope.g.type(t).equals(elseScope.g.type(e))) {
                    diagnostics.error(i.span(), Messages.branchesDiffer(n, tt, et));
                    ok = false;
                    continue;
                }
            }
            thenResults.add(t);
            elseResults.add(e);
        }
        scope.poisoned.putAll(oneSided);
        if (!ok) {
            poison(scope, outputs);
            return;
        }
        if (outputs.isEmpty() && onlyParams(thenScope) && onlyParams(elseScope)) {
            return;
        }
        // a branch that defines nothing used after it is still lowered when it computes anything: an index out
        // of range or a loop that never ends there fails in every engine (dead-node removal drops the rest)
        Cond op = new Cond(thenScope.g.builder().build(thenResults), elseScope.g.builder().build(elseResults));
        List<Integer> inputs = new ArrayList<>();
        inputs.add(p);
        for (String n : captures) {
            inputs.add(scope.vars.get(n));
        }
        scope.g.builder().setSpan(i.span());
        int node = scope.g.region(op, op.resultType(), inputs);
        for (int k = 0; k < outputs.size(); k++) {
            scope.bind(outputs.get(k), scope.g.proj(node, k));
        }
    }

    private static boolean onlyParams(Scope branch) {
        return branch.g.builder().build(List.of()).nodes().stream().allMatch(n -> n.op() instanceof dev.gradc.ops.Param);
    }

    /** After an error already reported, names the region would have defined are quietly unusable. */
    private static void poison(Scope scope, List<String> names) {
        for (String n : names) {
            if (!scope.defines(n)) {
                scope.poisoned.put(n, null);
            }
        }
    }

    /** Lowers {@code cond(p, a, b)}: a cond region with one result, only the taken branch evaluated. */
    int condExpression(int p, Ast.Expr a, Ast.Expr b, Scope scope, Frame frame, Span span) {
        FreeNames names = FreeNames.of(lowering.blocks, List.of(), a, b);
        List<String> captures = new ArrayList<>();
        for (String n : names.read) {
            if (scope.defines(n)) {
                captures.add(n);
            }
        }
        Scope thenScope = regionScope(scope, captures);
        Scope elseScope = regionScope(scope, captures);
        int t = expressions.lower(a, thenScope, frame, span);
        int e = expressions.lower(b, elseScope, frame, span);
        if (p == ERR || t == ERR || e == ERR) {
            return ERR;
        }
        Type tt = thenScope.g.type(t);
        Type et = elseScope.g.type(e);
        if (tt instanceof Type.Int && et instanceof Type.Real) {
            t = expressions.promote(thenScope, t);
        } else if (et instanceof Type.Int && tt instanceof Type.Real) {
            e = expressions.promote(elseScope, e);
        }
        if (!thenScope.g.type(t).equals(elseScope.g.type(e))) {
            diagnostics.error(span, "the two branches of 'cond' differ in type: " + tt + " and " + et);
            return ERR;
        }
        Cond op = new Cond(thenScope.g.builder().build(List.of(t)), elseScope.g.builder().build(List.of(e)));
        List<Integer> inputs = new ArrayList<>();
        inputs.add(p);
        for (String n : captures) {
            inputs.add(scope.vars.get(n));
        }
        int node = scope.g.region(op, op.resultType(), inputs);
        return scope.g.proj(node, 0);
    }
}
