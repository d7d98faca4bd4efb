package dev.gradc.bench.ratios;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The table of the array programs (least squares by a loop over samples, LSTM, determinant by elimination,
 * RK4): their times, then the generated gradient against the hand-written one and against the generated
 * value, with targets, and both gradients again in a JVM without options ({@code ...DefaultJvm} methods),
 * from the same run as {@link RatioTable}.
 */
final class ProgramsTable {

    /** The programs, as their benchmark classes name them. */
    static final List<String> PROGRAMS = List.of("LeastSquares", "Lstm", "Determinant", "Rk4", "Gmm", "KMeans");

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
        for (String p : PROGRAMS) {
            List<String> cells = new ArrayList<>(List.of(p));
            for (String m : METHODS) {
                cells.add(results.get(p, m).map(x -> RatioTable.time(PairwiseRatio.median(x.nanos()))).orElse("—"));
            }
            RatioTable.row(out, cells);
        }
        out.append("\nArray programs: ratios (median of pairwise ratios, quartiles in brackets)")
                .append(results.judgeable() ? "\n\n" : "; " + RatioTable.NOT_JUDGED + "\n\n");
        header = List.of("program", "generated / hand-written gradient", "generated gradient / generated value",
                "default JVM: generated / hand-written gradient", "generated gradient: default JVM / tuned JVM");
        RatioTable.row(out, header);
        RatioTable.separator(out, header.size());
        for (String p : PROGRAMS) {
            RatioTable.row(out, List.of(p,
                    cell(results, p, "generatedGradient", "handwrittenGradient", GENERATED_OVER_HANDWRITTEN),
                    cell(results, p, "generatedGradient", "generatedValue", GRADIENT_OVER_VALUE),
                    cell(results, p, "generatedGradientDefaultJvm", "handwrittenGradientDefaultJvm", 0),
                    cell(results, p, "generatedGradientDefaultJvm", "generatedGradient", 0)));
        }
        out.append("\nTargets: generated / hand-written gradient ≤ ").append(RatioTable.format(GENERATED_OVER_HANDWRITTEN))
                .append("; generated gradient / generated value ≤ ").append(RatioTable.format(GRADIENT_OVER_VALUE))
                .append(". Default JVM: no options at all (default collector and heap, no pre-touch), one fork.\n");
        return out.toString();
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
