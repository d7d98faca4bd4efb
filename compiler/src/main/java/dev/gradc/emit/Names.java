package dev.gradc.emit;

import com.palantir.javapoet.NameAllocator;
import dev.gradc.ModuleNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The local names of one generated method. Program variables keep their names ({@code b}, then {@code b2},
 * {@code b3} when rebound), temporaries are {@code t0, t1…}, and nothing may shadow a class the generated code
 * refers to by its simple name.
 */
final class Names {

    /** Simple names of the classes and fields generated code uses: a local of that name would hide them. */
    static final Set<String> RESERVED = Set.of("Math", "MathOps", "Rows", "Checks", "Arrays", "Objects", "System",
            "Double", "Integer", "Boolean", "Long", "Object", "String", "IterationLimitException", "DoubleStack",
            "IntStack", "BooleanStack", "ObjectStack", "IllegalArgumentException", "maxIterations", "maxKeptValues", "KeptStateLimitException", "java", "javax",
            "dev");

    private static final String[] INDEX_NAMES = {"i", "j", "k"};

    private final NameAllocator allocator = new NameAllocator();
    private final Set<String> used = new HashSet<>();
    private final List<String> openLoops = new ArrayList<>();
    private int temps;

    Names(Set<String> alsoReserved) {
        used.addAll(RESERVED);
        used.addAll(alsoReserved);
    }

    /** A fresh name close to {@code suggestion} (a program name, possibly not a valid Java identifier). */
    String newName(String suggestion) {
        String base = clean(suggestion);
        String candidate = base;
        for (int n = 2; used.contains(candidate) || openLoops.contains(candidate)
                || javax.lang.model.SourceVersion.isKeyword(candidate); n++) {
            candidate = base + n;
        }
        String name = allocator.newName(candidate, new Object());
        used.add(name);
        return name;
    }

    /** Takes exactly {@code name} (a name chosen outside, such as a size parameter shared by helpers). */
    String claim(String name) {
        if (!used.add(name)) {
            throw new IllegalStateException("name '" + name + "' is taken");
        }
        allocator.newName(name, new Object());
        return name;
    }

    /** A fresh temporary: {@code t0, t1, …}. */
    String temp() {
        String c;
        do {
            c = "t" + temps++;
        } while (used.contains(c));
        return newName(c);
    }

    /**
     * A name for a loop index: the loop's scope ends with the loop, so a name is free when no variable
     * declared so far and no enclosing loop uses it. Close it with {@link #closeLoop}.
     */
    String openLoop() {
        for (int round = 1; ; round++) {
            for (String base : INDEX_NAMES) {
                String c = round == 1 ? base : base + round;
                if (!used.contains(c) && !openLoops.contains(c)) {
                    openLoops.add(c);
                    return c;
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
            if (!used.contains(c) && !openLoops.contains(c)) {
                openLoops.add(c);
                return c;
            }
        }
    }

    void closeLoop(String index) {
        openLoops.remove(index);
    }

    boolean isUsed(String name) {
        return used.contains(name);
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
