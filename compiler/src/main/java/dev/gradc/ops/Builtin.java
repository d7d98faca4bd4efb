package dev.gradc.ops;

import dev.gradc.runtime.tape.Tensor;
import java.util.List;

/**
 * A function or operator of the language as {@link Registry} declares it: its name, its parameters, how it
 * lowers to primitives (with the typed builder {@link Rules}, so a composite such as {@code norm} reads like
 * the math), how the define-by-run tape runs it, and where the registry's test samples it and which kinks
 * it documents. Special forms ({@code cond}, {@code zeros}, {@code ones}) have a name and nothing else: the
 * lowering and the tape engine evaluate them themselves.
 *
 * @param name     the name in the language ({@code sin}), or the operator's symbol ({@code +})
 * @param params   the parameters, in order; the last {@code params.size() - required} are optional
 * @param required how many parameters a call must pass
 * @param lower    the lowering: argument nodes (reals already promoted) to the result node
 * @param tape     the tape form: argument values (reals as {@link Tensor}) to the result
 * @param domain   where the registry test samples the real arguments
 * @param kinks    documented derivatives at points where the function is not differentiable
 * @param sized    for an entry with {@link Arg#SIZE} parameters, the lowering that receives their sizes
 *                 (null otherwise: {@code lower} is used)
 */
public record Builtin(String name, Kind kind, List<Arg> params, int required, Lowering lower, TapeForm tape,
                      Domain domain, List<Kink> kinks, SizedLowering sized) {

    /** The axis value passed when a call gives none. */
    public static final int NO_AXIS = Integer.MIN_VALUE;

    public enum Kind {
        /** A function called by name: {@code sin(x)}. */
        FUNCTION,
        /** A binary operator written between its operands: {@code a + b} (lowered by the expression code). */
        OPERATOR,
        /** A special form that the lowering and the tape engine evaluate themselves. */
        FORM,
        /**
         * An indexed update statement ({@code x[1] += e}, named as written, with x and e its two arguments): the
         * subscript code lowers it to update ops ({@link Update}, {@link RowsUpdate}, and in its adjoint
         * {@link AddAt}, {@link RowsAddAt}); listed so that the registry test checks those ops like any other.
         */
        SUBSCRIPT
    }

    /** What a parameter takes. */
    public enum Arg {
        /** A real (an int is promoted). */
        REAL,
        /** A value of any type, passed as it is (sampled as a real by the registry test). */
        ANY,
        /** A bool or a mask (sampled by the registry test as a comparison of a real argument with 0). */
        MASK,
        /** An integer literal naming an axis (negative counts from the last); normalised before lowering. */
        AXIS,
        /**
         * A size: a positive integer literal, a size name or an affine expression of them ({@code N+1}), as
         * in {@code eye(N)}; lowered to a dimension for {@link SizedLowering}, an {@code Integer} on the tape.
         */
        SIZE
    }

    /** Where the registry test samples real arguments; the derivative is smooth there. */
    public enum Domain {
        /** Any real, away from the kinks. */
        REALS,
        /** Positive reals, away from 0. */
        POSITIVE,
        /** Inside (-1, 1), away from its ends (asin, acos). */
        UNIT,
        /** The output is detached from the inputs: every derivative is 0 by definition. */
        NO_DERIVATIVE,
        /** A square matrix argument is symmetric positive definite (others are any reals). */
        SPD,
        /** A square matrix argument is well conditioned (others are any reals). */
        INVERTIBLE
    }

    /** At scalar arguments {@code at}, the documented partial derivatives {@code derivatives} (one per real). */
    public record Kink(double[] at, double[] derivatives) {
    }

    /** Lowers a call: the result node, or throws {@link OpError} with a user-facing message. */
    @FunctionalInterface
    public interface Lowering {
        int lower(Rules g, int[] args, int axis);
    }

    /** Lowers a call of an entry with {@link Arg#SIZE} parameters: the other arguments' nodes, then the sizes. */
    @FunctionalInterface
    public interface SizedLowering {
        int lower(Rules g, int[] args, List<dev.gradc.ir.Dim> sizes);
    }

    /** Runs a call on the tape: REAL arguments are tensors, MASK arguments Boolean or a mask, SIZE arguments Integer. */
    @FunctionalInterface
    public interface TapeForm {
        Object run(Object[] args, int axis);
    }

    public Builtin {
        params = List.copyOf(params);
        kinks = List.copyOf(kinks);
    }

    /** An entry whose parameters take no sizes. */
    public Builtin(String name, Kind kind, List<Arg> params, int required, Lowering lower, TapeForm tape,
                   Domain domain, List<Kink> kinks) {
        this(name, kind, params, required, lower, tape, domain, kinks, null);
    }

    /** The largest number of arguments a call may pass. */
    public int maxArgs() {
        return params.size();
    }

    public boolean takesAxis() {
        return params.contains(Arg.AXIS);
    }

    public boolean takesSizes() {
        return params.contains(Arg.SIZE);
    }

    /** The axis {@code axis} of a value of rank {@code rank}, counted from 0; throws {@link OpError} if out of range. */
    public static int axis(int axis, int rank, Object shape) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new OpError(dev.gradc.diag.Messages.axisOutOfRange(axis, shape));
        }
        return a;
    }

    static Tensor real(Object o) {
        return (Tensor) o;
    }
}
