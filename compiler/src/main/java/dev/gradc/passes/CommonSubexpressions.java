package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Push;
import dev.gradc.ops.StackNew;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hash-consing: a node equal to an earlier one (same op, same inputs, same type) is replaced by it. Stack
 * ops are never merged (each stack is its own object); regions are simplified inside but not merged.
 */
public final class CommonSubexpressions {

    private CommonSubexpressions() {
    }

    private record Key(Object op, List<Integer> inputs, Type type) {
    }

    public static Graph apply(Graph g) {
        Map<Key, Integer> seen = new HashMap<>();
        return Rebuild.map(g, (r, n, in) -> {
            if (n.op() instanceof Region || n.op() instanceof StackNew || n.op() instanceof Push
                    || n.op() instanceof Pop) {
                return Rebuild.copy(r, n, Rebuild.regions(n.op(), CommonSubexpressions::apply), in);
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
