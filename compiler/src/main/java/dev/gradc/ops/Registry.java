package dev.gradc.ops;

import dev.gradc.ops.Builtin.Arg;
import dev.gradc.ops.Builtin.Domain;
import dev.gradc.ops.Builtin.Kind;
import dev.gradc.ops.Builtin.Kink;
import dev.gradc.runtime.tape.LinearAlgebra;
import dev.gradc.runtime.tape.Mask;
import dev.gradc.runtime.tape.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every function and operator of the language, in one table: the lowering reads it to resolve a call (and
 * for its "did you mean" suggestions), the tape engine to run one, and the registry test to check every
 * entry in every engine against central differences. Each {@link Unary} and {@link Binary} constant with a
 * language name is an entry by itself; an op that is a file of its own (or a composite of primitives) is
 * one line below.
 */
public final class Registry {

    /** Every kind of indexed update, each op of it (=, +=, -=, *=) in some form: x the array, e the value. */
    private static final List<String> SUBSCRIPT_FORMS = List.of("x[1] = e", "x[1, 0] += e", "x[1] *= e",
            "x[0:2] = e", "x[1:3] += e", "x[:, 1] -= e", "x[:, 0:2] = e", "x[1, 0:2] = e", "x[0:2, 1] += e",
            "x[0:2, 1:3] *= e");

    private static final Map<String, Builtin> ENTRIES = build();

    private Registry() {
    }

    /** The entry called {@code name} (a function, a form or an operator symbol), or null. */
    public static Builtin lookup(String name) {
        return ENTRIES.get(name);
    }

