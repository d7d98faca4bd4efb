package dev.gradc.ir;

/**
 * What a node computes. The IR knows only an op's name and attributes; shape rules, evaluation and
 * derivative rules live with each op in {@code dev.gradc.ops}.
 */
public interface Op {

    /** Short lower-case name, as in the IR's text form: {@code add}, {@code sin}, {@code while}. */
    String mnemonic();

    /**
     * Whether the result is an object with identity that later ops change in place (a stack: push and pop), so
     * that two applications to the same inputs are not interchangeable: such a node is never shared while a
     * graph is built, merged by common-subexpression elimination, or evaluated at compile time. False for every
     * pure op.
     */
    default boolean stateful() {
        return false;
    }

    /** Attributes for the text form, e.g. {@code axis=1}; empty when the op has none. */
    default String attributes() {
        return "";
    }
}
