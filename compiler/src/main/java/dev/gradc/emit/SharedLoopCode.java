package dev.gradc.emit;

import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes a shared loop ({@link SharedLoops}): one pass over the line that computes each shared array's element
 * into a local, adds the reduction's term and adds the row add's entry into its row —
 * {@code double t = -UBar[o + j]; mBar += t * U[p + j]; UBar[q + j] += t * m;} — where the separate code made
 * three passes (the shared array, the sum, the add). A negated shared line is written un-negated, the sum and
 * the add subtracting its terms ({@link FoldedNegation}): {@code double t = UBar[o + j]; mBar -= t * U[p + j];
 * UBar[q + j] -= t * m;}.
 */
final class SharedLoopCode {

    private final GraphCode gc;

    SharedLoopCode(GraphCode gc) {
        this.gc = gc;
    }

    /** Writes group's loop at its reduction's turn; the row add is then written, and its fused ops with it. */
    void emit(SharedLoops.Group group, java.util.function.IntPredicate fusedPlan) {
        Node red = gc.g.node(group.reduce());
        Node add = gc.g.node(group.add());
        markFused(gc.info.rep(add.input(1)), fusedPlan);
        gc.m.comment(add);
        String[] target = new OverwriteCode(gc).rowAdd(add);
        gc.m.comment(red);
        String sum = gc.declareName(red);
        gc.m.code.addStatement("double $L = 0.0", sum);
        Shape line = JavaTypes.shape(gc.g.type(add.input(1)));
        String j = gc.m.names.openLoop();
        gc.m.code.beginControlFlow("for (int $L = 0; $L < $L; $L++)", j, j, JavaTypes.size(line, gc.m.sizeVars).code(), j);
        ElementCode.Idx idx = ElementCode.Idx.of(j);
        FoldedNegation fold = FoldedNegation.of(gc, group);
        List<String> locals = new ArrayList<>();
        for (int s : group.shared()) {
            Node n = gc.g.node(s);
            String local = gc.m.names.openLocal(GraphCode.suggestion(n) == null ? "e" : GraphCode.suggestion(n));
            boolean folded = fold != null && fold.negated() == s;
            gc.m.code.addStatement("double $L = $L", local,
                    (folded ? gc.elements.elem(n.input(0), idx) : gc.elements.elemOf(n, idx)).block());
            gc.elements.elementLocal(s, local);
            locals.add(local);
        }
        Set<Integer> zeros = fold == null ? Set.of() : fold.zeros();
        for (int z : zeros) {
            gc.elements.elementLocal(z, "-0.0");
        }
        gc.m.code.addStatement("$L $L= $L", sum, fold != null && fold.sum() ? "-" : "+",
                gc.elements.elem(red.input(0), idx).block());
        gc.m.code.addStatement("$L[$L + $L] $L= $L", target[0], target[1], j, fold != null && fold.add() ? "-" : "+",
                gc.elements.elem(add.input(1), idx).block());
        gc.m.code.endControlFlow();
        for (int z : zeros) {
            gc.elements.elementLocal(z, null);
        }
        for (int k = 0; k < locals.size(); k++) {
            gc.elements.elementLocal(group.shared().get(k), null);
            gc.m.names.closeLoop(locals.get(k));
        }
        gc.m.names.closeLoop(j);
    }

    /** Marks the ops fused into the row add's value (those not written yet, after the reduction) as fused. */
    private void markFused(int id, java.util.function.IntPredicate fusedPlan) {
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>(List.of(id));
        while (!work.isEmpty()) {
            int r = work.pop();
            if (!fusedPlan.test(r) || gc.isFused(r)) {
                continue;
            }
            gc.fuse(r);
            for (int in : gc.g.node(r).inputs()) {
                work.push(gc.info.rep(in));
            }
        }
    }
}