    /** The names a program can call, for suggestions: functions and forms, not operators. */
    public static Set<String> functionNames() {
        Set<String> names = new java.util.TreeSet<>();
        for (Builtin b : ENTRIES.values()) {
            if (b.kind() != Kind.OPERATOR && b.kind() != Kind.SUBSCRIPT) {
                names.add(b.name());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /** True for the entries that take any number (one or more) of arguments like their last: concat, stack. */
    public static boolean isVariadic(String name) {
        return name.equals("concat") || name.equals("stack");
    }

    /** Every entry, in declaration order. */
    public static List<Builtin> all() {
        return List.copyOf(ENTRIES.values());
    }

    private static Map<String, Builtin> build() {
        List<Builtin> all = new ArrayList<>();
        for (String form : List.of("cond", "zeros", "ones", "range", "scatter_add", "reshape")) {
            all.add(new Builtin(form, Kind.FORM, List.of(), 0, null, null, Domain.REALS, List.of()));
        }
        for (Unary u : Unary.values()) {
            if (u.languageName() != null) {
                all.add(function(u.languageName(), List.of(Arg.REAL), (g, a, axis) -> g.unary(u, a[0]),
                        (a, axis) -> u.onTape(Builtin.real(a[0])), unaryDomain(u), unaryKinks(u)));
            }
        }
        for (Binary b : Binary.values()) {
            Builtin.Lowering lower = b == Binary.POW ? (g, a, axis) -> Powers.pow(g, a[0], a[1])
                    : (g, a, axis) -> g.binary(b, a[0], a[1]);
            Builtin.TapeForm tape = (a, axis) -> b.onTape(Builtin.real(a[0]), Builtin.real(a[1]));
            Domain domain = b == Binary.POW ? Domain.POSITIVE : Domain.REALS;
            if (b.languageName() != null) {
                all.add(function(b.languageName(), List.of(Arg.REAL, Arg.REAL), lower, tape, domain, binaryKinks(b)));
            }
            String symbol = switch (b) {
                case ADD -> "+";
                case SUB -> "-";
                case MUL -> "*";
                case DIV -> "/";
                case POW -> "^";
                default -> null;
            };
            if (symbol != null) {
                all.add(new Builtin(symbol, Kind.OPERATOR, List.of(Arg.REAL, Arg.REAL), 2, lower, tape,
                        b == Binary.DIV ? Domain.POSITIVE : domain, List.of()));
            }
        }
        all.add(new Builtin("@", Kind.OPERATOR, List.of(Arg.REAL, Arg.REAL), 2,
                (g, a, axis) -> g.matmul(Matmul.PLAIN, a[0], a[1]),
                (a, axis) -> Builtin.real(a[0]).matmul(Builtin.real(a[1])), Domain.REALS, List.of()));
        all.add(function("concat", List.of(Arg.REAL, Arg.REAL), (g, a, axis) -> g.apply(new Concat(a.length), a),
                (a, axis) -> Concat.onTape(java.util.Arrays.copyOf(a, a.length, Tensor[].class)), Domain.REALS,
                List.of()));
        all.add(function("stack", List.of(Arg.REAL, Arg.REAL), (g, a, axis) -> g.apply(new Pack(a.length), a),
                (a, axis) -> Tensor.stack(java.util.Arrays.copyOf(a, a.length, Tensor[].class)), Domain.REALS,
                List.of()));
        all.add(function("flatten", List.of(Arg.REAL), (g, a, axis) -> Reshape.flatten(g, a[0]),
                (a, axis) -> Reshape.onTape(Builtin.real(a[0]), Builtin.real(a[0]).size()), Domain.REALS, List.of()));
        all.add(function("square", List.of(Arg.REAL), (g, a, axis) -> g.mul(a[0], a[0]),
                (a, axis) -> Builtin.real(a[0]).mul(Builtin.real(a[0])), Domain.REALS, List.of()));
        all.add(function("detach", List.of(Arg.ANY), (g, a, axis) -> g.apply(new Detach(), a[0]),
                (a, axis) -> a[0] instanceof Tensor t ? t.detach() : a[0], Domain.NO_DERIVATIVE, List.of()));
        all.add(function("transpose", List.of(Arg.REAL), (g, a, axis) -> g.apply(new Transpose(), a[0]),
                (a, axis) -> Builtin.real(a[0]).transpose(), Domain.REALS, List.of()));
        all.add(new Builtin("eye", Kind.FUNCTION, List.of(Arg.SIZE), 1, null,
                (a, axis) -> LinearAlgebra.diag(Tensor.ones(new int[] {(Integer) a[0]})), Domain.NO_DERIVATIVE, List.of(),
                (g, a, sizes) -> g.apply(Diag.square(), g.apply(new Fill(1, dev.gradc.ir.Shape.of(sizes.get(0)))))));
        all.add(function("diag", List.of(Arg.REAL), (g, a, axis) -> g.apply(Diag.square(), a[0]),
                (a, axis) -> LinearAlgebra.diag(Builtin.real(a[0])), Domain.REALS, List.of()));
        all.add(function("diagonal", List.of(Arg.REAL), (g, a, axis) -> g.apply(new Diagonal(), a[0]),
                (a, axis) -> LinearAlgebra.diagonal(Builtin.real(a[0])), Domain.REALS, List.of()));
        all.add(function("trace", List.of(Arg.REAL), (g, a, axis) -> g.sumAll(g.apply(new Diagonal(), a[0])),
                (a, axis) -> LinearAlgebra.trace(Builtin.real(a[0])), Domain.REALS, List.of()));
        all.add(function("tril", List.of(Arg.REAL), (g, a, axis) -> g.apply(new Triangle(true), a[0]),
                (a, axis) -> LinearAlgebra.tril(Builtin.real(a[0])), Domain.REALS, List.of()));
        all.add(function("triu", List.of(Arg.REAL), (g, a, axis) -> g.apply(new Triangle(false), a[0]),
                (a, axis) -> LinearAlgebra.triu(Builtin.real(a[0])), Domain.REALS, List.of()));
        all.add(function("outer", List.of(Arg.REAL, Arg.REAL), (g, a, axis) -> g.outer(a[0], a[1]),
                (a, axis) -> LinearAlgebra.outer(Builtin.real(a[0]), Builtin.real(a[1])), Domain.REALS, List.of()));
        all.add(function("cholesky", List.of(Arg.REAL), (g, a, axis) -> g.apply(Factorisation.CHOLESKY, a[0]),
                (a, axis) -> LinearAlgebra.cholesky(Builtin.real(a[0])), Domain.SPD, List.of()));
        all.add(function("trisolve", List.of(Arg.REAL, Arg.REAL), Registry::trisolve,
                (a, axis) -> LinearAlgebra.trisolve(Builtin.real(a[0]), Builtin.real(a[1]), false),
                Domain.INVERTIBLE, List.of()));
        all.add(function("solve", List.of(Arg.REAL, Arg.REAL), (g, a, axis) -> g.apply(Factorisation.SOLVE, a[0], a[1]),
                (a, axis) -> LinearAlgebra.solve(Builtin.real(a[0]), Builtin.real(a[1])), Domain.INVERTIBLE, List.of()));
        all.add(function("inv", List.of(Arg.REAL), (g, a, axis) -> g.apply(Factorisation.INV, a[0]),
                (a, axis) -> LinearAlgebra.inv(Builtin.real(a[0])), Domain.INVERTIBLE, List.of()));
        all.add(function("det", List.of(Arg.REAL), (g, a, axis) -> g.apply(Factorisation.DET, a[0]),
                (a, axis) -> LinearAlgebra.det(Builtin.real(a[0])), Domain.INVERTIBLE, List.of()));
        all.add(function("logdet", List.of(Arg.REAL), (g, a, axis) -> g.apply(Factorisation.LOGDET, a[0]),
                (a, axis) -> LinearAlgebra.logdet(Builtin.real(a[0])), Domain.INVERTIBLE, List.of()));
        all.add(function("where", List.of(Arg.MASK, Arg.REAL, Arg.REAL), (g, a, axis) -> g.where(a[0], a[1], a[2]),
                (a, axis) -> Tensor.where(a[0] instanceof Boolean b ? Mask.scalar(b) : (Mask) a[0],
                        Builtin.real(a[1]), Builtin.real(a[2])), Domain.REALS, List.of()));
        all.add(function("dot", List.of(Arg.REAL, Arg.REAL), Composites::dot,
                (a, axis) -> Composites.dot(Builtin.real(a[0]), Builtin.real(a[1])), Domain.REALS, List.of()));
        all.add(function("norm", List.of(Arg.REAL), Composites::norm, (a, axis) -> Builtin.real(a[0]).norm(),
                Domain.REALS, List.of(new Kink(new double[] {0}, new double[] {0}))));
        for (Composites.Reduction r : Composites.Reduction.values()) {
            all.add(function(r.language(), List.of(Arg.REAL, Arg.AXIS), r::lower,
                    (a, axis) -> r.onTape(Builtin.real(a[0]), axis), Domain.REALS, List.of()));
        }
        for (String form : SUBSCRIPT_FORMS) {
            all.add(new Builtin(form, Kind.SUBSCRIPT, List.of(Arg.REAL, Arg.REAL), 2, null, null, Domain.REALS,
                    List.of()));
        }
        Map<String, Builtin> byName = new LinkedHashMap<>();
        for (Builtin b : all) {
            if (byName.put(b.name(), b) != null) {
                throw new IllegalStateException("two registry entries are called " + b.name());
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    /**
     * {@code trisolve(L, B)} solves with L's lower triangle; {@code trisolve(transpose(L), B)} is recognised
     * as the upper solve with Lᵀ, which reads L's lower triangle too and never forms the transpose.
     */
    private static int trisolve(Rules g, int[] a, int axis) {
        dev.gradc.ir.Node t = g.node(a[0]);
        if (t.op() instanceof Transpose) {
            return g.apply(Factorisation.TRISOLVE_T, t.input(0), a[1]);
        }
        return g.apply(Factorisation.TRISOLVE, a[0], a[1]);
    }

    private static Builtin function(String name, List<Arg> params, Builtin.Lowering lower, Builtin.TapeForm tape,
                                    Domain domain, List<Kink> kinks) {
        int required = (int) params.stream().filter(a -> a != Arg.AXIS).count();
        return new Builtin(name, Kind.FUNCTION, params, required, lower, tape, domain, kinks);
    }

    private static Domain unaryDomain(Unary u) {
        return switch (u) {
            case LOG, SQRT, LOG1P, LGAMMA, DIGAMMA -> Domain.POSITIVE;
            case ASIN, ACOS -> Domain.UNIT;
            case SIGN, FLOOR, CEIL, ROUND -> Domain.NO_DERIVATIVE;
            default -> Domain.REALS;
        };
    }

    /** The kinks and special values of docs/design.md, "Kinks and special values". */
    private static List<Kink> unaryKinks(Unary u) {
        double inf = Double.POSITIVE_INFINITY;
        return switch (u) {
            case ABS, RELU -> List.of(new Kink(new double[] {0}, new double[] {0}));
            case SQRT, LOG -> List.of(new Kink(new double[] {0}, new double[] {inf}));
            case SIGN, FLOOR, CEIL, ROUND -> List.of(new Kink(new double[] {0}, new double[] {0}),
                    new Kink(new double[] {1}, new double[] {0}), new Kink(new double[] {-0.5}, new double[] {0}));
            case ASIN -> List.of(new Kink(new double[] {1}, new double[] {inf}));
            case ACOS -> List.of(new Kink(new double[] {1}, new double[] {-inf}));
            case LGAMMA -> List.of(new Kink(new double[] {1}, new double[] {-0.5772156649015329}));
            default -> List.of();
        };
    }

    private static List<Kink> binaryKinks(Binary b) {
        return switch (b) {
            case MIN, MAX -> List.of(new Kink(new double[] {1.5, 1.5}, new double[] {1, 0}));
            case POW -> List.of(new Kink(new double[] {0, 2}, new double[] {0, 0}),
                    new Kink(new double[] {2, 0}, new double[] {0, Math.log(2)}));
            default -> List.of();
        };
    }
}
