package dev.gradc.cli;

import dev.gradc.diag.CliMessages;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Shape;
import dev.gradc.ir.SizeSolver;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds {@code --arg NAME=VALUE} options to a function's parameters: reads each value, checks it against the
 * parameter's type, and infers every size name from the first argument whose shape uses it. A size name may
 * also be given directly ({@code --arg B=4}).
 */
final class Arguments {

    /** The engine-ready arguments (NDArray, Integer, Boolean) in parameter order, and the bound sizes. */
    record Bound(Object[] values, Map<String, Integer> sizes) {
    }

    private final FunctionIr function;
    private final Map<String, Integer> sizes = new LinkedHashMap<>();
    private final Map<String, String> boundBy = new LinkedHashMap<>();
    /** Affine dimensions ({@code N+1}) of the values read so far, checked once their sizes are bound. */
    private final List<Pending> affine = new ArrayList<>();

    /** A value's dimension {@code dim} that is {@code got} long. */
    private record Pending(String what, Dim dim, int got) {
    }

    /** The sizes built into the program ({@code --size}): each a constant of its graph, bound before any argument. */
    private final Map<String, Integer> fixed;

    private Arguments(FunctionIr function, Map<String, Integer> fixed) {
        this.function = function;
        this.fixed = fixed;
    }

