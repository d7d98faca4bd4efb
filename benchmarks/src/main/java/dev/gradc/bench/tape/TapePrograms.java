package dev.gradc.bench.tape;

import dev.gradc.runtime.tape.Tensor;

/** Value and gradient of each benchmark program, computed on the tape; results as {@code {value, grads…}}. */
public final class TapePrograms {

    private TapePrograms() {
    }

    /** {@code x^3 + 2x^2 - 5x + 1} and its derivative: {value, d/dx}. */
    public static double[] polyGrad(double x0) {
        Tensor x = Tensor.scalar(x0).requiresGrad();
        Tensor f = x.pow(3).add(x.pow(2).mul(2)).sub(x.mul(5)).add(1);
        f.backward();
        return new double[] {f.item(), x.grad().item()};
    }

    /** The chain-rule program: {value, d/dw, d/dx, d/dy, d/dz}. */
    public static double[] chainGrad(double w0, double x0, double y0, double z0) {
        Tensor w = Tensor.scalar(w0).requiresGrad();
        Tensor x = Tensor.scalar(x0).requiresGrad();
        Tensor y = Tensor.scalar(y0).requiresGrad();
        Tensor z = Tensor.scalar(z0).requiresGrad();
        Tensor a = w.add(x).add(y).add(z).pow(2);
        Tensor b = w.add(x).sub(y).sub(z).pow(2);
        Tensor u = a.add(b).pow(2);
        Tensor v = a.sub(b).pow(2);
        Tensor f = u.add(v).pow(2);
        f.backward();
        return new double[] {f.item(), w.grad().item(), x.grad().item(), y.grad().item(), z.grad().item()};
    }

    /** {@code log(x^2) sin x + 1/x}: {value, d/dx}. */
    public static double[] logsinGrad(double x0) {
        Tensor x = Tensor.scalar(x0).requiresGrad();
        Tensor f = x.pow(2).log().mul(x.sin()).add(Tensor.scalar(1).div(x));
        f.backward();
        return new double[] {f.item(), x.grad().item()};
    }

    /** The control-flow program, its loop and branch decided in Java on the tape's values: {value, d/da}. */
    public static double[] controlFlowGrad(double a0) {
        Tensor a = Tensor.scalar(a0).requiresGrad();
        Tensor b = a.mul(2);
        while (b.norm().item() < 1000) {
            b = b.mul(2);
        }
        Tensor c = b.sum().item() > 0 ? b : b.mul(100);
        c.backward();
        return new double[] {c.item(), a.grad().item()};
    }

    /** The MLP loss: value and the gradients of W1, b1, W2, b2 (flat), as {{value}, W1, b1, W2, b2}. */
    public static double[][] lossGrad(int batch, double[] x0, double[] y0, double[] w1, double[] bias1,
            double[] w2, double[] bias2) {
        Tensor x = Tensor.of(x0, batch, 32);
        Tensor y = Tensor.of(y0, batch, 10);
        Tensor W1 = Tensor.of(w1, 32, 64).requiresGrad();
        Tensor b1 = Tensor.of(bias1, 64).requiresGrad();
        Tensor W2 = Tensor.of(w2, 64, 10).requiresGrad();
        Tensor b2 = Tensor.of(bias2, 10).requiresGrad();
        Tensor h = x.matmul(W1).add(b1).tanh();
        Tensor z = h.matmul(W2).add(b2);
        Tensor loss = z.logsumexp(1).sub(z.mul(y).sum(1)).mean();
        loss.backward();
        return new double[][] {{loss.item()}, W1.grad().data(), b1.grad().data(), W2.grad().data(),
                b2.grad().data()};
    }

    /** The RNN: 100 steps of {@code h = tanh(W h + x)}, loss {@code sum(h)}: {{value}, W, h0}. */
    public static double[][] rnnGrad(double[] w, double[] state, double[] x0) {
        Tensor W = Tensor.of(w, 16, 16).requiresGrad();
        Tensor h0 = Tensor.of(state, 16).requiresGrad();
        Tensor x = Tensor.of(x0, 16);
        Tensor h = h0;
        for (int i = 0; i < 100; i++) {
            h = W.matmul(h).add(x).tanh();
        }
        Tensor loss = h.sum();
        loss.backward();
        return new double[][] {{loss.item()}, W.grad().data(), h0.grad().data()};
    }
}
