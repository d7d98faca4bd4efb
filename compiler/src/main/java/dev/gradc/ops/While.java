package dev.gradc.ops;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * A while loop as one region node. Inputs: the initial loop-carried values, then the loop invariants.
 * Both sub-graphs take (carried..., invariants...) as parameters; {@code condition} gives one bool and
 * {@code body} gives the next carried values. The node's results are the final carried values.
 * Derivatives are taken by the gradient and tangent passes, which rebuild the loop.
 *
 * @param where the loop's source position ({@code file:line}), for the iteration-limit error
 * @param checkpoint null, or how the loop's adjoint keeps its state: asked for with {@code @checkpoint(n)}, or
 *     (on the loops the gradient pass builds) which part of a checkpointing schedule the loop is
 * @param counted null, or the loop's trip count, known before it starts ({@link Counted}): set by lowering on
 *     the loops of {@code for} statements, and kept by every pass that rebuilds the loop
 */
public record While(Graph condition, Graph body, int carried, String where, Checkpoint checkpoint, Counted counted)
        implements Region {

    /** A loop without checkpointing. */
    public While(Graph condition, Graph body, int carried, String where) {
        this(condition, body, carried, where, null, null);
    }

    /** A loop whose trip count is not known before it starts. */
    public While(Graph condition, Graph body, int carried, String where, Checkpoint checkpoint) {
        this(condition, body, carried, where, checkpoint, null);
    }

    /**
     * {@code counted(from, to)}: carried value {@code counter} starts at its input (from), the body adds one
     * to it on every trip, and the condition is {@code counter < to}, so the loop runs {@code to - from}
     * times (none when negative). {@code to} is the loop's input at {@code toInput} (an invariant), or, when
     * that is {@link #LITERAL}, the int {@code toValue}.
     */
    public record Counted(int counter, int toInput, int toValue) {

        /** Marks a bound given by value, not by an input. */
        public static final int LITERAL = -1;

        /** A loop counting carried value {@code counter} up to the invariant input {@code toInput}. */
        public static Counted upTo(int counter, int toInput) {
            return new Counted(counter, toInput, 0);
        }

        /** Whether the bound is an int literal ({@link #toValue}) rather than an input. */
        public boolean literalBound() {
            return toInput == LITERAL;
        }

        /** This fact after the loop's inputs moved: input i is now {@code moved(i)}, or gone when negative. */
        public Counted moved(java.util.function.IntUnaryOperator moved) {
            int c = moved.applyAsInt(counter);
            int t = literalBound() ? LITERAL : moved.applyAsInt(toInput);
            return c < 0 || !literalBound() && t < 0 ? null : new Counted(c, t, toValue);
        }

        @Override
        public String toString() {
            return "counted(from=%" + counter + ", to=" + (literalBound() ? Integer.toString(toValue) : "%" + toInput)
                    + ", step=1)";
        }
    }

    /** This loop with other graphs (rebuilt by a pass) over the same inputs, keeping everything else. */
    public While with(Graph condition, Graph body) {
        return new While(condition, body, carried, where, checkpoint, counted);
    }

    /**
     * This loop with other graphs over moved inputs (rebuilt by a pass that adds or drops carried values and
     * invariants): input i of this loop is input {@code moved(i)} of the new one, or gone when negative.
     */
    public While with(Graph condition, Graph body, int carried, java.util.function.IntUnaryOperator moved) {
        return new While(condition, body, carried, where, checkpoint, counted == null ? null : counted.moved(moved));
    }

    /** This loop with the bound of its trip count read as the int literal {@code value} (it is a constant). */
    public While withLiteralBound(int value) {
        return new While(condition, body, carried, where, checkpoint,
                new Counted(counted.counter(), Counted.LITERAL, value));
    }

    @Override
    public String mnemonic() {
        return "while";
    }

    @Override
    public String attributes() {
        String count = counted == null ? "" : " " + counted;
        if (checkpoint == null) {
            return "carried=" + carried + count;
        }
        return "carried=" + carried + count + (checkpoint.note() == null ? " @checkpoint(" + checkpoint.snapshots() + ")"
                : " checkpointed: " + checkpoint.note());
    }

    @Override
    public List<Graph> graphs() {
        return List.of(condition, body);
    }

    /** The node's type: the tuple of carried types. */
    public Type.Tuple resultType() {
        List<Type> parts = new ArrayList<>();
        for (int i = 0; i < carried; i++) {
            parts.add(body.type(body.params().get(i)));
        }
        return new Type.Tuple(parts);
    }
}
