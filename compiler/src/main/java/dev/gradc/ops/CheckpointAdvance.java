package dev.gradc.ops;

import dev.gradc.ir.Type;
import dev.gradc.runtime.checkpoint.Binomial;
import java.util.List;

/**
 * {@code advance(l, s)}: how many trips a checkpointed loop runs from its top snapshot before it takes the
 * next one, when l trips from that snapshot remain to be reversed and s snapshots (that one included) may be
 * held: Revolve's binomial choice ({@link Binomial#advance(int, int)}). In the first sweep ({@code toEnd}),
 * with one snapshot left it runs on to the loop's end (l trips). Ints only: no derivative.
 */
public record CheckpointAdvance(boolean toEnd) implements Primitive {

    @Override
    public String mnemonic() {
        return "checkpoint_advance";
    }

    @Override
    public String attributes() {
        return toEnd ? "to_end" : "";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (inputs.size() != 2 || !(inputs.get(0) instanceof Type.Int) || !(inputs.get(1) instanceof Type.Int)) {
            throw new IllegalArgumentException("checkpoint_advance takes two ints, got " + inputs);
        }
        return Type.INT;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return of((Integer) inputs[0], (Integer) inputs[1]);
    }

    /** The value, as generated code computes it. */
    public int of(int l, int s) {
        return toEnd ? Binomial.advanceToEnd(l, s) : Binomial.advance(l, s);
    }

    @Override
    public boolean isNonDifferentiable() {
        return true;
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.NON_DIFFERENTIABLE);
    }
}
