package dev.gradc.bench.ratios;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The benchmark tables as Markdown: the median time of every method of every program, then the
 * ratios between methods with their targets, all from one JMH run. A ratio whose two sides are not
 * both in the run prints as {@code —}; a TF ratio of a program TF cannot differentiate says so. A run
 * too short to judge (a {@code --quick} run) gets no ✓/✗: its targets read "not measured".
 */
final class RatioTable {

    /** A benchmark program: its name (the benchmark class less {@code Benchmark}) and its FD method. */
    record Program(String name, boolean scalar, String finiteDifferences, String finiteDifferencesNote) {
    }

    /** A bound on a ratio: at most (or at least) {@code bound}. */
    record Target(boolean atMost, double bound) {

        boolean met(double ratio) {
            return atMost ? ratio <= bound : ratio >= bound;
        }

        @Override
        public String toString() {
            return (atMost ? "≤ " : "≥ ") + format(bound);
        }
    }

    /** A ratio column: {@code numerator / denominator}, method names, {@code FD} for the program's FD method. */
    record Ratio(String label, String numerator, String denominator, Function<Program, Optional<Target>> target) {
    }

    /** The six benchmark programs, scalar ones first. */
    static final List<Program> PROGRAMS = List.of(
            new Program("Poly", true, "finiteDifferences", ""),
            new Program("Chain", true, "finiteDifferences", ""),
            new Program("LogSin", true, "finiteDifferences", ""),
            new Program("ControlFlow", true, "finiteDifferences", ""),
            new Program("Mlp", false, "finiteDifferencesBiases",
                    "MLP finite differences cover b1 and b2 only (74 of 2,762 entries): all would cost about 37× more."),
            new Program("Rnn", false, "finiteDifferences", ""));

    /** The method columns of the time table, with their headings. */
    static final Map<String, String> METHODS = orderedMap(
            "handwrittenValue", "hand-written value",
            "handwrittenGradient", "hand-written gradient",
            "generatedValue", "generated value",
            "generatedGradient", "generated gradient",
            "tape", "tape",
            "tfGradient", "TF gradient",
            "FD", "finite differences");

    private static final Optional<Target> NONE = Optional.empty();

    /** What the ratio table says instead of verdicts when the run was too short to judge. */
    static final String NOT_JUDGED = "no verdicts: iterations shorter than 1 s (a --quick run) only show that "
            + "everything runs, so every target reads \"not measured\"";

    /** The ratio columns: first those with targets, then context. */
    static final List<Ratio> RATIOS = List.of(
            new Ratio("generated / hand-written gradient", "generatedGradient", "handwrittenGradient",
                    p -> Optional.of(new Target(true, 1.2))),
            new Ratio("generated gradient / generated value", "generatedGradient", "generatedValue",
                    p -> Optional.of(new Target(true, 3))),
            new Ratio("tape / generated gradient", "tape", "generatedGradient",
                    p -> p.scalar() ? Optional.of(new Target(false, 10))
                            : p.name().equals("Mlp") ? Optional.of(new Target(false, 2)) : NONE),
            new Ratio("generated / TF gradient", "generatedGradient", "tfGradient",
                    p -> Optional.of(new Target(true, 1))),
            new Ratio("hand-written gradient / hand-written value", "handwrittenGradient", "handwrittenValue",
                    p -> NONE),
            new Ratio("TF / hand-written gradient", "tfGradient", "handwrittenGradient", p -> NONE),
            new Ratio("finite differences / hand-written gradient", "FD", "handwrittenGradient", p -> NONE));

    private RatioTable() {
    }

