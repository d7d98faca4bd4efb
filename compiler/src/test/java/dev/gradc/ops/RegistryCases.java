package dev.gradc.ops;

import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The calls the registry test makes of one entry: every combination of argument shapes (scalar, vector,
 * matrix, and so broadcasting) and axes that the entry's own lowering accepts, a spread of at most
 * {@link #MAX_CASES} of them, each written as a function of the test program.
 */
final class RegistryCases {

    static final int MAX_CASES = 8;
    private static final List<Shape> SHAPES = List.of(Shape.SCALAR, Shape.fixed(3), Shape.fixed(2, 3), Shape.fixed(3, 2));

    /** One call: the shape of each non-axis argument, the axis literal (or none), the result's type. */
    record Case(Builtin entry, List<Shape> shapes, int axis, Type out) {

        /** The argument list of the call, e.g. {@code p0 > 0, p1, p2} or {@code p0, -1}. */
        String call() {
            List<String> args = new ArrayList<>();
            for (int k = 0; k < shapes.size(); k++) {
                args.add(entry.params().get(k) == Builtin.Arg.MASK ? "p" + k + " > 0" : "p" + k);
            }
            if (entry.kind() == Builtin.Kind.OPERATOR) {
                return args.get(0) + " " + entry.name() + " " + args.get(1);
            }
            if (axis != Builtin.NO_AXIS) {
                args.add(Integer.toString(axis));
            }
            return entry.name() + "(" + String.join(", ", args) + ")";
        }

        /** {@code fn NAME(p0: real[3], p1: real) -> real[3] { return CALL; }}, with the requests of the test. */
        String function(String name) {
            List<String> params = new ArrayList<>();
            for (int k = 0; k < shapes.size(); k++) {
                params.add("p" + k + ": " + Type.real(shapes.get(k)));
            }
            List<String> names = new ArrayList<>();
            for (int k = 0; k < shapes.size(); k++) {
                names.add("p" + k);
            }
            return "@vjp\n@jvp(" + String.join(", ", names) + ")\nfn " + name + "(" + String.join(", ", params)
                    + ") -> " + out + " {\n  return " + call() + ";\n}\n";
        }

        @Override
        public String toString() {
            return call() + " with " + shapes.stream().map(s -> Type.real(s).toString()).toList();
        }
    }

    private RegistryCases() {
    }

    static List<Case> of(Builtin entry) {
        int arity = (int) entry.params().stream().filter(a -> a != Builtin.Arg.AXIS).count();
        List<Case> all = new ArrayList<>();
        int combos = (int) Math.pow(SHAPES.size(), arity);
        for (int c = 0; c < combos; c++) {
            List<Shape> shapes = new ArrayList<>();
            for (int k = 0, rest = c; k < arity; k++, rest /= SHAPES.size()) {
                shapes.add(SHAPES.get(rest % SHAPES.size()));
            }
            List<Integer> axes = new ArrayList<>(List.of(Builtin.NO_AXIS));
            if (entry.takesAxis() && shapes.get(0).rank() > 0) {
                axes.addAll(List.of(0, -1));
            }
            for (int axis : axes) {
                Type out = type(entry, shapes, axis);
                if (out instanceof Type.Real) {
                    all.add(new Case(entry, shapes, axis, out));
                }
            }
        }
        if (all.size() <= MAX_CASES) {
            return all;
        }
        List<Case> spread = new ArrayList<>();
        for (int i = 0; i < MAX_CASES; i++) {
            spread.add(all.get(i * all.size() / MAX_CASES));
        }
        return spread;
    }

    /** The result type by the entry's own lowering and the type rules of the ops it builds, or null if rejected. */
    private static Type type(Builtin entry, List<Shape> shapes, int axis) {
        GraphBuilder b = new GraphBuilder();
        Rules g = new Rules(b);
        int[] in = new int[shapes.size()];
        for (int k = 0; k < in.length; k++) {
            in[k] = b.addParam(new Param(k), Type.real(shapes.get(k)), null, "p" + k);
            if (entry.params().get(k) == Builtin.Arg.MASK) {
                in[k] = g.compare(Compare.GT, in[k], g.constant(0));
            }
        }
        try {
            return b.type(entry.lower().lower(g, in, axis));
        } catch (OpError e) {
            return null;
        }
    }

    /** Random values for a shape in the entry's domain, away from kinks (|x| ≥ 0.1) and from ties. */
    static double[] sample(Builtin.Domain domain, Shape s, Random random) {
        double[] v = new double[Math.max(1, (int) s.staticSize())];
        for (int i = 0; i < v.length; i++) {
            double m = 0.1 + 1.9 * random.nextDouble();
            v[i] = domain == Builtin.Domain.POSITIVE ? 0.4 + m : random.nextBoolean() ? m : -m;
        }
        return v;
    }
}
