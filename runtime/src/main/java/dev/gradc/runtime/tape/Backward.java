package dev.gradc.runtime.tape;

/**
 * The backward rule of one recorded op: given the adjoint of its output, the adjoint of each input.
 *
 * <p>An entry is {@code null} when that input gets no gradient (it does not require one, or the op is
 * constant in it). An entry may have the input's shape, or the output's shape when the op broadcast that
 * input; {@link Backprop} sums such an adjoint back down to the input's shape, once, for every op. A rule
 * may return the output adjoint array itself; it must not modify it.
 */
@FunctionalInterface
interface Backward {

    double[][] apply(double[] outputBar);
}
