package dev.gradc.ir;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Binds size names from dimensions that must be equal: each declared dimension (an affine form in the names
 * being solved for) against the dimension actually given (a number at run time, an affine form of the
 * caller's sizes when a call is inlined). A dimension with one unbound name fixes it, when the division is
 * exact; bindings found this way feed the other dimensions until nothing more is learnt. The caller then
 * compares every dimension under the bindings, which reports whatever stayed inconsistent.
 */
public final class SizeSolver {

    private SizeSolver() {
    }

    /** One equation: {@code declared == actual}. */
    public record Equation(Dim declared, Dim actual) {
    }

    /** The names of {@code unknowns} that the equations fix, added to {@code known} (which is not changed). */
    public static Map<String, Dim> solve(List<Equation> equations, Set<String> unknowns, Map<String, Dim> known) {
        Map<String, Dim> bound = new LinkedHashMap<>(known);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Equation e : equations) {
                Dim d = Dim.substitute(e.declared(), bound);
                String open = null;
                int count = 0;
                for (String n : d.terms().keySet()) {
                    if (unknowns.contains(n) && !bound.containsKey(n)) {
                        open = n;
                        count++;
                    }
                }
                if (count != 1) {
                    continue;
                }
                long k = d.terms().get(open);
                TreeMap<String, Long> rest = new TreeMap<>(d.terms());
                rest.remove(open);
                Dim value = Dim.plus(e.actual(), -1, Dim.affine(d.constant(), rest, null));
                Dim solved = divide(value, k);
                if (solved != null) {
                    bound.put(open, solved);
                    progress = true;
                }
            }
        }
        return bound;
    }

    /** {@code d / k} when every coefficient divides exactly, else null. */
    private static Dim divide(Dim d, long k) {
        if (d.constant() % k != 0) {
            return null;
        }
        TreeMap<String, Long> t = new TreeMap<>();
        for (Map.Entry<String, Long> e : d.terms().entrySet()) {
            if (e.getValue() % k != 0) {
                return null;
            }
            t.put(e.getKey(), e.getValue() / k);
        }
        return Dim.affine(d.constant() / k, t, null);
    }
}
