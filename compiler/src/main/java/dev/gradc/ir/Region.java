package dev.gradc.ir;

import java.util.List;

/** An op that holds sub-graphs: while loops and conds. */
public interface Region extends Op {

    /** The sub-graphs, in a fixed order (while: condition, body; cond: then, else). */
    List<Graph> graphs();
}
