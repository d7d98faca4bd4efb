package dev.gradc.runtime.workspace;

/**
 * The argument checks of workspace-form methods: like {@link dev.gradc.runtime.Checks}, but the sizes are the
 * workspace's (fixed when it was made), so a message names the declared shape and the workspace, whose
 * {@code toString()} gives its sizes. Nothing is built unless a check fails: a call allocates nothing.
 */
public final class WorkspaceChecks {

    private WorkspaceChecks() {
    }

    /**
     * Checks an array argument against the length its shape has with the workspace's sizes.
     *
     * @param shape the declared shape, like {@code "[B,4]"}
     * @param workspace the workspace, named in the message
     * @throws IllegalArgumentException "parameter 'x' has length 6, expected 8 (shape [B,4] with the sizes of
     *     Loss.Workspace(B=2))"
     */
    public static double[] length(double[] a, long expected, String name, String shape, Object workspace) {
        if (a == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is null");
        }
        if (a.length != expected) {
            throw new IllegalArgumentException("parameter '" + name + "' has length " + a.length + ", expected "
                    + expected + " (shape " + shape + " with the sizes of " + workspace + ")");
        }
        return a;
    }

    /** {@link #length(double[], long, String, String, Object)} for an int array argument. */
    public static int[] length(int[] a, long expected, String name, String shape, Object workspace) {
        if (a == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is null");
        }
        if (a.length != expected) {
            throw new IllegalArgumentException("parameter '" + name + "' has length " + a.length + ", expected "
                    + expected + " (shape " + shape + " with the sizes of " + workspace + ")");
        }
        return a;
    }

    /**
     * Checks that an array of a shape the workspace's sizes give fits in one Java array.
     *
     * @throws IllegalArgumentException "the sizes of Loss.Workspace(B=70000) give an array of shape [B,B]: …"
     */
    public static void fits(long elements, String shape, Object workspace) {
        if (elements > dev.gradc.runtime.Checks.MAX_ELEMENTS) {
            throw new IllegalArgumentException("the sizes of " + workspace + " give an array of shape " + shape + ": "
                    + (elements == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString(elements))
                    + " elements, more than a Java array holds (" + dev.gradc.runtime.Checks.MAX_ELEMENTS + ")");
        }
    }
}
