package dev.gradc.runtime.checkpoint;

/**
 * The arrays a checkpointed loop's sweep reuses for the trips it recomputes, allocated on first use: once per
 * sweep, and not at all by a sweep that recomputes nothing (a loop whose states all fit in the kept-values
 * budget sets up its checkpointed sweeps but never runs them). Generated code holds one or two slots per array
 * ({@code new double[2][]}: an adjoint sweep takes the slot of its turn, which changes every reversed trip).
 */
public final class SweepBuffers {

    private SweepBuffers() {
    }

    /** The array in {@code slots[turn ? 1 : 0]}, allocated there with {@code size} doubles on first use. */
    public static double[] take(double[][] slots, boolean turn, int size) {
        int slot = turn ? 1 : 0;
        double[] buffer = slots[slot];
        if (buffer == null) {
            buffer = new double[size];
            slots[slot] = buffer;
        }
        return buffer;
    }
}
