package dev.gradc.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutates valid programs into programs that are likely still valid but compute something else, reproducibly
 * from a seed: a binary operator or an elementwise function swapped for another, a constant perturbed, a
 * statement deleted or duplicated, a statement wrapped in an {@code if} or a counted loop. Unlike {@link Mutator}
 * (which aims at the front end's robustness) these mutants are meant to reach every engine; one that no longer
 * checks is simply rejected by the caller, which tries another seed.
 */
final class ProgramMutator {

    private static final List<String> BINARY = List.of(" + ", " - ", " * ", " / ");
    private static final List<String> UNARY = List.of("sin", "cos", "tanh", "sigmoid", "exp", "softplus", "abs",
            "square", "relu");
    private static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z0-9_.\\[])([0-9]+\\.[0-9]+|[0-9]+)(?![0-9.:\\]])");
    private static final Pattern FUNCTION = Pattern.compile("\\b(" + String.join("|", UNARY) + ")\\(");
    private static final Pattern ASSIGNED = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(\\[[^=]*\\])?\\s*[-+*]?=[^=]");

    private final Random random;
    private int fresh;

    ProgramMutator(long seed) {
        this.random = new Random(seed);
    }

    /** The program with one to three mutations applied to statements inside its functions. */
    String mutate(String program) {
        List<String> lines = new ArrayList<>(Arrays.asList(program.split("\n", -1)));
        int n = 1 + random.nextInt(3);
        for (int k = 0; k < n; k++) {
            List<Integer> statements = statements(lines);
            if (statements.isEmpty()) {
                break;
            }
            mutateOnce(lines, statements.get(random.nextInt(statements.size())));
        }
        return String.join("\n", lines);
    }

    /** Lines that are whole statements: they end with ';' and are neither returns nor module lines. */
    private static List<Integer> statements(List<String> lines) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).trim();
            if (t.endsWith(";") && !t.startsWith("return") && !t.startsWith("module") && !t.startsWith("extern")
                    && !t.startsWith("fn") && !t.contains("{") && !t.contains("}")) {
                out.add(i);
            }
        }
        return out;
    }

    private void mutateOnce(List<String> lines, int i) {
        String line = lines.get(i);
        switch (random.nextInt(7)) {
            case 0 -> lines.set(i, swapBinary(line));
            case 1 -> lines.set(i, swapFunction(line));
            case 2 -> lines.set(i, perturbConstant(line));
            case 3 -> lines.remove(i);
            case 4 -> lines.add(i, line);
            case 5 -> wrapInIf(lines, i);
            default -> wrapInLoop(lines, i);
        }
    }

    private String swapBinary(String line) {
        List<Integer> at = new ArrayList<>();
        for (String op : BINARY) {
            for (int k = line.indexOf(op); k >= 0; k = line.indexOf(op, k + 1)) {
                at.add(k);
            }
        }
        if (at.isEmpty()) {
            return perturbConstant(line);
        }
        int k = at.get(random.nextInt(at.size()));
        return line.substring(0, k) + BINARY.get(random.nextInt(BINARY.size())) + line.substring(k + 3);
    }

    private String swapFunction(String line) {
        Matcher m = FUNCTION.matcher(line);
        List<int[]> at = new ArrayList<>();
        while (m.find()) {
            at.add(new int[] {m.start(1), m.end(1)});
        }
        if (at.isEmpty()) {
            return swapBinary(line);
        }
        int[] s = at.get(random.nextInt(at.size()));
        return line.substring(0, s[0]) + UNARY.get(random.nextInt(UNARY.size())) + line.substring(s[1]);
    }

    /** A real literal scaled by a factor in [0.25, 2) or negated; a whole number moved by one (it may be a bound). */
    private String perturbConstant(String line) {
        Matcher m = NUMBER.matcher(line);
        List<int[]> at = new ArrayList<>();
        while (m.find()) {
            at.add(new int[] {m.start(1), m.end(1)});
        }
        if (at.isEmpty()) {
            return line;
        }
        int[] s = at.get(random.nextInt(at.size()));
        String number = line.substring(s[0], s[1]);
        String replaced;
        if (number.contains(".")) {
            double v = Double.parseDouble(number) * (0.25 + 1.75 * random.nextDouble());
            replaced = String.format(Locale.ROOT, "%.3f", v);
        } else {
            replaced = Long.toString(Math.max(0, Long.parseLong(number) + (random.nextBoolean() ? 1 : -1)));
        }
        return line.substring(0, s[0]) + replaced + line.substring(s[1]);
    }

    /** {@code if (sum(a) > c) { line }}, a the name the line assigns: an update in one branch only. */
    private void wrapInIf(List<String> lines, int i) {
        String line = lines.get(i);
        Matcher m = ASSIGNED.matcher(line);
        if (!m.find()) {
            return;
        }
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        String threshold = String.format(Locale.ROOT, "%.2f", random.nextDouble() - 0.5);
        lines.set(i, indent + "if (sum(" + m.group(1) + ") > " + threshold + ") { " + line.trim() + " }"
                + (random.nextBoolean() ? "" : " else { " + line.trim().replace(" * ", " + ") + " }"));
    }

    /** {@code for q in 0..k { line }}: what the line assigns becomes loop-carried. */
    private void wrapInLoop(List<String> lines, int i) {
        String line = lines.get(i);
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        String q = "q" + fresh++ + "m";
        lines.set(i, indent + "for " + q + " in 0.." + (1 + random.nextInt(3)) + " { " + line.trim() + " }");
    }
}
