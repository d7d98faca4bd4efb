package dev.gradc.ops;

/**
 * Which ops only read their operands' arrays, as each op declares it ({@link Trait#READS_ONLY}, {@link Trait#PART}),
 * asked in one place by the passes, the interpreter and the emitter: a write after such a read may change the array
 * in place, and a loop body may reuse one buffer for an array only such ops read. {@link #onlyReads} holds in every
 * engine; the interpreter adds the parts, whose entries it copies ({@link #copiesEntries}).
 */
public final class OperandReads {

    private OperandReads() {
    }

    /** Whether op keeps nothing of its operands' arrays in every engine ({@link Trait#READS_ONLY}). */
    public static boolean onlyReads(Object op) {
        return op instanceof Primitive p && p.traits().contains(Trait.READS_ONLY);
    }

    /**
     * Whether op copies entries of its operands into a new array when the interpreter runs it ({@link Trait#PART}):
     * a part (an element, rows, a column, a block), a gather, or an int op. Generated code may give a part as a view
     * of its operand.
     */
    public static boolean copiesEntries(Object op) {
        return op instanceof Primitive p && p.traits().contains(Trait.PART);
    }
}
