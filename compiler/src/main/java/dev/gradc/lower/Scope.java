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
    /** The enclosing scope whose poisoned names are seen here too (not copied: nesting stays linear). */
    private Scope enclosing;

    Scope(Rules g) {
        this.g = g;
    }

    /** A scope for a new graph, unbudgeted and without sharing (for graphs made outside lowering proper). */
    static Scope fresh() {
        return new Scope(new Rules(new GraphBuilder()));
    }

    /** A scope for a new graph whose builder shares equal nodes and spends from {@code budget}. */
    static Scope fresh(GraphBuilder.Budget budget) {
        return new Scope(new Rules(new GraphBuilder(true, budget)));
    }

    void bind(String name, int id) {
        vars.put(name, id);
        poisoned.remove(name);
        g.builder().label(id, name);
    }

    /** A scope for a region inside {@code outer}: it sees outer's poisoned names. */
    Scope inside(Scope outer) {
        enclosing = outer;
        return this;
    }

    /** Whether {@code name} may not be read here (here or in an enclosing scope, unless bound since). */
    boolean isPoisoned(String name) {
        for (Scope s = this; s != null; s = s.enclosing) {
            if (s.poisoned.containsKey(name)) {
                return true;
            }
            if (s != this && s.vars.containsKey(name)) {
                return false;
            }
        }
        return false;
    }

    /** Why {@code name} may not be read here (null: an error was reported already); see {@link #isPoisoned}. */
    String poisonReason(String name) {
        for (Scope s = this; s != null; s = s.enclosing) {
            if (s.poisoned.containsKey(name)) {
                return s.poisoned.get(name);
            }
        }
        return null;
    }

    boolean defines(String name) {
        return vars.containsKey(name);
    }
}
