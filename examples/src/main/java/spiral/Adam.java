package spiral;

/**
 * The Adam optimiser (Kingma and Ba, 2015) in plain Java, over a list of parameter arrays updated in place:
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr·m̂/(√v̂ + ε), with bias-corrected m̂ and v̂.
 */
public final class Adam {

    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double[][] m;
    private final double[][] v;
    private int t;

    /** Adam with the usual β₁ = 0.9, β₂ = 0.999, ε = 1e-8, for parameters shaped like {@code params}. */
    public Adam(double[][] params, double lr) {
        this.lr = lr;
        this.beta1 = 0.9;
        this.beta2 = 0.999;
        this.eps = 1e-8;
        this.m = new double[params.length][];
        this.v = new double[params.length][];
        for (int i = 0; i < params.length; i++) {
            m[i] = new double[params[i].length];
            v[i] = new double[params[i].length];
        }
    }

    /** One update of every parameter with its gradient. */
    public void step(double[][] params, double[][] grads) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < params.length; i++) {
            double[] p = params[i];
            double[] g = grads[i];
            double[] mi = m[i];
            double[] vi = v[i];
            for (int k = 0; k < p.length; k++) {
                mi[k] = beta1 * mi[k] + (1 - beta1) * g[k];
                vi[k] = beta2 * vi[k] + (1 - beta2) * g[k] * g[k];
                p[k] -= lr * (mi[k] / c1) / (Math.sqrt(vi[k] / c2) + eps);
            }
        }
    }
}
