package dev.gradc.bench.ratios;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The table of the array programs (least squares by a loop over samples, LSTM, determinant by elimination,
 * RK4): their times, then the generated gradient against the hand-written one and against the generated
 * value, with targets, and both gradients again in a JVM without options ({@code ...DefaultJvm} methods),
 * from the same run as {@link RatioTable}. A program's second form ({@link #VARIANTS}: the LSTM specialised to its
 * sizes, the determinant by element writes) has a row of its own, against the same hand-written code.
 */
final class ProgramsTable {

    /** The programs, as their benchmark classes name them. */
    static final List<String> PROGRAMS = List.of("LeastSquares", "Lstm", "Determinant", "Rk4", "Gmm", "KMeans");

    /**
     * A second form of a program, benchmarked beside it against the same hand-written code, with a row of its own
     * ({@code program + suffix}) whose generated methods are the program's with {@code generated} replaced by
     * {@code prefix}: the LSTM's class specialised to the benchmark's sizes ({@code specialisedGradient}, the same
     * program with its sizes bound at compile time), the determinant written with element writes right of the
     * pivot as an expert writes LU ({@code generatedEntriesGradient}). The hand-written columns are the program's.
     */
    record Variant(String program, String suffix, String prefix) {

        String row() {
            return program + suffix;
        }
    }

    /** The programs' second forms, each row after its program's. */
    static final List<Variant> VARIANTS = List.of(new Variant("Lstm", ", specialised", "specialised"),
            new Variant("Determinant", ", element writes", "generatedEntries"));

    /** Generated gradient / hand-written gradient, at most. */
    static final double GENERATED_OVER_HANDWRITTEN = 1.3;
    /** Generated gradient / generated value, at most. */
    static final double GRADIENT_OVER_VALUE = 4;

    private static final List<String> METHODS = List.of("handwrittenValue", "handwrittenGradient", "generatedValue",
            "generatedGradient", "handwrittenGradientDefaultJvm", "generatedGradientDefaultJvm");
    private static final List<String> HEADINGS = List.of("hand-written value", "hand-written gradient",
            "generated value", "generated gradient", "hand-written gradient, default JVM",
            "generated gradient, default JVM");

    private ProgramsTable() {
    }

    /** Both tables, or nothing when none of the programs is in the run. */
    static String render(RunResults results) {
        if (PROGRAMS.stream().allMatch(p -> METHODS.stream().allMatch(m -> results.get(p, m).isEmpty()))) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nArray programs: median time per call\n\n");
        List<String> header = new ArrayList<>(List.of("program"));
        header.addAll(HEADINGS);
        RatioTable.row(out, header);
        RatioTable.separator(out, header.size());
        for (String row : rows()) {
            String p = program(row);
            List<String> cells = new ArrayList<>(List.of(row));
            for (String m : METHODS) {
                cells.add(results.get(p, method(row, m)).map(x -> RatioTable.time(PairwiseRatio.median(x.nanos())))
                        .orElse("—"));
            }
            RatioTable.row(out, cells);
        }
        out.append("\nArray programs: ratios (median of pairwise ratios, quartiles in brackets)")
                .append(results.judgeable() ? "\n\n" : "; " + RatioTable.NOT_JUDGED + "\n\n");
        header = List.of("program", "generated / hand-written gradient", "generated gradient / generated value",
                "default JVM: generated / hand-written gradient", "generated gradient: default JVM / tuned JVM");
        RatioTable.row(out, header);
        RatioTable.separator(out, header.size());
        for (String row : rows()) {
            String p = program(row);
            RatioTable.row(out, List.of(row,
                    cell(results, p, method(row, "generatedGradient"), "handwrittenGradient", GENERATED_OVER_HANDWRITTEN),
                    cell(results, p, method(row, "generatedGradient"), method(row, "generatedValue"), GRADIENT_OVER_VALUE),
                    cell(results, p, method(row, "generatedGradientDefaultJvm"), "handwrittenGradientDefaultJvm", 0),
                    cell(results, p, method(row, "generatedGradientDefaultJvm"), method(row, "generatedGradient"), 0)));
        }
        out.append("\nTargets: generated / hand-written gradient ≤ ").append(RatioTable.format(GENERATED_OVER_HANDWRITTEN))
                .append("; generated gradient / generated value ≤ ").append(RatioTable.format(GRADIENT_OVER_VALUE))
                .append(". Default JVM: no options at all (default collector and heap, no pre-touch), one fork.\n");
        return out.toString();
    }

    /** The rows: each program, and after it its variants' rows ({@link #VARIANTS}). */
    private static List<String> rows() {
        List<String> out = new ArrayList<>();
        for (String p : PROGRAMS) {
            out.add(p);
            for (Variant v : VARIANTS) {
                if (v.program().equals(p)) {
                    out.add(v.row());
                }
            }
        }
        return out;
    }

    private static Optional<Variant> variant(String row) {
        return VARIANTS.stream().filter(v -> v.row().equals(row)).findFirst();
    }

    private static String program(String row) {
        return variant(row).map(Variant::program).orElse(row);
    }

    /** The benchmark method a row reads for {@code method}: a variant's {@code generated...} are its prefix's. */
    private static String method(String row, String method) {
        Optional<Variant> v = variant(row);
        return v.isPresent() && method.startsWith("generated")
                ? v.get().prefix() + method.substring("generated".length()) : method;
    }

    /** {@code a / b} with its quartiles; a verdict against {@code atMost} when it is positive and the run judgeable. */
    private static String cell(RunResults results, String program, String a, String b, double atMost) {
        Optional<PairwiseRatio> measured = results.ratio(program, a, b);
        if (measured.isEmpty()) {
            return "—";
        }
        PairwiseRatio r = measured.get();
        String text = RatioTable.withQuartiles(r);
        if (atMost <= 0) {
            return text;
        }
        if (!results.judgeable()) {
            return text + ", target ≤ " + RatioTable.format(atMost) + ": not measured";
        }
        return text + (r.median() <= atMost ? " ✓" : " ✗ (target ≤ " + RatioTable.format(atMost) + ")");
    }
}