    /**
     * Renders both tables.
     *
     * @param results one run's measurements
     * @param tfUnsupported program name → why TF cannot differentiate it (empty when TF was not probed)
     */
    static String render(RunResults results, Map<String, String> tfUnsupported) {
        StringBuilder out = new StringBuilder();
        out.append("Median time per call (").append(results.settings()).append("; ").append(results.jvm())
                .append(")\n\n");
        List<String> header = new ArrayList<>(List.of("program"));
        header.addAll(METHODS.values());
        row(out, header);
        separator(out, header.size());
        for (Program p : PROGRAMS) {
            List<String> cells = new ArrayList<>(List.of(p.name()));
            for (String method : METHODS.keySet()) {
                cells.add(results.get(p.name(), resolve(p, method))
                        .map(m -> time(PairwiseRatio.median(m.nanos())))
                        .orElseGet(() -> method.equals("tfGradient") && tfUnsupported.containsKey(p.name())
                                ? "TF cannot differentiate" : "—"));
            }
            row(out, cells);
        }
        out.append("\nRatios: median over all pairs of measurement iterations (quartiles in brackets); ")
                .append(results.judgeable() ? "✓/✗ against the targets below\n\n" : NOT_JUDGED + "\n\n");
        header = new ArrayList<>(List.of("program"));
        for (Ratio r : RATIOS) {
            header.add(r.label());
        }
        row(out, header);
        separator(out, header.size());
        for (Program p : PROGRAMS) {
            List<String> cells = new ArrayList<>(List.of(p.name()));
            for (Ratio r : RATIOS) {
                cells.add(cell(results, tfUnsupported, p, r));
            }
            row(out, cells);
        }
        out.append('\n');
        out.append("Targets: generated / hand-written ≤ 1.2; generated gradient / generated value ≤ 3; "
                + "tape / generated ≥ 10 (scalar programs), ≥ 2 (MLP); generated faster than TF (< 1).\n");
        out.append("— : not in this run (TF runs with -Ppeers; --include narrows the run).\n");
        for (Program p : PROGRAMS) {
            if (!p.finiteDifferencesNote().isEmpty()) {
                out.append(p.finiteDifferencesNote()).append('\n');
            }
        }
        for (Map.Entry<String, String> e : tfUnsupported.entrySet()) {
            out.append(e.getKey()).append(": TF cannot differentiate this program: ").append(e.getValue()).append('\n');
        }
        return out.toString();
    }

    private static String cell(RunResults results, Map<String, String> tfUnsupported, Program p, Ratio r) {
        boolean needsTf = r.numerator().equals("tfGradient") || r.denominator().equals("tfGradient");
        if (needsTf && tfUnsupported.containsKey(p.name())) {
            return "TF cannot differentiate this program: " + gist(tfUnsupported.get(p.name()));
        }
        Optional<PairwiseRatio> measured = results.ratio(p.name(), resolve(p, r.numerator()), resolve(p, r.denominator()));
        if (measured.isEmpty()) {
            return "—";
        }
        PairwiseRatio ratio = measured.get();
        String text = withQuartiles(ratio);
        Optional<Target> target = r.target().apply(p);
        if (!results.judgeable()) {
            return target.map(t -> text + ", target " + t + ": not measured").orElse(text);
        }
        return target.map(t -> text + (t.met(ratio.median()) ? " ✓" : " ✗ (target " + t + ")")).orElse(text);
    }

    private static String resolve(Program p, String method) {
        return method.equals("FD") ? p.finiteDifferences() : method;
    }

    /** The gist of TF's error for a table cell: its first sentence, without the exception's class. */
    static String gist(String message) {
        String text = message.lines().findFirst().orElse("").replace('|', '/').strip();
        int colon = text.indexOf(": ");
        if (colon > 0 && text.substring(0, colon).matches("[A-Za-z.$]*(Exception|Error)")) {
            text = text.substring(colon + 2);
        }
        int sentence = text.indexOf(". ");
        if (sentence > 0) {
            text = text.substring(0, sentence);
        }
        return text.length() > 100 ? text.substring(0, 97) + "..." : text;
    }

    /** Three significant digits, no exponent for the ratios and times of these tables. */
    /** The median of {@code r} with its quartiles in brackets. */
    static String withQuartiles(PairwiseRatio r) {
        return format(r.median()) + " (" + format(r.lowerQuartile()) + "–" + format(r.upperQuartile()) + ")";
    }

    static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a != 0 && a < 0.01) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, v);
    }

    /** A time in ns, µs, ms or s with three significant digits. */
    static String time(double nanos) {
        if (nanos < 1e3) {
            return format(nanos) + " ns";
        }
        if (nanos < 1e6) {
            return format(nanos / 1e3) + " µs";
        }
        if (nanos < 1e9) {
            return format(nanos / 1e6) + " ms";
        }
        return format(nanos / 1e9) + " s";
    }

    static void row(StringBuilder out, List<String> cells) {
        out.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    static void separator(StringBuilder out, int columns) {
        out.append("|").append("---|".repeat(columns)).append('\n');
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
