package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hash-consing: a node equal to an earlier one (same op, same inputs, same type) is replaced by it. Stateful
 * ops ({@link dev.gradc.ir.Op#stateful}: stacks) are never merged; regions are simplified inside but not merged.
 */
public final class CommonSubexpressions {

    private CommonSubexpressions() {
    }

    private record Key(Object op, List<Integer> inputs, Type type) {
    }

    public static Graph apply(Graph g) {
        return new Rebuild.Shared(CommonSubexpressions::apply).apply(g);
    }

    private static Graph apply(Graph g, Rebuild.Shared shared) {
        Map<Key, Integer> seen = new HashMap<>();
        return Rebuild.map(g, (r, n, in) -> {
            if (n.op() instanceof Region || n.op().stateful()) {
                return Rebuild.copy(r, n, Rebuild.regions(n.op(), shared::apply), in);
            }
            Key key = new Key(n.op(), in, n.type());
            Integer earlier = seen.get(key);
            if (earlier != null) {
                r.builder().label(earlier, n.label());
                return earlier;
            }
            int id = Rebuild.copy(r, n, in);
            seen.put(key, id);
            return id;
        });
    }
}
