package dev.gradc.passes;

import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one gradient pass has learnt about a loop's body, learnt once: keyed by the loop (by identity, since region
 * graphs are shared), how loops are differentiated (a nested pass may choose otherwise) and which of the body's
 * parameters vary. {@link CheckpointInner} and {@link KeptRegions} each learn theirs by sweeping the body into a
 * builder that is then dropped; {@link GradientPass} forgets both when it ends.
 *
 * @param <V> what is learnt; null is a value too (nothing to keep), remembered like any other
 */
final class LoopMemo<V> {

    /** How a value is learnt the first time. */
    interface Sweep<V> {
        V of(While w, boolean[] paramVaried, GradientPass.Loops loops);
    }

    private final ThreadLocal<IdentityHashMap<While, Map<List<Object>, V>>> known =
            ThreadLocal.withInitial(IdentityHashMap::new);

    /** What {@code sweep} gives for loop w with these parameters varied, swept once per key in this pass. */
    V get(While w, boolean[] paramVaried, GradientPass.Loops loops, Sweep<V> sweep) {
        List<Object> key = new ArrayList<>();
        key.add(loops);
        for (boolean b : paramVaried) {
            key.add(b);
        }
        Map<List<Object>, V> byKey = known.get().computeIfAbsent(w, x -> new HashMap<>());
        if (byKey.containsKey(key)) {
            return byKey.get(key);
        }
        V value = sweep.of(w, paramVaried, loops);
        byKey.put(key, value);
        return value;
    }

    /** Forgets everything learnt: a gradient pass ends. */
    void forget() {
        known.remove();
    }
}
