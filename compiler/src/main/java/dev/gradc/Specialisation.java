package dev.gradc;

import dev.gradc.diag.CliMessages;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sizes bound to constants at compile time, and the suffix of the class so built: the specialised class keeps
 * the generic class's methods and signatures (size names stay leading {@code int} parameters), checks that each
 * bound size is called with its constant, and is compiled with every dimension and trip count derived from the
 * bound sizes folded to a number, as JAX and XLA specialise to shapes. {@link #NONE} is the generic build.
 *
 * @param sizes the bound sizes by name, each at least 1, in name order
 * @param classSuffix appended to the module's class name ({@code Lstm} with {@code H16} is {@code LstmH16}); "" keeps
 *     the name, so that the specialised class replaces the generic one
 */
public record Specialisation(Map<String, Integer> sizes, String classSuffix) {

    /** No size bound: the generic class. */
    public static final Specialisation NONE = new Specialisation(Map.of(), "");

    public Specialisation {
        TreeMap<String, Integer> sorted = new TreeMap<>();
        sizes.forEach((name, value) -> {
            if (name == null || !javax.lang.model.SourceVersion.isIdentifier(name)) {
                throw new IllegalArgumentException(CliMessages.sizeBindingName(String.valueOf(name)));
            }
            if (value == null || value < 1) {
                throw new IllegalArgumentException(CliMessages.sizeBindingValue(name, String.valueOf(value)));
            }
            sorted.put(name, value);
        });
        sizes = Collections.unmodifiableSortedMap(sorted);
        classSuffix = classSuffix == null ? "" : classSuffix;
        if (!classSuffix.isEmpty() && !classSuffix.chars().allMatch(Character::isJavaIdentifierPart)) {
            throw new IllegalArgumentException(CliMessages.badClassSuffix(classSuffix));
        }
    }

    /**
     * A binding written {@code NAME=VALUE} ({@code H=16}) into {@code into}, as {@code --size} and the Maven
     * plugin's configuration give it.
     *
     * @throws IllegalArgumentException saying what is wrong: not {@code NAME=VALUE}, a name that is not an
     *     identifier, a value that is not a positive int, a name bound twice to different values
     */
    public static void parse(String binding, Map<String, Integer> into) {
        int eq = binding.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException(CliMessages.optionSyntax("--size", binding));
        }
        bind(binding.substring(0, eq).trim(), binding.substring(eq + 1).trim(), into);
    }

    /** Like {@link #parse}, for a name and a value given apart. */
    public static void bind(String name, String value, Map<String, Integer> into) {
        if (!javax.lang.model.SourceVersion.isIdentifier(name)) {
            throw new IllegalArgumentException(CliMessages.sizeBindingName(name));
        }
        int v;
        try {
            v = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CliMessages.sizeBindingValue(name, value));
        }
        if (v < 1) {
            throw new IllegalArgumentException(CliMessages.sizeBindingValue(name, value));
        }
        Integer before = into.putIfAbsent(name, v);
        if (before != null && before != v) {
            throw new IllegalArgumentException(CliMessages.sizeBoundTwice(name, before, v));
        }
    }

    /** Whether no size is bound. */
    public boolean isGeneric() {
        return sizes.isEmpty();
    }

    /** {@code H=16, L=2}: the bindings as a person writes them. */
    public String text() {
        StringBuilder b = new StringBuilder();
        sizes.forEach((n, v) -> b.append(b.length() == 0 ? "" : ", ").append(n).append('=').append(v));
        return b.toString();
    }
}
