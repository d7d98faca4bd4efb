package dev.gradc.fuzz;

import dev.gradc.Gradc;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.testing.RandomPrograms;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The programs {@link EnginesAgreeFuzzTest} runs, case {@code k} reproducible alone: grammar-generated functions
 * (with and without slices and indexed updates, scalar and vector outputs, with {@link
 * RandomPrograms#generateWithHazards hazards} in loops) and mutants of them and of the
 * example programs ({@link ProgramMutator}). Each case is a set of functions renamed apart ({@code name_k}) so
 * that many cases share one module (one javac call), with {@code @grad} or {@code @vjp} on the function tested.
 * A mutant that no longer checks is counted and replaced by the next mutant of the same program.
 */
final class AgreeCases {

    /** One case: the text of its functions, the function whose value and derivative are compared. */
    record Case(int k, String text, String entry, String origin) {
    }

    private static final int ATTEMPTS = 20;
    private static final Pattern FN = Pattern.compile("\\bfn\\s+([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern DERIVATIVE_ANNOTATION = Pattern.compile(
            "(?m)^\\s*@(grad|vjp|jvp|hessian|jacobian|hvp)\\b[^\\n]*\\n");

    private final long seed;
    private final List<String> examples;
    /** Mutants that did not check (each had positioned diagnostics, as {@link FuzzOracle} requires). */
    private int rejected;

    AgreeCases(long seed) {
        this.seed = seed;
        List<String> all = new ArrayList<>(Corpus.seeds());
        all.addAll(Corpus.programs());
        Corpus.FILES.forEach(f -> all.add(Corpus.resource(f)));
        this.examples = all;
    }

    int rejected() {
        return rejected;
    }

    /**
     * Case k: kinds cycle with k mod 8 — 0–3 generated (3 and 2 with subscripts, odd ones with a vector output),
     * 4, 5 and 7 mutants of generated ones, 6 a mutant of an example.
     */
    Case get(int k) {
        int kind = k % 8;
        boolean vector = k % 2 == 1;
        String base;
        String origin;
        if (kind == 6) {
            int e = (k / 8) % examples.size();
            base = examples.get(e);
            origin = "example " + e;
        } else {
            boolean subscripts = kind == 2 || kind == 3 || kind == 5;
            base = RandomPrograms.generateWithHazards(seed + k, vector, subscripts);
            origin = "generated " + (seed + k) + (vector ? " vector" : "") + (subscripts ? " subscripts" : "");
        }
        if (kind < 4) {
            return prepare(k, base, origin);
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long s = seed * 31 + k * 64L + attempt;
            Case c = prepare(k, new ProgramMutator(s).mutate(base), origin + ", mutant " + s);
            if (c != null) {
                return c;
            }
            rejected++;
        }
        return prepare(k, base, origin);
    }

    /** The program renamed apart and annotated, or null when it does not check (or has nothing to differentiate). */
    private static Case prepare(int k, String program, String origin) {
        String text = DERIVATIVE_ANNOTATION.matcher(program.replaceFirst("(?m)^module [^\\n]*\\n", "")).replaceAll("");
        List<String> names = new ArrayList<>();
        Matcher m = FN.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        for (String name : names) {
            text = text.replaceAll("\\b" + name + "\\b", name + "_" + k);
        }
        SourceFile source = new SourceFile("case" + k + ".grad", text);
        Diagnostics d = new Diagnostics();
        ModuleIr ir;
        try {
            ir = Gradc.frontEnd(source, null, d);
        } catch (RuntimeException e) {
            throw new AssertionError("front end threw on case " + k + " (" + origin + "):\n" + text, e);
        }
        if (ir == null || d.hasErrors()) {
            FuzzOracle.checkFrontEnd("agree" + k, text); // a diagnosed mutant: positioned diagnostics, no crash
            return null;
        }
        FunctionIr entry = null;
        for (FunctionIr f : ir.functions()) {
            if (!f.realParams().isEmpty() && f.output() instanceof Type.Real) {
                entry = f;
            }
        }
        if (entry == null) {
            return null;
        }
        String annotation = ((Type.Real) entry.output()).isScalar() ? "@grad\n" : "@vjp\n";
        String annotated = text.replaceFirst("(?m)^(\\s*)fn " + entry.name() + "\\b", annotation + "$1fn " + entry.name());
        return new Case(k, annotated + "\n", entry.name(), origin);
    }
}
