package dev.gradc.lower;

import dev.gradc.ir.GraphBuilder;
import dev.gradc.ops.Rules;
import java.util.LinkedHashMap;
import java.util.Map;

/** The names visible while lowering one graph (a function body or a region), and the builder of that graph. */
final class Scope {

    final Rules g;
    final Map<String, Integer> vars = new LinkedHashMap<>();
    /** Names that exist but may not be read here, with the message that says why. */
    final Map<String, String> poisoned = new LinkedHashMap<>();

    Scope(Rules g) {
        this.g = g;
    }

    static Scope fresh() {
        return new Scope(new Rules(new GraphBuilder()));
    }

    void bind(String name, int id) {
        vars.put(name, id);
        poisoned.remove(name);
        g.builder().label(id, name);
    }

    boolean defines(String name) {
        return vars.containsKey(name);
    }
}
