package dev.gradc.ir;

/**
 * What a node computes. The IR knows only an op's name and attributes; shape rules, evaluation and
 * derivative rules live with each op in {@code dev.gradc.ops}.
 */
public interface Op {

    /** Short lower-case name, as in the IR's text form: {@code add}, {@code sin}, {@code while}. */
    String mnemonic();

    /** Attributes for the text form, e.g. {@code axis=1}; empty when the op has none. */
    default String attributes() {
        return "";
    }
}
