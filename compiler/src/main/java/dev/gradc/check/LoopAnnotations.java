package dev.gradc.check;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.syntax.Ast;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The annotations a loop may carry: {@code @checkpoint(N)} before {@code while} or {@code for} asks that the
 * loop's gradient keep at most N snapshots of its state (recomputing the rest) instead of its state on
 * every trip.
 */
public final class LoopAnnotations {

    /** The one loop annotation. */
    public static final String CHECKPOINT = "checkpoint";

    private LoopAnnotations() {
    }

    /** Reports every loop annotation that is unknown, repeated or has bad arguments, at its position. */
    static void check(Ast.Function f, Diagnostics d) {
        Deque<List<Ast.Stmt>> work = new ArrayDeque<>();
        work.push(f.body());
        while (!work.isEmpty()) {
            for (Ast.Stmt s : work.pop()) {
                if (s instanceof Ast.While w) {
                    check(w.annotations(), d);
                    work.push(w.body());
                } else if (s instanceof Ast.For fo) {
                    check(fo.annotations(), d);
                    work.push(fo.body());
                } else if (s instanceof Ast.If in) {
                    work.push(in.then());
                    work.push(in.otherwise());
                }
            }
        }
    }

    private static void check(List<Ast.Annotation> annotations, Diagnostics d) {
        boolean seen = false;
        for (Ast.Annotation a : annotations) {
            if (!a.name().equals(CHECKPOINT)) {
                d.error(a.span(), Messages.unknownLoopAnnotation(a.name()));
            } else if (seen) {
                d.error(a.span(), Messages.repeatedLoopAnnotation(a.name()));
            } else if (a.args().size() != 1) {
                d.error(a.span(), Messages.checkpointArity(a.args().size()));
            } else if (parse(a.args().get(0)) < 1) {
                d.error(a.span(), Messages.checkpointSnapshots(a.args().get(0)));
            }
            seen |= a.name().equals(CHECKPOINT);
        }
    }

    /** The snapshots a checked loop's {@code @checkpoint(N)} asks for, or 0 when it has none. */
    public static int snapshots(List<Ast.Annotation> annotations) {
        for (Ast.Annotation a : annotations) {
            if (a.name().equals(CHECKPOINT) && a.args().size() == 1) {
                return Math.max(0, parse(a.args().get(0)));
            }
        }
        return 0;
    }

    /** A whole number from 1 to {@link Integer#MAX_VALUE}, or -1. */
    private static int parse(String text) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        long v = Long.parseLong(text);
        return v >= 1 && v <= Integer.MAX_VALUE ? (int) v : -1;
    }
}
