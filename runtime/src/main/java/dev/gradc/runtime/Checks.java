package dev.gradc.runtime;

/**
 * Argument checks that generated code runs on entry, throwing {@link IllegalArgumentException} with a
 * message that names the offending parameter or size.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * Checks that an array parameter is present and has the expected length.
     *
     * @return {@code a}, so that a check can wrap the use
     * @throws IllegalArgumentException "parameter 'w' is null" or "parameter 'w' has length 5, expected 3"
     */
    public static double[] length(double[] a, int expected, String name) {
        return length(a, expected, name, null);
    }

    /**
     * Checks an array parameter, naming its declared shape in the message.
     *
     * @param shapeText the declared shape and its size bindings, like {@code "[B,4] with B=2"}; the
     *     message then ends with {@code "(shape [B,4] with B=2)"}. {@code null} leaves it out.
     * @return {@code a}
     */
    public static double[] length(double[] a, int expected, String name, String shapeText) {
        if (a == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is null");
        }
        if (a.length != expected) {
            throw new IllegalArgumentException("parameter '" + name + "' has length " + a.length
                    + ", expected " + expected + (shapeText == null ? "" : " (shape " + shapeText + ")"));
        }
        return a;
    }

    /**
     * Checks a size name's value (a leading {@code int} parameter of generated code).
     *
     * @return {@code value}
     * @throws IllegalArgumentException "size 'B' must be >= 0, got -1"
     */
    public static int size(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException("size '" + name + "' must be >= 0, got " + value);
        }
        return value;
    }
}
