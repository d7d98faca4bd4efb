package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Push;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The part of a {@link Journal} that passes through an inner loop: a carried array of the outer loop that an
 * inner loop carries and writes at a few entries per trip ({@code for k in 0..3 { z[i + k] += e; }}). The
 * forward copy of the inner loop also carries the outer journal's stacks and a trip count, and each inner trip
 * pushes the entries its writes overwrote with all their indices (the inner journal, {@link Journal#forOuter});
 * the outer trip pushes the inner trip count. The outer adjoint loop pops that count and runs a loop as many
 * times that writes the entries back, last inner trip first: O(entries written) per outer trip, not the array.
 */
final class JournalLoops {

    private JournalLoops() {
    }

    /**
     * An inner loop the chain passes through as its carried value {@code carried}, its own journal of it, and
     * the carried values it replaces whole per trip that are kept whole ({@code kept}: for a handed loop,
     * {@link HandedLoops}; none otherwise): pushed at the start of every inner trip, and once more after the
     * loop (the loop's result, which the outer body may read), so its reversal pops the result first and
     * then, last trip first, each trip's start. A handed loop of a loop's own journal also keeps per trip the
     * values of the body's nodes {@code products} ({@link KeptProducts}), which its reversal takes as known. A
     * handed loop's scalar inputs that the outer trip computes from its carried arrays ({@code inputs}: positions,
     * {@link HandedLoops#keptInputs}; the multiplier {@code m = U[i, k] / U[k, k]} of an elimination's element
     * loop) are pushed once per outer trip, as the loop starts: its reversal runs before the outer body's has the
     * array they were read from — unless they read only entries of the array that the reversal has as the program
     * had them ({@code clean}: positions, {@link TrailingUpdates#cleanInput}), which it computes again from the
     * array it carries. A handed loop's trip count is pushed once per outer trip ({@code tripsKept}) unless the
     * loop is counted ({@link While#counted}) from a start and to a bound the reversal computes again (not kept
     * inputs): then it is {@code max(0, to - from)} again ({@link HandedLoops#known}).
     */
    record Through(Node loop, int carried, Journal inner, List<Integer> kept, List<Integer> products,
                   List<Integer> inputs, List<Integer> clean, boolean tripsKept) {

        Through {
            kept = List.copyOf(kept);
            products = List.copyOf(products);
            inputs = List.copyOf(inputs);
            clean = List.copyOf(clean);
        }

        While op() {
            return (While) loop.op();
        }

        /**
         * The inner trip count's stack (when {@link #tripsKept}), then the inner journal's, one per value kept whole,
         * one per product (the stacks the inner loop carries: {@link #loopStacks}), one per input kept.
         */
        List<Type> stackTypes() {
            List<Type> out = new ArrayList<>();
            if (tripsKept) {
                out.add(new Type.Stack(Type.INT));
            }
            out.addAll(inner.stackTypes());
            for (int j : kept) {
                out.add(keptType(j));
            }
            out.addAll(productTypes());
            for (int q : inputs) {
                out.add(new Type.Stack(inputType(q)));
            }
            return out;
        }

        /** The number of stacks before the journal's: 1 for the trip count's when it is kept, else 0. */
        int tripStacks() {
            return tripsKept ? 1 : 0;
        }

        /** The number of stacks after the trip count's that the inner loop carries (not the inputs' stacks). */
        int loopStacks() {
            return productStack(products.size()) - tripStacks();
        }

        /** The type of the loop's input q (a scalar), as its body's parameter says. */
        Type inputType(int q) {
            return op().body().type(op().body().params().get(q));
        }

        /** The position (from the first stack, 0) of the stack of the {@code i}th input kept. */
        int inputStack(int i) {
            return productStack(products.size()) + i;
        }

        /** The stacks of the products kept per trip, in order. */
        List<Type> productTypes() {
            List<Type> out = new ArrayList<>();
            for (int p : products) {
                out.add(new Type.Stack(op().body().type(p)));
            }
            return out;
        }

        /** The stack of carried value j kept whole. */
        Type keptType(int j) {
            return new Type.Stack(op().body().type(op().body().params().get(j)));
        }

        /** The position (from the first stack, 0) of the {@code e}th stack of the inner journal. */
        int journalStack(int e) {
            return tripStacks() + e;
        }

        /** The position (from the first stack, 0) of the stack of the {@code i}th value kept whole. */
        int keptStack(int i) {
            return journalStack(inner.stackTypes().size()) + i;
        }

        /** The position (from the first stack, 0) of the stack of the {@code i}th product kept. */
        int productStack(int i) {
            return keptStack(kept.size()) + i;
        }
    }

    /** How the array that leaves loop node {@code loop} as result {@code result} went through it; or null. */
    static Through of(Node loop, int result) {
        While w = (While) loop.op();
        if (result >= w.carried()) {
            return null;
        }
        Journal inner = Journal.forOuter(w.body(), w.carried(), result);
        return inner.journaled(result) ? new Through(loop, result, inner, List.of(), List.of(), List.of(), List.of(), true)
                : null;
    }

    /**
     * As {@link #of}, for an inner loop of outer loop body {@code outer} whose outer loop hands its journal on
     * ({@link HandedLoops}; {@code carried}: the outer body's carried values): the inner journal is {@link
     * Journal#handedBy}'s, whose stacks the inner loop's own adjoint loop pops; when {@code products} (the outer
     * loop's own journal, not one handed on in turn), its products are kept per trip ({@link KeptProducts}).
     */
    static Through handed(Graph outer, int carried, Node loop, int result, boolean products) {
        return handed(outer, carried, loop, result, products, -1);
    }

    /**
     * As {@link #handed(Graph, int, Node, int, boolean)}; {@code column}: as {@link Journal#handedBy(Graph, int, int,
     * int)}'s, the inner body's column parameter whose entry per row is kept, or -1.
     */
    static Through handed(Graph outer, int carried, Node loop, int result, boolean products, int column) {
        return handed(outer, carried, loop, result, products, column, false);
    }

    /**
     * As {@link #handed(Graph, int, Node, int, boolean, int)}; {@code trailing}: as {@link Journal#handedBy(Graph,
     * int, int, int, boolean)}'s, the loop is part of a trailing-submatrix update ({@link TrailingUpdates}).
     */
    static Through handed(Graph outer, int carried, Node loop, int result, boolean products, int column,
                          boolean trailing) {
        While w = (While) loop.op();
        Journal inner = Journal.handedBy(w.body(), w.carried(), result, column, trailing);
        if (!inner.journaled(result)) {
            return null;
        }
        List<Integer> inputs = new ArrayList<>(HandedLoops.keptInputs(outer, carried, loop, result));
        List<Integer> clean = new ArrayList<>();
        for (int q : List.copyOf(inputs)) {
            if (trailing && TrailingUpdates.cleanInput(outer, carried, loop, result, q)) {
                inputs.remove((Integer) q);
                clean.add(q);
            }
        }
        While.Counted c = w.counted();
        boolean tripsKept = c == null || inputs.contains(c.counter()) || c.inputBound() && inputs.contains(c.toInput());
        return new Through(loop, result, inner, HandedLoops.keptWhole(w, result),
                products ? KeptProducts.of(outer, loop) : List.of(), inputs, clean, tripsKept);
    }

    /**
     * Copies loop node n into {@code bg} ({@code map}: the ids of its inputs there) carrying the journal's stacks
     * from {@code first} ({@code pushed}, updated) and a trip count, which it pushes. Gives the copy's node.
     */
    static int copyKeeping(Rules bg, Through t, int[] map, int[] pushed, int first) {
        Node n = t.loop();
        While w = t.op();
        int k = w.carried();
        int m = n.inputs().size() - k;
        Graph body = w.body();
        int first0 = t.tripStacks();
        List<Type> stacks = t.stackTypes().subList(first0, first0 + t.loopStacks());
        int journal = t.inner().stackTypes().size();
        int extras = stacks.size() + first0;
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        LoopInputs.addCarried(n, body, k, map, types, labels, inputs);
        for (int e = 0; e < stacks.size(); e++) {
            types.add(stacks.get(e));
            labels.add(null);
            inputs.add(pushed[first + first0 + e]);
        }
        if (t.tripsKept()) { // the trips counted as they run
            types.add(Type.INT);
            labels.add("innerTrips");
            inputs.add(bg.intConstant(0));
        }
        for (int i = k; i < k + m; i++) {
            types.add(body.type(body.params().get(i)));
            labels.add(body.node(body.params().get(i)).label());
            inputs.add(map[n.input(i)]);
        }
        Rules cg = Copy.region(types, labels, bg.builder().role());
        int[] cp = Copy.params(cg);
        int[] cm = Copy.graph(cg, w.condition(), LoopInputs.withoutExtras(cp, k, extras, m));
        Rules rb = Copy.region(types, labels, bg.builder().role());
        int[] bp = Copy.params(rb);
        int[] innerStacks = Arrays.copyOfRange(bp, k, k + journal);
        int[] innerPushed = new int[stacks.size()];
        int[] bm = t.inner().copyKeeping(rb, LoopInputs.withoutExtras(bp, k, extras, m), innerStacks, innerPushed);
        for (int i = 0; i < t.kept().size(); i++) { // the trip's start of a value kept whole
            innerPushed[journal + i] = rb.apply(new Push(), bp[k + journal + i], bp[t.kept().get(i)]);
        }
        for (int i = 0; i < t.products().size(); i++) { // the trip's products, known to its reversal
            int s = t.productStack(i) - first0;
            innerPushed[s] = rb.apply(new Push(), bp[k + s], bm[t.products().get(i)]);
        }
        List<Integer> results = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            results.add(bm[body.result(j)]);
        }
        for (int e : innerPushed) {
            results.add(e);
        }
        if (t.tripsKept()) {
            results.add(rb.add(bp[k + stacks.size()], rb.intConstant(1)));
        }
        While rebuilt = new While(cg.builder().build(List.of(cm[w.condition().result(0)])), rb.builder().build(results),
                k + extras, w.where(), null, LoopInputs.moved(w, extras));
        bg.builder().setSpan(n.span());
        int node = bg.region(rebuilt, rebuilt.resultType(), inputs);
        for (int e = 0; e < stacks.size(); e++) {
            pushed[first + first0 + e] = bg.proj(node, k + e);
        }
        for (int i = 0; i < t.kept().size(); i++) { // and its value after the loop, which the outer body may read
            int s = first + t.keptStack(i);
            pushed[s] = bg.apply(new Push(), pushed[s], bg.proj(node, t.kept().get(i)));
        }
        if (t.tripsKept()) {
            pushed[first] = bg.apply(new Push(), pushed[first], bg.proj(node, k + stacks.size()));
        }
        for (int i = 0; i < t.inputs().size(); i++) { // what the reversal cannot compute again before it has the array
            int s = first + t.inputStack(i);
            pushed[s] = bg.apply(new Push(), pushed[s], map[n.input(t.inputs().get(i))]);
        }
        return node;
    }

    /**
     * The array before inner loop t from {@code after}, the array after it: its trip count popped (from {@code
     * first} in {@code popped}, updated), then as many trips of a loop that restores one inner trip each from
     * the inner journal's stacks.
     */
    static int restore(Rules bg, Through t, int after, int[] popped, int first) {
        bg.builder().setSpan(t.loop().span());
        int pop = bg.apply(new Pop(), popped[first]);
        popped[first] = bg.proj(pop, 0);
        List<Type> stacks = t.inner().stackTypes();
        List<Type> types = new ArrayList<>(List.of(Type.INT, bg.type(after)));
        types.addAll(stacks);
        List<Integer> inputs = new ArrayList<>(List.of(bg.proj(pop, 1), after));
        for (int e = 0; e < stacks.size(); e++) {
            inputs.add(popped[first + 1 + e]);
        }
        List<String> labels = new ArrayList<>(Collections.nCopies(types.size(), (String) null));
        labels.set(0, "innerTrips");
        Rules cg = Copy.region(types, labels, bg.builder().role());
        int more = cg.compare(Compare.GT, Copy.params(cg)[0], cg.intConstant(0));
        Rules rb = Copy.region(types, labels, bg.builder().role());
        int[] p = Copy.params(rb);
        int[] innerPopped = Arrays.copyOfRange(p, 2, p.length);
        int[] none = new int[t.op().body().params().size()];
        Arrays.fill(none, dev.gradc.ops.Primitive.NONE);
        int before = t.inner().restore(rb, t.carried(), p[1], innerPopped, none);
        List<Integer> results = new ArrayList<>(List.of(rb.sub(p[0], rb.intConstant(1)), before));
        for (int e : innerPopped) {
            results.add(e);
        }
        While loop = new While(cg.builder().build(List.of(more)), rb.builder().build(results), types.size(),
                t.op().where());
        bg.builder().setSpan(t.loop().span());
        int node = bg.region(loop, loop.resultType(), inputs);
        for (int e = 0; e < stacks.size(); e++) {
            popped[first + 1 + e] = bg.proj(node, 2 + e);
        }
        return bg.proj(node, 1);
    }
}
