package dev.gradc.check;

import dev.gradc.ModuleNames;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.diag.Span;
import dev.gradc.syntax.Ast;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks what needs the whole module: duplicate functions, parameters and size names, where {@code return}
 * stands, that a function calls only earlier functions (so there is no recursion), and that the module is
 * not named inside a package the JDK or gradc's runtime owns. Types and shapes are
 * checked as the module is lowered.
 */
public final class ModuleChecker {

    private ModuleChecker() {
    }

    public static void check(Ast.Module module, Diagnostics d) {
        if (module.functions().isEmpty()) {
            d.error(Span.point(module.span().file(), 1, 1), Messages.emptyFile());
            return;
        }
        String reserved = ModuleNames.reservedPackage(module.qualifiedName());
        if (reserved != null) {
            d.error(module.nameSpan(), Messages.reservedModuleName(module.qualifiedName(), reserved));
        }
        Map<String, Ast.Function> seen = new HashMap<>();
        Set<String> allNames = new HashSet<>();
        module.functions().forEach(f -> allNames.add(f.name()));
        for (Ast.Function f : module.functions()) {
            Ast.Function prev = seen.get(f.name());
            if (prev != null) {
                d.error(f.nameSpan(), Messages.duplicateFunction(f.name(), prev.span().line()));
            }
            Set<String> names = new HashSet<>();
            for (Ast.SizeParam s : f.sizes()) {
                if (!names.add(s.name())) {
                    d.error(s.span(), Messages.duplicateSize(s.name()));
                }
            }
            for (Ast.Param p : f.params()) {
                if (!names.add(p.name())) {
                    d.error(p.span(), Messages.duplicateParameter(p.name()));
                }
            }
            if (!f.isExtern()) {
                returns(f, d);
            }
            LoopAnnotations.check(f, d);
            calls(f, seen.keySet(), allNames, d);
            seen.putIfAbsent(f.name(), f);
        }
        RuleChecker.check(module, d);
    }

    /**
     * How deeply loops and ifs may nest. Lowering and the derivative passes are linear in the nesting, but
     * they recurse over it (on a large stack); a deeper program is told so at the block that is too deep.
     */
    public static final int MAX_NESTING = 10_000;

    private record Block(List<Ast.Stmt> stmts, int depth) {
    }

    private static void returns(Ast.Function f, Diagnostics d) {
        List<Ast.Stmt> body = f.body();
        if (body.isEmpty() || !(body.get(body.size() - 1) instanceof Ast.Return)) {
            d.error(f.nameSpan(), Messages.missingReturn(f.name()));
        }
        Deque<Block> work = new ArrayDeque<>();
        work.push(new Block(body, 0));
        boolean tooDeep = false;
        while (!work.isEmpty()) {
            Block block = work.pop();
            for (int i = 0; i < block.stmts().size(); i++) {
                Ast.Stmt s = block.stmts().get(i);
                if (s instanceof Ast.Return r && !(block.depth() == 0 && i == block.stmts().size() - 1)) {
                    d.error(r.span(), Messages.returnNotLast());
                }
                boolean nests = s instanceof Ast.While || s instanceof Ast.For || s instanceof Ast.If;
                if (nests && block.depth() >= MAX_NESTING) {
                    if (!tooDeep) {
                        d.error(s.span(), Messages.nestedBlocksTooDeep(MAX_NESTING));
                    }
                    tooDeep = true;
                    continue;
                }
                if (s instanceof Ast.While w) {
                    work.push(new Block(w.body(), block.depth() + 1));
                } else if (s instanceof Ast.For fo) {
                    work.push(new Block(fo.body(), block.depth() + 1));
                } else if (s instanceof Ast.If in) {
                    work.push(new Block(in.then(), block.depth() + 1));
                    work.push(new Block(in.otherwise(), block.depth() + 1));
                }
            }
        }
    }

    private static void calls(Ast.Function f, Set<String> earlier, Set<String> all, Diagnostics d) {
        Deque<Object> work = new ArrayDeque<>(f.body());
        while (!work.isEmpty()) {
            Object o = work.pop();
            if (o instanceof Ast.Assign a) {
                work.push(a.value());
            } else if (o instanceof Ast.Update u) {
                work.push(u.value());
                u.indices().forEach(work::push);
            } else if (o instanceof Ast.Slice sl) {
                if (sl.from() != null) {
                    work.push(sl.from());
                }
                if (sl.to() != null) {
                    work.push(sl.to());
                }
            } else if (o instanceof Ast.Return r) {
                work.push(r.value());
            } else if (o instanceof Ast.While w) {
                work.push(w.condition());
                w.body().forEach(work::push);
            } else if (o instanceof Ast.For fo) {
                work.push(fo.from());
                work.push(fo.to());
                fo.body().forEach(work::push);
            } else if (o instanceof Ast.If i) {
                work.push(i.condition());
                i.then().forEach(work::push);
                i.otherwise().forEach(work::push);
            } else if (o instanceof Ast.Call c) {
                if (c.callee().equals(f.name())) {
                    d.error(c.calleeSpan(), Messages.recursion(f.name()));
                } else if (all.contains(c.callee()) && !earlier.contains(c.callee())) {
                    d.error(c.calleeSpan(), Messages.calledBeforeDefinition(c.callee()));
                }
                c.args().forEach(work::push);
            } else if (o instanceof Ast.Derivative dv) {
                if (dv.function().equals(f.name())) {
                    d.error(dv.functionSpan(), Messages.recursion(f.name()));
                } else if (all.contains(dv.function()) && !earlier.contains(dv.function())) {
                    d.error(dv.functionSpan(), Messages.calledBeforeDefinition(dv.function()));
                }
                dv.args().forEach(work::push);
            } else if (o instanceof Ast.Unary u) {
                work.push(u.operand());
            } else if (o instanceof Ast.Binary b) {
                work.push(b.left());
                work.push(b.right());
            } else if (o instanceof Ast.Index ix) {
                work.push(ix.target());
                ix.indices().forEach(work::push);
            } else if (o instanceof Ast.ArrayLiteral al) {
                al.elements().forEach(work::push);
            }
        }
    }
}
