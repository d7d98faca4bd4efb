package dev.gradc.ops;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
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
 *     every loop of that form (a {@code for}, or a hand-written counting {@code while}) and by the passes on
 *     the loops they build, and kept by every pass that rebuilds the loop
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
     * {@code counted(from, to, step)}: carried value {@code counter} starts at its input (from), the body adds
     * {@code step} (1 or -1) to it on every trip, and the condition is {@code counter < to} (step 1) or
     * {@code counter > to} (step -1), so the loop runs {@code to - from} times, or {@code from - to} (none when
     * negative). {@code to} is the loop's input at {@code toInput} (an invariant); or, when that is
     * {@link #LITERAL}, the int {@code toValue}; or, when it is {@link #SIZE}, the size named {@code toSize}.
     */
    public record Counted(int counter, int toInput, int toValue, String toSize, int step) {

        /** Marks a bound given by value, not by an input. */
        public static final int LITERAL = -1;
        /** Marks a bound that is a size name, read in the condition. */
        public static final int SIZE = -2;

        public Counted {
            if (step != 1 && step != -1 || (toSize != null) != (toInput == SIZE) || toInput < SIZE) {
                throw new IllegalArgumentException("counted(" + counter + ", " + toInput + ", " + toSize + ", " + step + ")");
            }
        }

        /** A loop counting up by one to an input or (toInput {@link #LITERAL}) the int toValue. */
        public Counted(int counter, int toInput, int toValue) {
            this(counter, toInput, toValue, null, 1);
        }

        /** A loop counting carried value {@code counter} up to the invariant input {@code toInput}. */
        public static Counted upTo(int counter, int toInput) {
            return new Counted(counter, toInput, 0);
        }

        /** Whether the bound is an int literal ({@link #toValue}) rather than an input. */
        public boolean literalBound() {
            return toInput == LITERAL;
        }

        /** Whether the bound is the loop's input {@link #toInput} (not a literal, not a size). */
        public boolean inputBound() {
            return toInput >= 0;
        }

        /**
         * The bound as an int node of g: the literal, the size read at run time, or the node {@code input} gives for
         * the loop's input {@link #toInput}.
         */
        public int end(Rules g, java.util.function.IntUnaryOperator input) {
            return literalBound() ? g.intConstant(toValue)
                    : inputBound() ? input.applyAsInt(toInput) : g.apply(new SizeOf(toSize));
        }

        /** This fact after the loop's inputs moved: input i is now {@code moved(i)}, or gone when negative. */
        public Counted moved(java.util.function.IntUnaryOperator moved) {
            int c = moved.applyAsInt(counter);
            int t = inputBound() ? moved.applyAsInt(toInput) : toInput;
            return c < 0 || inputBound() && t < 0 ? null : new Counted(c, t, toValue, toSize, step);
        }

        /**
         * The trip count of a loop with these graphs ({@code carried} carried values), read from them; null when
         * the loop is not counted. The one definition of a counted loop: what lowering sets on every loop whose
         * graphs have this form (hand-written {@code i = 0; while i < n {...; i = i + 1}} as well as
         * {@code for}), and what the verifier checks a loop's fact against.
         */
        public static Counted of(Graph condition, Graph body, int carried) {
            return of(condition, condition.result(0), body, carried);
        }

        /**
         * The counting comparisons of a condition that is one ({@link #of}) or a conjunction ({@link Logic#AND}) of
         * them, each on a counter of its own or not: the loop stops at the first bound it reaches, so it runs the
         * fewest of their trip counts (a journaled loop that also stops within its budget). A {@link JournalRoom}
         * operand, which only stops the loop sooner, is passed over. Null when some other operand of the
         * conjunction is no counting comparison.
         */
        public static List<Counted> conjuncts(Graph condition, Graph body, int carried) {
            List<Counted> found = new ArrayList<>();
            List<Integer> open = new ArrayList<>(List.of(condition.result(0)));
            while (!open.isEmpty()) {
                Node test = condition.node(open.remove(open.size() - 1));
                if (test.op() == Logic.AND) {
                    open.add(test.input(1));
                    open.add(test.input(0));
                    continue;
                }
                if (test.op() instanceof JournalRoom) {
                    continue; // it only stops the loop sooner: every bound below still holds in the body
                }
                Counted c = of(condition, test.id(), body, carried);
                if (c == null) {
                    return null;
                }
                found.add(c);
            }
            return found;
        }

        private static Counted of(Graph condition, int testId, Graph body, int carried) {
            Node test = condition.node(testId);
            if (!(test.op() instanceof Compare cmp) || cmp != Compare.LT && cmp != Compare.GT) {
                return null;
            }
            int counter = condition.params().indexOf(test.input(0));
            if (counter < 0 || counter >= carried || !(condition.type(test.input(0)) instanceof Type.Int)) {
                return null;
            }
            int step = cmp == Compare.LT ? 1 : -1;
            if (!steps(body, counter, step)) {
                return null;
            }
            Node to = condition.node(test.input(1));
            int input = condition.params().indexOf(to.id());
            if (to.op() instanceof IntConstant k) {
                return new Counted(counter, LITERAL, k.value(), null, step);
            } else if (to.op() instanceof SizeOf s) {
                return new Counted(counter, SIZE, 0, s.size(), step);
            } else if (input >= carried && to.type() instanceof Type.Int) {
                return new Counted(counter, input, 0, null, step);
            }
            return null;
        }

        /** Whether the body's next value of carried {@code j} is its parameter plus {@code step} (1 or -1). */
        private static boolean steps(Graph body, int j, int step) {
            Node next = body.node(body.result(j));
            int param = body.params().get(j);
            if (next.op() != (step == 1 ? Binary.ADD : Binary.SUB)) {
                return false;
            }
            return next.input(0) == param && isOne(body, next.input(1))
                    || step == 1 && next.input(1) == param && isOne(body, next.input(0));
        }

        private static boolean isOne(Graph g, int id) {
            return g.node(id).op() instanceof IntConstant k && k.value() == 1;
        }

        @Override
        public String toString() {
            String to = literalBound() ? Integer.toString(toValue) : toSize != null ? toSize : "%" + toInput;
            return "counted(from=%" + counter + ", to=" + to + ", step=" + step + ")";
        }
    }

    /** An engine's evaluation of one of the loop's graphs on the loop's values (carried, then invariants). */
    @FunctionalInterface
    public interface Step {
        Object[] apply(Object[] values);
    }

    /**
     * What the loop means, the reference every engine follows: while {@code condition} gives true on the values
     * (carried, then invariants), {@code body} gives the next carried values; a trip past {@code maxIterations}
     * throws {@link dev.gradc.runtime.IterationLimitException} naming the loop. Runs on {@code values} in place
     * (its carried part ends as the loop's results) and gives the number of trips.
     */
    public long run(Object[] values, Step condition, Step body, long maxIterations) {
        long trips = 0;
        while ((Boolean) condition.apply(values)[0]) {
            if (++trips > maxIterations) {
                throw new dev.gradc.runtime.IterationLimitException(where, maxIterations);
            }
            System.arraycopy(body.apply(values), 0, values, 0, carried);
        }
        return trips;
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
                new Counted(counted.counter(), Counted.LITERAL, value, null, counted.step()));
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
