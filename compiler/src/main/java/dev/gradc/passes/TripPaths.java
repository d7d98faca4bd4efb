package dev.gradc.passes;

import dev.gradc.ops.Primitive;
import dev.gradc.ops.Rules;

/**
 * Whether the carried adjoints of an adjoint loop have a path ({@link Paths}) on the trip being reversed. A
 * carried value whose result no seeded result reads (or reads only on a path not taken) has an adjoint only
 * from the trip on which the program first used it towards a result — {@code if (i == 0) { s = s + a; }}
 * reaches {@code a} on the first trip only — and before that (the later trips, reversed first) its adjoint is
 * zero because no path exists: such a carried adjoint goes with a carried bool, false until a trip's
 * contribution with a path arrives, which the trip's reversal takes as its seed's path, so a zero adjoint times
 * a NaN or infinite partial adds exactly zero, as on the tape. Adjoints seeded on every path need no flag, and
 * their code is unchanged.
 */
final class TripPaths {

    private TripPaths() {
    }

    /**
     * Per carried value of a loop, where its adjoint's flag starts: NONE when the adjoint always has a path
     * (seeded, on every path) or is not carried; else a bool node (false: not seeded).
     *
     * @param types the carried values' types (only real adjoints are guarded; a stack's never is)
     * @param resultPaths per result, when its seed has a path (NONE always), or null (always)
     */
    static int[] starts(Rules g, boolean[] cv, int[] resultBar, int[] resultPaths,
                        java.util.function.IntFunction<dev.gradc.ir.Type> types) {
        int[] starts = new int[cv.length];
        for (int j = 0; j < cv.length; j++) {
            starts[j] = Primitive.NONE;
            if (!cv[j] || !Activity.isReal(types.apply(j))) {
                continue;
            }
            if (resultBar[j] == Primitive.NONE) {
                starts[j] = g.boolConstant(false);
            } else if (resultPaths != null && resultPaths[j] != Primitive.NONE) {
                starts[j] = resultPaths[j];
            }
        }
        return starts;
    }

    /** The flag after a reversed trip from the adjoint it gave a carried value and that adjoint's path. */
    static int next(Rules bg, int adjoint, int path) {
        if (adjoint == Primitive.NONE) {
            return bg.boolConstant(false);
        }
        return path == Primitive.NONE ? bg.boolConstant(true) : path;
    }
}
