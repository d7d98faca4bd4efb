package dev.gradc.ops;

import dev.gradc.ir.Type;
import dev.gradc.runtime.checkpoint.KeptBudget;
import java.util.List;

/**
 * {@code journal_room(perTrip, wholePerTrip, trips, s1, ..., sn)}: whether a loop that keeps a journal of its writes
 * on stacks s1..sn, and {@code wholePerTrip} values per trip of its carried values, may after {@code trips} trips run
 * one more within half the kept-values budget ({@link KeptBudget#journalRoom}): what it holds now (the stacks' sizes
 * and trips × wholePerTrip) plus the larger of {@code perTrip} and the average a trip kept so far. The run-time stop of a journaled loop whose values per trip are a guess (an inner {@code while} on data);
 * a bool: no derivative; it reads stacks, so it is a node of its own. Made before the first trip and after every trip,
 * it also stops the gradient with the kept-state error, naming the loop at {@code where} (may be null), when the stacks
 * together hold more than the whole budget ({@link KeptBudget#journalRoom}).
 */
public record JournalRoom(String where) implements BudgetCount {

    /** The inputs before the stacks: perTrip, wholePerTrip, trips. A stack nothing else keeps may be left out. */
    public static final int COUNTS = 3;

    @Override
    public String mnemonic() {
        return "journal_room";
    }

    @Override
    public boolean stateful() {
        return true;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            if (i < COUNTS ? !(inputs.get(i) instanceof Type.Int) : !(inputs.get(i) instanceof Type.Stack)) {
                throw new IllegalArgumentException("journal_room takes three ints and stacks, got " + inputs);
            }
        }
        return Type.BOOL;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        int trips = (Integer) inputs[2];
        long held = (long) trips * (Integer) inputs[1];
        for (int i = COUNTS; i < inputs.length; i++) {
            held += KeptUnits.size(inputs[i]);
        }
        return KeptBudget.journalRoom(ctx.maxKeptValues(), (Integer) inputs[0], trips, held, where);
    }
}
