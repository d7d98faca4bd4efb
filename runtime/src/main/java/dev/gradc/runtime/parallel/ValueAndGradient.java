package dev.gradc.runtime.parallel;

import java.io.Serializable;

/**
 * A loss value and its gradient, one array per parameter.
 *
 * @param value the loss
 * @param gradient one array per parameter, shaped like the parameter
 */
public record ValueAndGradient(double value, double[][] gradient) implements Serializable {

    /** The value and the gradient's parts, in the order of the parameters. */
    public static ValueAndGradient of(double value, double[]... gradient) {
        return new ValueAndGradient(value, gradient);
    }
}
