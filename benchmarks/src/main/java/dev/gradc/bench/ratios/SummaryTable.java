package dev.gradc.bench.ratios;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One table of every program of the two others ({@link RatioTable}'s six, {@link ProgramsTable}'s array programs),
 * as the README's performance section shows them: the generated gradient's time, its ratios to the hand-written
 * gradient and to the generated value (medians of the pairwise ratios) against each program's targets, and for
 * the array programs the generated / hand-written gradient ratio again in a JVM without options. From the same
 * run as the other two tables.
 */
final class SummaryTable {

    /** A row: program, targets (generated / hand-written gradient, gradient / value), whether it has a default JVM. */
    private record Row(String program, double overHandwritten, double overValue, boolean defaultJvm) {
    }

    private static final List<Row> ROWS = rows();

    private SummaryTable() {
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (RatioTable.Program p : RatioTable.PROGRAMS) {
            rows.add(new Row(p.name(), 1.2, 3, false));
        }
        for (String p : ProgramsTable.PROGRAMS) {
            rows.add(new Row(p, ProgramsTable.GENERATED_OVER_HANDWRITTEN, ProgramsTable.GRADIENT_OVER_VALUE, true));
        }
        return List.copyOf(rows);
    }

    /** The table, or nothing when no program's generated gradient is in the run. */
    static String render(RunResults results) {
        if (ROWS.stream().allMatch(r -> results.get(r.program(), "generatedGradient").isEmpty())) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nAll programs (the README's table): generated gradient, medians of the"
                + " pairwise ratios")
                .append(results.judgeable() ? "\n\n" : "; " + RatioTable.NOT_JUDGED + "\n\n");
        List<String> header = List.of("program", "generated gradient", "/ hand-written gradient",
                "/ generated value", "default JVM: / hand-written gradient");
        RatioTable.row(out, header);
        RatioTable.separator(out, header.size());
        for (Row r : ROWS) {
            RatioTable.row(out, List.of(r.program(),
                    results.get(r.program(), "generatedGradient")
                            .map(x -> RatioTable.time(PairwiseRatio.median(x.nanos()))).orElse("—"),
                    cell(results, r.program(), "generatedGradient", "handwrittenGradient", r.overHandwritten()),
                    cell(results, r.program(), "generatedGradient", "generatedValue", r.overValue()),
                    r.defaultJvm() ? cell(results, r.program(), "generatedGradientDefaultJvm",
                            "handwrittenGradientDefaultJvm", 0) : "—"));
        }
        return out.toString();
    }

    /** The median of {@code a / b}; with a verdict against {@code atMost} (when positive) and its bound. */
    private static String cell(RunResults results, String program, String a, String b, double atMost) {
        Optional<PairwiseRatio> measured = results.ratio(program, a, b);
        if (measured.isEmpty()) {
            return "—";
        }
        double median = measured.get().median();
        String text = RatioTable.format(median);
        if (atMost <= 0) {
            return text;
        }
        String bound = " (≤ " + RatioTable.format(atMost) + ")";
        if (!results.judgeable()) {
            return text + bound + " not measured";
        }
        return text + (median <= atMost ? " ✓" : " ✗") + bound;
    }
}
