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
    /** For the matrix functions (domains SPD and INVERTIBLE): square matrices, and right-hand sides. */
    private static final List<Shape> SQUARE_SHAPES = List.of(Shape.fixed(3), Shape.fixed(3, 3), Shape.fixed(3, 2));

    /** One call: the shape of each non-axis argument, the axis literal (or none), the result's type. */
    record Case(Builtin entry, List<Shape> shapes, int axis, Type out) {

        /** The argument list of the call, e.g. {@code p0 > 0, p1, p2} or {@code p0, -1}; an update as written. */
        String call() {
            if (entry.kind() == Builtin.Kind.SUBSCRIPT) {
                return entry.name().replace(" e", " p1");
            }
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
            String body = entry.kind() == Builtin.Kind.SUBSCRIPT ? "  x = p0;\n  " + call() + ";\n  return x;\n"
                    : "  return " + call() + ";\n";
            return "@vjp\n@jvp(" + String.join(", ", names) + ")\nfn " + name + "(" + String.join(", ", params)
                    + ") -> " + out + " {\n" + body + "}\n";
        }

        @Override
        public String toString() {
            return call() + " with " + shapes.stream().map(s -> Type.real(s).toString()).toList();
        }
    }

    private RegistryCases() {
    }

    static List<Case> of(Builtin entry) {
        if (entry.kind() == Builtin.Kind.SUBSCRIPT) {
            return updates(entry);
        }
        int arity = (int) entry.params().stream().filter(a -> a != Builtin.Arg.AXIS).count();
        List<Case> all = new ArrayList<>();
        List<Shape> shapeList = entry.domain() == Builtin.Domain.SPD || entry.domain() == Builtin.Domain.INVERTIBLE
                ? SQUARE_SHAPES : SHAPES;
        int combos = (int) Math.pow(shapeList.size(), arity);
        for (int c = 0; c < combos; c++) {
            List<Shape> shapes = new ArrayList<>();
            for (int k = 0, rest = c; k < arity; k++, rest /= shapeList.size()) {
                shapes.add(shapeList.get(rest % shapeList.size()));
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

    /** Arrays and values for an update: every pair the lowering accepts (e of the entries' shape, or a scalar). */
    private static final List<Shape> UPDATE_SHAPES = List.of(Shape.SCALAR, Shape.fixed(2), Shape.fixed(3),
            Shape.fixed(2, 2), Shape.fixed(2, 3), Shape.fixed(3, 2), Shape.fixed(3, 3));

    private static List<Case> updates(Builtin entry) {
        List<Case> all = new ArrayList<>();
        for (Shape x : UPDATE_SHAPES.subList(1, UPDATE_SHAPES.size())) {
            for (Shape e : UPDATE_SHAPES) {
                Case c = new Case(entry, List.of(x, e), Builtin.NO_AXIS, Type.real(x));
                if (!dev.gradc.testing.Programs.diagnose(c.function("probe")).hasErrors()) {
                    all.add(c);
                }
            }
        }
        return all.size() <= MAX_CASES ? all : java.util.stream.IntStream.range(0, MAX_CASES)
                .mapToObj(i -> all.get(i * all.size() / MAX_CASES)).toList();
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
        boolean square = s.rank() == 2 && s.isStatic() && s.dim(0).equals(s.dim(1));
        if (square && (domain == Builtin.Domain.SPD || domain == Builtin.Domain.INVERTIBLE)) {
            return squareSample(domain, (int) Math.sqrt(s.staticSize()), random);
        }
        if (domain == Builtin.Domain.SPD || domain == Builtin.Domain.INVERTIBLE) {
            domain = Builtin.Domain.REALS;
        }
        double[] v = new double[Math.max(1, (int) s.staticSize())];
        for (int i = 0; i < v.length; i++) {
            double m = 0.1 + 1.9 * random.nextDouble();
            v[i] = domain == Builtin.Domain.POSITIVE ? 0.4 + m : domain == Builtin.Domain.UNIT ? (random.nextBoolean()
                    ? m : -m) / 2.2 : random.nextBoolean() ? m : -m;
        }
        return v;
    }

    /** M·Mᵀ/n + I (SPD), or uniform entries with ±3 on the diagonal (well conditioned, either sign of det). */
    private static double[] squareSample(Builtin.Domain domain, int n, Random random) {
        double[] m = new double[n * n];
        for (int i = 0; i < m.length; i++) {
            m[i] = 2 * random.nextDouble() - 1;
        }
        if (domain == Builtin.Domain.INVERTIBLE) {
            for (int i = 0; i < n; i++) {
                m[i * n + i] += i % 2 == 0 ? 3 : -3;
            }
            return m;
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? 1 : 0;
                for (int k = 0; k < n; k++) {
                    s += m[i * n + k] * m[j * n + k] / n;
                }
                a[i * n + j] = s;
            }
        }
        return a;
    }
}
