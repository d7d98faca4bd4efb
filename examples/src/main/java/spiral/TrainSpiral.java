package spiral;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains {@code mlp.grad}'s classifier on two interleaved spirals with the generated gradient and Adam, then
 * reports the held-out accuracy and draws the loss curve and the decision boundary.
 *
 * <pre>
 * java -cp ... spiral.TrainSpiral [--epochs N] [--out DIR]      (default 150 epochs, DIR examples/target)
 * </pre>
 */
public final class TrainSpiral {

    /** Everything that fixes a run: data, initial weights, batches and optimiser. */
    public record Config(int perClass, double noise, long dataSeed, long initSeed, long shuffleSeed, int epochs,
                         int batchSize, double lr, int trainSize) {

        /** The run whose result the README states. */
        public static Config standard() {
            return new Config(750, 0.02, 7L, 11L, 13L, 150, 32, 0.01, 1000);
        }

        /** The same run with another number of epochs. */
        public Config withEpochs(int n) {
            return new Config(perClass, noise, dataSeed, initSeed, shuffleSeed, n, batchSize, lr, trainSize);
        }

        /** The training points (the first {@code trainSize} of the shuffled data set). */
        public Spirals train() {
            return Spirals.generate(perClass, noise, dataSeed).slice(0, trainSize);
        }

        /** The held-out points, never used for training. */
        public Spirals test() {
            Spirals all = Spirals.generate(perClass, noise, dataSeed);
            return all.slice(trainSize, all.size());
        }
    }

    /** What a run produced. */
    public record Result(double[] losses, double trainAccuracy, double testAccuracy, double[][] weights,
                         long millis) {
    }

    private TrainSpiral() {
    }

    public static void main(String[] args) throws IOException {
        Config config = Config.standard();
        Path out = Files.isDirectory(Path.of("examples")) ? Path.of("examples", "target") : Path.of("target");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--epochs" -> config = config.withEpochs(Integer.parseInt(args[i + 1]));
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: TrainSpiral [--epochs N] [--out DIR]");
            }
        }
        Result result = train(config, System.out);
        Files.createDirectories(out);
        Path curve = out.resolve("spiral-loss.png");
        Path boundary = out.resolve("spiral-boundary.png");
        Plots.lossCurve(result.losses(), curve);
        Plots.decisionBoundary(result.weights(), config.train(), config.test(), boundary);
        System.out.println("wrote " + curve + " and " + boundary);
    }

    /** Trains as {@code config} says, printing one progress line per epoch and the accuracies at the end. */
    public static Result train(Config config, PrintStream out) {
        Spirals train = config.train();
        Spirals test = config.test();
        double[][] weights = Weights.init(config.initSeed());
        out.printf("two spirals: %d training points, %d held out; MLP 2-32-32-2 (tanh), %d weights;"
                + " Adam lr %s, batch %d%n", train.size(), test.size(), count(weights), config.lr(),
                config.batchSize());
        Training training = new Training(LossGradient.COMPILED, train, config.batchSize(), weights, config.lr(),
                config.shuffleSeed());
        long start = System.nanoTime();
        double[] losses = training.run(config.epochs(), (epoch, loss) ->
                out.printf("epoch %4d/%d %s loss %.4f%n", epoch, config.epochs(), bar(epoch, config.epochs()), loss));
        long millis = (System.nanoTime() - start) / 1_000_000;
        double trainAccuracy = Training.accuracy(train, weights);
        double testAccuracy = Training.accuracy(test, weights);
        out.printf("trained in %d ms (%d steps); train accuracy %.2f%%, held-out test accuracy %.2f%% (%d points)%n",
                millis, training.steps(), 100 * trainAccuracy, 100 * testAccuracy, test.size());
        return new Result(losses, trainAccuracy, testAccuracy, weights, millis);
    }

    /** A 30-character progress bar. */
    static String bar(int done, int total) {
        int width = 30;
        int filled = (int) ((long) done * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    private static int count(double[][] weights) {
        int n = 0;
        for (double[] w : weights) {
            n += w.length;
        }
        return n;
    }
}
