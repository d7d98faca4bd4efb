package dev.gradc.emit;

import com.palantir.javapoet.NameAllocator;
import dev.gradc.ModuleNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The local names of one generated method. Program variables keep their names ({@code b}, then {@code b2},
 * {@code b3} when rebound; {@code s2_1} after {@code s2}, never a digit run on), temporaries are
 * {@code t0, t1…}, and nothing may shadow a class the generated code refers to by its simple name.
 *
 * <p>Names are registered with a JavaPoet {@link NameAllocator} under a tag (the node whose value they hold,
 * where there is one). A loop index or a local of one loop body lives in a nested scope: a
 * {@link NameAllocator#clone() clone} of the enclosing scope's allocator, dropped when the scope closes, so
 * its name is free again afterwards; names of the method itself are registered in every open scope.
 */
final class Names {

    /** Simple names of the classes and fields generated code uses: a local of that name would hide them. */
    static final Set<String> RESERVED = Set.of("Math", "MathOps", "Rows", "Checks", "Arrays", "Objects", "System",
            "Double", "Integer", "Boolean", "Long", "Object", "String", "IterationLimitException", "DoubleStack",
            "IntStack", "BooleanStack", "ObjectStack", "Arena", "WorkspaceChecks", "IllegalArgumentException", "maxIterations", "maxKeptValues",
            "KeptStateLimitException", "KeptBudget", "Binomial", "LoopTrips", "SweepBuffers", "java", "javax", "dev");

    private static final String[] INDEX_NAMES = {"i", "j", "k"};

    /** A scope: its allocator and the names taken in it (an allocator cannot be asked whether a name is free). */
    private record Scope(String opened, NameAllocator allocator, Set<String> taken) {
    }

    /** The open scopes, innermost first; the last is the method's own. */
    private final Deque<Scope> scopes = new ArrayDeque<>();
    private int temps;

    Names(Set<String> alsoReserved) {
        Scope method = new Scope(null, new NameAllocator(), new HashSet<>());
        scopes.push(method);
        Set<String> reserved = new java.util.TreeSet<>(RESERVED);
        reserved.addAll(alsoReserved);
        for (String r : reserved) {
            register(r, "reserved " + r);
        }
    }

    /** A fresh name close to {@code suggestion} (a program name, possibly not a valid Java identifier). */
    String newName(String suggestion) {
        return newName(suggestion, new Object());
    }

    /** As {@link #newName(String)}, registered under {@code tag} (such as a node's id). */
    String newName(String suggestion, Object tag) {
        String base = clean(suggestion);
        String separator = Character.isDigit(base.charAt(base.length() - 1)) ? "_" : "";
        String candidate = base;
        for (int n = separator.isEmpty() ? 2 : 1; isTaken(candidate)
                || javax.lang.model.SourceVersion.isKeyword(candidate); n++) {
            candidate = base + separator + n;
        }
        return register(candidate, tag);
    }

    /** Takes exactly {@code name} (a name chosen outside, such as a size parameter shared by helpers). */
    String claim(String name) {
        if (isTaken(name)) {
            throw new IllegalStateException("name '" + name + "' is taken");
        }
        return register(name, "claimed " + name);
    }

    /** A fresh temporary: {@code t0, t1, …}. */
    String temp() {
        return temp("");
    }

    /** A fresh temporary with a suffix: {@code t3Bar} (an adjoint), {@code t4Dot} (a tangent). */
    String temp(String suffix) {
        String c;
        do {
            c = "t" + temps++ + suffix;
        } while (isTaken(c));
        return register(c, new Object());
    }

    /**
     * A name for a loop index, in a new scope that ends with the loop: a name is free when no variable
     * declared so far and no enclosing loop uses it. Close it with {@link #closeLoop}.
     */
    String openLoop() {
        for (int round = 1; ; round++) {
            for (String base : INDEX_NAMES) {
                String c = round == 1 ? base : base + round;
                if (!isTaken(c)) {
                    return open(c);
                }
            }
        }
    }

    /**
     * A name for a local whose scope is one loop body, such as a row offset: like {@link #openLoop}, free
     * again after {@link #closeLoop}.
     */
    String openLocal(String base) {
        for (int n = 1; ; n++) {
            String c = n == 1 ? base : base + n;
            if (!isTaken(c)) {
                return open(c);
            }
        }
    }

    /**
     * Closes the scope that {@code name} opened. Scopes opened inside it and still open (a row's hoisted
     * local may outlive the loop that named it) are opened again, inside its enclosing scope.
     */
    void closeLoop(String name) {
        Deque<String> reopen = new ArrayDeque<>();
        while (!name.equals(scopes.peek().opened())) {
            if (scopes.size() == 1) {
                throw new IllegalStateException("no open scope of '" + name + "'");
            }
            reopen.push(scopes.pop().opened());
        }
        scopes.pop();
        while (!reopen.isEmpty()) {
            open(reopen.pop());
        }
    }

    private boolean isTaken(String name) {
        return scopes.peek().taken().contains(name);
    }

    private String open(String name) {
        Scope outer = scopes.peek();
        NameAllocator allocator = outer.allocator().clone();
        allocator.newName(name, name);
        Set<String> taken = new HashSet<>(outer.taken());
        taken.add(name);
        scopes.push(new Scope(name, allocator, taken));
        return name;
    }

    /** Registers a name of the method itself in every open scope, so it stays taken when they close. */
    private String register(String name, Object tag) {
        for (Scope s : scopes) {
            String got = s.allocator().newName(name, tag);
            if (!got.equals(name)) {
                throw new IllegalStateException("name '" + name + "' became '" + got + "'");
            }
            s.taken().add(name);
        }
        return name;
    }

    /** A valid identifier from a program name; compiler-made names such as {@code #end7_3} lose their mark. */
    static String clean(String suggestion) {
        String s = suggestion == null ? "t" : suggestion;
        while (s.startsWith("#")) {
            s = s.substring(1);
        }
        int hash = s.indexOf('#');
        if (hash > 0) {
            s = s.substring(0, hash);
        }
        return ModuleNames.identifier(s, "t");
    }
}
