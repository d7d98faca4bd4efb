package dev.gradc.runtime.parallel;

import java.io.Serializable;

/**
 * The loss and its gradient on one batch of rows: what a lambda over a generated {@code ...Grad} method is.
 * For {@code @grad(W, b) fn loss<B>(x: real[B,D], y: real[B,K], W: real[D,K], b: real[K]) -> real}:
 * <pre>{@code
 * BatchGradient g = (rows, data, p) -> {
 *     Softmax.Loss.Grad r = Softmax.lossGrad(rows, data[0], data[1], p[0], p[1]);
 *     return ValueAndGradient.of(r.value(), r.W(), r.b());
 * };
 * }</pre>
 * It is called once per batch, never per row, and must be {@link Serializable} (a lambda assigned to this
 * type is) so that Spark can ship it to the executors; it must not keep state between calls, since calls
 * run concurrently.
 */
@FunctionalInterface
public interface BatchGradient extends Serializable {

    /**
     * The loss on a batch and its gradient with respect to each parameter.
     *
     * @param rows the batch's row count, the size name ({@code B}) of the generated method
     * @param data one flat row-major array per data argument, {@code rows × width} entries each
     * @param params the parameters, one array per parameter, in the order of the gradient's parts
     * @return the loss and one gradient array per parameter, shaped like {@code params}
     */
    ValueAndGradient apply(int rows, double[][] data, double[][] params);
}
