package spiral;

/** Something that computes the network's loss on a batch and its gradient w.r.t. every parameter. */
public interface LossGradient {

    /** A short name for tables. */
    String name();

    /**
     * The mean cross-entropy on the batch; writes the gradient of each parameter into {@code grads}
     * (arrays shaped like {@code params}, overwritten).
     */
    double lossAndGradient(Spirals batch, double[][] params, double[][] grads);

    /** The gradient gradc generated from {@code mlp.grad} (define-and-run). */
    LossGradient COMPILED = new LossGradient() {
        @Override
        public String name() {
            return "generated (Mlp.lossGrad)";
        }

        @Override
        public double lossAndGradient(Spirals batch, double[][] p, double[][] grads) {
            Mlp.Loss.Grad g = Mlp.lossGrad(batch.size(), batch.x(), batch.y(), p[0], p[1], p[2], p[3], p[4], p[5]);
            double[][] parts = {g.W1(), g.b1(), g.W2(), g.b2(), g.W3(), g.b3()};
            for (int i = 0; i < parts.length; i++) {
                System.arraycopy(parts[i], 0, grads[i], 0, parts[i].length);
            }
            return g.value();
        }
    };

    /** The same network written with the define-by-run tape, recorded anew on every call. */
    LossGradient TAPE = new TapeMlp();
}
