package dev.gradc.bench;

/** The fixed inputs of the four scalar programs, each drawn from its own fixed seed. */
public final class ScalarData {

    private ScalarData() {
    }

    /** x for poly: uniform in [-3, 3). */
    public static double polyX() {
        return new Inputs(Inputs.SEED + 1).uniform(-3, 3);
    }

    /** (w, x, y, z) for chain: each uniform in [-1, 1). */
    public static double[] chainArgs() {
        Inputs in = new Inputs(Inputs.SEED + 2);
        return new double[] {in.uniform(-1, 1), in.uniform(-1, 1), in.uniform(-1, 1), in.uniform(-1, 1)};
    }

    /** x for logsin: uniform in [0.5, 3). */
    public static double logsinX() {
        return new Inputs(Inputs.SEED + 3).uniform(0.5, 3);
    }

    /** a for the control-flow program: uniform in [0.5, 3), so the loop runs 8 or 9 times. */
    public static double controlFlowA() {
        return new Inputs(Inputs.SEED + 4).uniform(0.5, 3);
    }
}
