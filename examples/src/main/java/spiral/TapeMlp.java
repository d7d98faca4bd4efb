package spiral;

import dev.gradc.runtime.tape.Tensor;

/**
 * {@code mlp.grad}'s loss written with the runtime's define-by-run tape, PyTorch style: every call records
 * the operations as they run and {@code backward()} replays them in reverse. Compare line by line with
 * {@code src/main/grad/spiral/mlp.grad}.
 */
final class TapeMlp implements LossGradient {

    @Override
    public String name() {
        return "tape (define-by-run)";
    }

    @Override
    public double lossAndGradient(Spirals batch, double[][] p, double[][] grads) {
        int b = batch.size();
        Tensor x = Tensor.of(batch.x(), b, Weights.IN);
        Tensor y = Tensor.of(batch.y(), b, Weights.OUT);
        Tensor[] w = new Tensor[p.length];
        for (int i = 0; i < p.length; i++) {
            w[i] = Tensor.of(p[i], Weights.SHAPES[i]).requiresGrad();
        }
        Tensor h1 = x.matmul(w[0]).add(w[1]).tanh();
        Tensor h2 = h1.matmul(w[2]).add(w[3]).tanh();
        Tensor z = h2.matmul(w[4]).add(w[5]);
        Tensor loss = z.logsumexp(1).sub(y.mul(z).sum(1)).mean();
        loss.backward();
        for (int i = 0; i < p.length; i++) {
            System.arraycopy(w[i].grad().data(), 0, grads[i], 0, grads[i].length);
        }
        return loss.item();
    }
}
