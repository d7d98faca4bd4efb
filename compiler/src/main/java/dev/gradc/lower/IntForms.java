package dev.gradc.lower;

import dev.gradc.diag.ArrayMessages;
import dev.gradc.diag.Span;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Builtin;
import dev.gradc.ops.IntJoin;
import dev.gradc.ops.IntReduce;
import dev.gradc.ops.Primitive;
import java.util.List;
import java.util.Set;

/**
 * The array functions that take int arrays too: {@code concat} and {@code stack} of int arrays give an int
 * array, {@code sum} and {@code maxval} of one an int. A call takes this form when an argument is an int array
 * that is not a literal (a literal of ints still reads as reals where reals are expected). And {@code min} and
 * {@code max} of two ints are an int ({@code hi = min(i + 3, N)}), usable as an index or a bound.
 */
final class IntForms {

    private static final int ERR = Lowering.ERR;
    private static final Set<String> NAMES = Set.of("concat", "stack", "sum", "maxval");

    private IntForms() {
    }

    /** Whether the call of {@code b} with these lowered arguments is one of an int array. */
    static boolean applies(Expressions x, Scope s, Builtin b, List<Integer> args) {
        if (b.name().equals("min") || b.name().equals("max")) {
            return args.size() == 2 && args.stream().allMatch(a -> s.g.type(a) instanceof Type.Int);
        }
        return NAMES.contains(b.name()) && args.stream()
                .anyMatch(a -> s.g.type(a) instanceof Type.IntArray && !x.isIntLiteral(s, a));
    }

    static int lower(Expressions x, Scope s, Builtin b, List<Integer> args, List<Span> spans, int axis, Span at) {
        if (b.name().equals("min") || b.name().equals("max")) {
            return x.apply(s, at, b.name().equals("min") ? Binary.MIN : Binary.MAX, args.get(0), args.get(1));
        }
        for (int k = 0; k < args.size(); k++) {
            if (!(s.g.type(args.get(k)) instanceof Type.IntArray)) {
                x.error(spans.get(k), ArrayMessages.intFormArgument(b.name(), s.g.type(args.get(k))));
                return ERR;
            }
        }
        if (axis != Builtin.NO_AXIS) {
            x.error(at, ArrayMessages.intReductionAxis(b.name()));
            return ERR;
        }
        int[] in = args.stream().mapToInt(Integer::intValue).toArray();
        Primitive op = switch (b.name()) {
            case "sum" -> new IntReduce(false);
            case "maxval" -> new IntReduce(true);
            default -> new IntJoin(in.length, b.name().equals("stack"));
        };
        return x.apply(s, at, op, in);
    }
}