    /** Splits {@code NAME=VALUE} options, rejecting malformed ones and names given twice. */
    static Map<String, String> split(String option, List<String> items) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            String name = eq < 0 ? "" : item.substring(0, eq).strip();
            if (eq < 0 || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw CommandError.usage(CliMessages.optionSyntax(option, item));
            }
            if (out.put(name, item.substring(eq + 1)) != null) {
                throw CommandError.input(CliMessages.duplicateArgument(name));
            }
        }
        return out;
    }

    static Bound bind(FunctionIr function, Map<String, String> given) {
        return bind(function, given, Map.of());
    }

    /**
     * Like {@link #bind(FunctionIr, Map)} for a function built with the sizes {@code fixed} ({@code --size}, the
     * module's bound sizes): those are bound first, so an argument whose shape, or an {@code --arg} whose value,
     * disagrees with one is an error that names it.
     */
    static Bound bind(FunctionIr function, Map<String, String> given, Map<String, Integer> fixed) {
        return new Arguments(function, fixed).bindAll(given);
    }

    private Bound bindAll(Map<String, String> given) {
        List<String> known = new ArrayList<>(function.sizes());
        function.params().forEach(p -> known.add(p.name()));
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                throw CommandError.input(CliMessages.unknownArgument(name, function.name(), known));
            }
        }
        for (String size : function.sizes()) {
            Integer built = fixed.get(size);
            if (built != null) {
                sizes.put(size, built);
                boundBy.put(size, "--size " + size);
            }
            String text = given.get(size);
            if (text != null && built != null && sizeValue(size, text) != built) {
                throw CommandError.input(CliMessages.valueSize("--arg " + size, size, sizeValue(size, text), built,
                        "--size " + size));
            } else if (text != null) {
                sizes.put(size, sizeValue(size, text));
                boundBy.put(size, "--arg " + size);
            }
        }
        Object[] values = new Object[function.params().size()];
        for (int i = 0; i < values.length; i++) {
            FunctionIr.ParamInfo p = function.params().get(i);
            String text = given.get(p.name());
            if (text == null) {
                throw CommandError.input(CliMessages.missingArgument(p.name(), p.type()));
            }
            values[i] = value("argument '" + p.name() + "'", text, p.type(), true);
        }
        solve();
        settle(true);
        for (String size : function.sizes()) {
            if (!sizes.containsKey(size)) {
                throw CommandError.input(CliMessages.unboundSize(size));
            }
        }
        return new Bound(values, Map.copyOf(sizes));
    }

    private static int sizeValue(String size, String text) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw CommandError.input(CliMessages.sizeValue(size, text.strip()));
    }

    /**
     * Reads {@code text} as a value of {@code type}; with {@code bindSizes}, unbound size names in the type take
     * their value from it, otherwise every size must already be bound (seeds and tangents).
     */
    private Object value(String what, String text, Type type, boolean bindSizes) {
        Object v;
        try {
            v = Values.parse(text);
        } catch (Values.Malformed e) {
            throw CommandError.input(CliMessages.malformedValue(what, text.strip(), e.getMessage()));
        }
        if (type instanceof Type.Bool) {
            if (v instanceof Boolean) {
                return v;
            }
            throw CommandError.input(CliMessages.valueType(what, type, describe(v, text)));
        }
        if (!(v instanceof NDArray a)) {
            throw CommandError.input(CliMessages.valueType(what, type, describe(v, text)));
        }
        if (type instanceof Type.Int) {
            double d = a.isScalar() ? a.item() : Double.NaN;
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw CommandError.input(CliMessages.valueType(what, "an int", describe(v, text)));
            }
            return (int) d;
        }
        Shape shape = type instanceof Type.IntArray ia ? ia.shape() : ((Type.Real) type).shape();
        if (a.rank() != shape.rank()) {
            throw CommandError.input(CliMessages.valueType(what, type, describe(v, text)));
        }
        for (int k = 0; k < shape.rank(); k++) {
            checkDim(what, type, shape.dim(k), a, k, bindSizes);
        }
        return type instanceof Type.IntArray ? ints(what, type, a, text) : a;
    }

    /** An int array argument: every entry a whole number in int range. */
    private static dev.gradc.ops.IntND ints(String what, Type type, NDArray a, String text) {
        int[] out = new int[a.size()];
        for (int k = 0; k < out.length; k++) {
            double d = a.data()[k];
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw CommandError.input(CliMessages.valueType(what, type, "an array whose entry " + k + " is "
                        + d + ", not an int"));
            }
            out[k] = (int) d;
        }
        return new dev.gradc.ops.IntND(out, a.shape());
    }

    private void checkDim(String what, Type type, Dim dim, NDArray a, int k, boolean bindSizes) {
        int got = a.shape()[k];
        if (dim instanceof Dim.Fixed f) {
            if (f.value() != got) {
                throw CommandError.input(CliMessages.valueType(what, type, describe(a, null))
                        + (fixed.isEmpty() ? "" : CliMessages.builtInSizes(fixed)));
            }
            return;
        }
        if (dim instanceof Dim.Affine) {
            affine.add(new Pending(what, dim, got));
            if (bindSizes) {
                solve();
            }
            settle(false);
            return;
        }
        String name = ((Dim.Named) dim).name();
        Integer bound = sizes.get(name);
        if (bound == null && bindSizes) {
            sizes.put(name, got);
            boundBy.put(name, what);
        } else if (bound == null) {
            throw CommandError.input(CliMessages.unboundSize(name));
        } else if (bound != got) {
            throw CommandError.input(CliMessages.valueSize(what, name, got, bound, boundBy.get(name)));
        }
    }

    /** Binds the size names that the pending affine dimensions fix (one unknown name each, exact division). */
    private void solve() {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Pending p : affine) {
                Map<String, Dim> known = new LinkedHashMap<>();
                sizes.forEach((k, v) -> known.put(k, Dim.of(v)));
                Map<String, Dim> solved = SizeSolver.solve(List.of(new SizeSolver.Equation(p.dim(), Dim.of(p.got()))),
                        new java.util.HashSet<>(function.sizes()), known);
                for (String n : p.dim().terms().keySet()) {
                    if (!sizes.containsKey(n) && solved.get(n) instanceof Dim.Fixed f && f.value() >= 0) {
                        sizes.put(n, f.value());
                        boundBy.put(n, p.what());
                        progress = true;
                    }
                }
            }
        }
    }

    /** Checks every pending dimension whose sizes are all bound; with {@code all}, an unbound one is an error. */
    private void settle(boolean all) {
        for (java.util.Iterator<Pending> it = affine.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            Dim.Affine d = (Dim.Affine) p.dim();
            if (!sizes.keySet().containsAll(d.terms().keySet())) {
                if (all) {
                    String missing = d.terms().keySet().stream().filter(n -> !sizes.containsKey(n)).findFirst().get();
                    throw CommandError.input(CliMessages.unboundSize(missing));
                }
                continue;
            }
            long expected = d.constant();
            for (Map.Entry<String, Long> t : d.terms().entrySet()) {
                expected += t.getValue() * sizes.get(t.getKey());
            }
            if (expected != p.got()) {
                StringBuilder with = new StringBuilder();
                for (String n : d.terms().keySet()) {
                    with.append(with.length() == 0 ? "" : ", ").append(n).append('=').append(sizes.get(n))
                            .append(" (from ").append(boundBy.get(n)).append(')');
                }
                throw CommandError.input(CliMessages.valueDimension(p.what(), d.toString(), p.got(),
                        expected + " with " + with));
            }
            it.remove();
        }
    }

    /** Reads a seed or tangent that must have exactly the given type once sizes are bound. */
    static Object shaped(String what, String text, Type type, Map<String, Integer> sizes) {
        Arguments a = new Arguments(null, Map.of());
        a.sizes.putAll(sizes);
        sizes.keySet().forEach(s -> a.boundBy.put(s, "the arguments"));
        return a.value(what, text, type, false);
    }

    static String describe(Object v, String text) {
        if (v instanceof Boolean) {
            return "a bool";
        }
        NDArray a = (NDArray) v;
        if (a.isScalar()) {
            return text == null ? "a scalar" : "the number " + text.strip();
        }
        return "an array of shape " + Arrays.toString(a.shape()).replace(" ", "");
    }
}
