package spiral;

import java.util.Random;

/**
 * Minibatch training of {@code mlp.grad}'s network with Adam: per epoch the training set is shuffled (from a
 * seed) and cut into batches of {@code batchSize} (the last one may be smaller: B is a size name, bound
 * per call). Whatever computes the gradient, the same seeds give the same batches and the same updates.
 */
public final class Training {

    /** Called after every epoch with its number (from 1) and the mean loss of its batches. */
    public interface EpochListener {
        void epochDone(int epoch, double meanLoss);
    }

    private final LossGradient gradient;
    private final Spirals train;
    private final int batchSize;
    private final double[][] params;
    private final double[][] grads;
    private final Adam adam;
    private final Random shuffle;
    private int steps;

    /** Training of {@code params} (updated in place) on {@code train}. */
    public Training(LossGradient gradient, Spirals train, int batchSize, double[][] params, double lr,
                    long shuffleSeed) {
        this.gradient = gradient;
        this.train = train;
        this.batchSize = batchSize;
        this.params = params;
        this.grads = Weights.copy(params);
        this.adam = new Adam(params, lr);
        this.shuffle = new Random(shuffleSeed);
    }

    /** Runs {@code epochs} epochs; gives the mean batch loss of each. */
    public double[] run(int epochs, EpochListener listener) {
        double[] losses = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            losses[e] = epoch();
            listener.epochDone(e + 1, losses[e]);
        }
        return losses;
    }

    /** One pass over the shuffled training set; the mean loss of its batches. */
    public double epoch() {
        int n = train.size();
        int[] order = permutation(n);
        double total = 0;
        int batches = 0;
        for (int from = 0; from < n; from += batchSize) {
            total += step(train.select(order, from, Math.min(n, from + batchSize)));
            batches++;
        }
        return total / batches;
    }

    /** One Adam step on one batch; the batch's loss before the step. */
    public double step(Spirals batch) {
        double loss = gradient.lossAndGradient(batch, params, grads);
        adam.step(params, grads);
        steps++;
        return loss;
    }

    /** How many steps were taken. */
    public int steps() {
        return steps;
    }

    private int[] permutation(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The fraction of points whose larger logit is their label's, with the value-only generated code. */
    public static double accuracy(Spirals data, double[][] p) {
        double[] z = Mlp.logits(data.size(), data.x(), p[0], p[1], p[2], p[3], p[4], p[5]);
        int right = 0;
        for (int i = 0; i < data.size(); i++) {
            int predicted = z[2 * i + 1] > z[2 * i] ? 1 : 0;
            right += predicted == data.label()[i] ? 1 : 0;
        }
        return (double) right / data.size();
    }

    /** The mean loss on a data set, with the value-only generated code. */
    public static double loss(Spirals data, double[][] p) {
        return Mlp.loss(data.size(), data.x(), data.y(), p[0], p[1], p[2], p[3], p[4], p[5]);
    }
}
