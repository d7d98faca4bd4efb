package dev.gradc.passes;

import dev.gradc.ir.Type;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Push;
import dev.gradc.ops.Rules;
import dev.gradc.ops.StackNew;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a forward cond hands what its branches keep to its adjoint ({@link CondAdjoint}) when a branch keeps an
 * inner cond that keeps in turn (ifs nested in ifs): each kept value goes onto one stack per type, and a branch
 * pushes onto the stacks of the inner cond it keeps (the one it adopts) instead of passing that cond's kept
 * values on one by one. So each level of nested ifs adds its own values and a fixed number of stacks, and the
 * gradient stays linear in the depth instead of passing every inner level's values through every outer one.
 * The adjoint branch pops its level's values (in reverse) before its inner conds' adjoints pop theirs.
 * Stacks a region keeps (a loop's trips) go onto a stack of stacks of their type in the same way, so a loop in
 * every level adds one push per level, not a result to every level around it. All kept values of a cond that
 * keeps no inner keeping cond are passed one by one (nothing to pass on).
 */
final class KeptStacks {

    /** Where one kept part of a region goes. */
    enum Place {
        /** Pushed onto the stack of its type. */
        STACKED,
        /** One of the adopted inner cond's stacks: the stack the branch pushes onto. */
        CONTAINER,
        /** An extra result of its own (every part, when the cond keeps nothing on stacks). */
        SEPARATE
    }

    private KeptStacks() {
    }

    /** Whether the branches' kept regions call for stacks: one of them is a cond that keeps in turn. */
    static boolean wanted(List<List<CondAdjoint.KeptRegion>> kept) {
        return kept.stream().flatMap(List::stream).anyMatch(r -> r.form() instanceof CondAdjoint.Keeping);
    }

    /** The region whose stacks a branch pushes onto: its last kept cond that keeps on stacks; or -1. */
    static int adopted(List<CondAdjoint.KeptRegion> kept) {
        for (int r = kept.size() - 1; r >= 0; r--) {
            if (kept.get(r).form() instanceof CondAdjoint.Keeping k && !k.stacked().isEmpty()) {
                return r;
            }
        }
        return -1;
    }

    /**
     * Where part i of kept region r goes, {@code adopted} being the branch's adopted region: a stack of the
     * adopted cond is the container; anything else, a loop's stack too, is pushed onto the stack of its type.
     */
    static Place place(List<CondAdjoint.KeptRegion> kept, int adopted, int r, int i) {
        if (r == adopted) {
            CondAdjoint.Keeping k = (CondAdjoint.Keeping) kept.get(r).form();
            if (i >= k.results() && i < k.results() + k.stacked().size()) {
                return Place.CONTAINER;
            }
        }
        return Place.STACKED;
    }

    /** The element type of the stack that part i of kept region r goes onto, or is (a container). */
    static Type element(List<CondAdjoint.KeptRegion> kept, int r, int i, Place place) {
        if (place == Place.CONTAINER) {
            CondAdjoint.Keeping k = (CondAdjoint.Keeping) kept.get(r).form();
            return k.stacked().get(i - k.results());
        }
        return kept.get(r).parts().get(i);
    }

    /** The stacks' element types over both branches, in the order first seen. */
    static List<Type> types(List<List<CondAdjoint.KeptRegion>> kept, int[] adopted) {
        Set<Type> types = new LinkedHashSet<>();
        for (int b = 0; b < kept.size(); b++) {
            List<CondAdjoint.KeptRegion> regions = kept.get(b);
            for (int r = 0; r < regions.size(); r++) {
                for (int i = 0; i < regions.get(r).width(); i++) {
                    types.add(element(regions, r, i, place(regions, adopted[b], r, i)));
                }
            }
        }
        return List.copyOf(types);
    }

    /**
     * The forward branch's stacks, in {@code types} order: the adopted region's (or new ones) with every stacked
     * part of the kept regions ({@code values}: each region's node) pushed in order.
     */
    static List<Integer> push(Rules rg, List<Integer> values, List<CondAdjoint.KeptRegion> kept, int adopted,
                              List<Type> types) {
        Map<Type, Integer> stacks = new LinkedHashMap<>();
        for (int r = 0; r < kept.size(); r++) {
            for (int i = 0; i < kept.get(r).width(); i++) {
                if (place(kept, adopted, r, i) == Place.CONTAINER) {
                    stacks.put(element(kept, r, i, Place.CONTAINER), kept.get(r).part(rg, values.get(r), i));
                }
            }
        }
        for (Type t : types) {
            stacks.computeIfAbsent(t, e -> rg.apply(new StackNew(e)));
        }
        for (int r = 0; r < kept.size(); r++) {
            for (int i = 0; i < kept.get(r).width(); i++) {
                Place p = place(kept, adopted, r, i);
                if (p == Place.STACKED) {
                    Type t = element(kept, r, i, p);
                    stacks.put(t, rg.apply(new Push(), stacks.get(t), kept.get(r).part(rg, values.get(r), i)));
                }
            }
        }
        return types.stream().map(stacks::get).toList();
    }

    /**
     * The kept regions of branch b as its adjoint branch's forward sweep takes them: each region's results put
     * together (stacked parts popped, in reverse, from the stacks at parameters {@code stacksAt}; an adopted
     * cond's stacks as they are after those pops; or, when the cond stacks nothing, each part from a parameter
     * of its own), and its form.
     */
    static void given(Rules rg, int[] p, int stacksAt, CondAdjoint.Keeping keeping, int b, Map<Integer, Integer> known,
                      Map<Integer, Reverse.LoopForm> forms) {
        List<CondAdjoint.KeptRegion> kept = keeping.of(b);
        List<Type> types = keeping.stacked();
        Map<Type, Integer> stacks = new LinkedHashMap<>();
        for (int s = 0; s < types.size(); s++) {
            stacks.put(types.get(s), p[stacksAt + s]);
        }
        int[][] parts = new int[kept.size()][];
        for (int r = kept.size() - 1; r >= 0; r--) {
            parts[r] = new int[kept.get(r).width()];
            for (int i = parts[r].length - 1; i >= 0; i--) {
                Place place = keeping.place(b, r, i);
                if (place == Place.STACKED) {
                    Type t = element(kept, r, i, place);
                    int pop = rg.apply(new Pop(), stacks.get(t));
                    stacks.put(t, rg.proj(pop, 0));
                    parts[r][i] = rg.proj(pop, 1);
                }
            }
        }
        int at = stacksAt + types.size() + keeping.separateStart(b);
        for (int r = 0; r < kept.size(); r++) {
            List<Integer> tuple = new ArrayList<>();
            for (int i = 0; i < parts[r].length; i++) {
                Place place = keeping.place(b, r, i);
                tuple.add(place == Place.STACKED ? parts[r][i]
                        : place == Place.CONTAINER ? stacks.get(element(kept, r, i, place)) : p[at++]);
            }
            known.put(kept.get(r).id(), kept.get(r).given(rg, tuple));
            if (kept.get(r).form() != null) {
                forms.put(kept.get(r).id(), kept.get(r).form());
            }
        }
    }
}
