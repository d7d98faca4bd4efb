package dev.gradc.spark;

import java.io.PrintStream;
import java.util.Locale;

/** Told of each optimiser iteration; {@link Lbfgs} prints a line per iteration unless given another. */
@FunctionalInterface
public interface ProgressListener {

    /** Called once per iteration, the starting point (iteration 0) included. */
    void onIteration(Progress progress);

    /** Silence. */
    ProgressListener NONE = p -> {
    };

    /** A line per iteration: {@code iteration   3  loss 0.693147180560  |grad| 1.234e-02  0.412 s}. */
    static ProgressListener printingTo(PrintStream out) {
        return p -> out.println(line(p));
    }

    /** The line {@link #printingTo} prints. */
    static String line(Progress p) {
        return String.format(Locale.ROOT, "iteration %3d  loss %.12f  |grad| %.3e  %.3f s", p.iteration(), p.loss(),
                p.gradientNorm(), p.seconds());
    }
}
