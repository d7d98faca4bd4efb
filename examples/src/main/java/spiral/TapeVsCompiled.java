package spiral;

import java.io.PrintStream;

/**
 * The same training twice — same data, same initial weights, same batches, same Adam, same number of steps —
 * once with the gradient gradc generated (define-and-run) and once through the define-by-run tape, timed
 * side by side. Both compute the same gradients, so both end at the same loss; only the time differs.
 *
 * <pre>
 * java -cp ... spiral.TapeVsCompiled [EPOCHS]      (default 20)
 * </pre>
 */
public final class TapeVsCompiled {

    /** One engine's run: the loss of each epoch, the final weights, and the time. */
    public record Run(String engine, double[] losses, double[][] weights, int steps, long nanos) {

        /** Microseconds per training step (gradient and Adam update). */
        public double microsPerStep() {
            return nanos / 1e3 / steps;
        }
    }

    private TapeVsCompiled() {
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        compare(TrainSpiral.Config.standard().withEpochs(epochs), 5, System.out);
    }

    /** Trains with {@code gradient} for {@code epochs} epochs from the config's seeds. */
    public static Run train(LossGradient gradient, TrainSpiral.Config config, int epochs) {
        double[][] weights = Weights.init(config.initSeed());
        Training training = new Training(gradient, config.train(), config.batchSize(), weights, config.lr(),
                config.shuffleSeed());
        long start = System.nanoTime();
        double[] losses = training.run(epochs, (e, l) -> { });
        long nanos = System.nanoTime() - start;
        return new Run(gradient.name(), losses, weights, training.steps(), nanos);
    }

    /**
     * Warms both up, then times {@code rounds} alternating runs of each and keeps each engine's fastest (the
     * least disturbed by other work on the machine); prints a table and the speed-up; gives {compiled, tape}.
     */
    public static Run[] compare(TrainSpiral.Config config, int rounds, PrintStream out) {
        // warm-up: the JIT compiles the generated code after a few thousand calls; time only compiled code
        train(LossGradient.COMPILED, config, 100);
        train(LossGradient.TAPE, config, 30);
        Run compiled = null;
        Run tape = null;
        for (int r = 0; r < rounds; r++) {
            compiled = faster(compiled, train(LossGradient.COMPILED, config, config.epochs()));
            tape = faster(tape, train(LossGradient.TAPE, config, config.epochs()));
        }

        out.printf("same data, initial weights, batches and Adam; %d epochs = %d steps of batch %d each;"
                + " best of %d runs after warm-up%n", config.epochs(), compiled.steps(), config.batchSize(), rounds);
        out.printf("%-28s %12s %14s %16s%n", "gradient", "total ms", "us per step", "final loss");
        for (Run r : new Run[] {compiled, tape}) {
            out.printf("%-28s %12.1f %14.1f %16.12f%n", r.engine(), r.nanos() / 1e6, r.microsPerStep(),
                    r.losses()[r.losses().length - 1]);
        }
        out.printf("largest difference between the two runs' final weights: %.1e%n",
                maxDifference(compiled.weights(), tape.weights()));
        out.printf("speed-up of the generated gradient over the tape: %.1fx%n",
                (double) tape.nanos() / compiled.nanos());
        return new Run[] {compiled, tape};
    }

    private static Run faster(Run best, Run next) {
        return best == null || next.nanos() < best.nanos() ? next : best;
    }

    /** The largest absolute difference between two sets of weights. */
    public static double maxDifference(double[][] a, double[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[i].length; k++) {
                max = Math.max(max, Math.abs(a[i][k] - b[i][k]));
            }
        }
        return max;
    }
}
