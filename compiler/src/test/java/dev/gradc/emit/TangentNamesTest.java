package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A temporary of generated code is named {@code t7Dot} only when it holds a tangent ({@link TangentValues}): a
 * tangent rule also computes forward values ({@code sigmoid(x)} in the tangent of {@code log1pexp}, the factor
 * {@code 0.5 / sqrt(s)} of a square root's), and a reader takes {@code t14Dot} for a tangent. Checked on the
 * generated classes of every example and benchmark program, forward mode, Hessian-vector products, Hessians and
 * derivatives taken inside programs among them, by reading the Java alone: within each method, a variable holds a
 * tangent when it is a program's tangent ({@code hDot}, {@code vBarDot}), a direction parameter, or written from
 * an expression that reads one (an accumulator of a product, a row read into a local); every temporary named as
 * a tangent must hold one, or be written from literals alone (a seed, zeros). On the old code (every temporary of
 * the tangent sweep named {@code Dot}) the test fails: 24 temporaries in three programs, such as {@code double t0Dot
 * = MathOps.sigmoid(x)} in {@code Log1pExp} and {@code double t14Dot = 0.5 / t13} in {@code ChargedParticle}.
 */
class TangentNamesTest {

    /** A method's signature at class level: its parameters. */
    private static final Pattern METHOD = Pattern.compile("\\n    (?:public |private )?static [^=;{]*?\\w+\\(([^)]*)\\)");
    /** A write: the variable written (with an element or not), its operator and the expression. */
    private static final Pattern WRITE = Pattern.compile(
            "(?:[\\w<>\\[\\]]+ )?\\b(\\w+)(?:\\[[^\\]=]*\\])?\\s*([-+*/]?=)\\s*([^;]*);");
    private static final Pattern IDENT = Pattern.compile("\\b[A-Za-z_]\\w*\\b");
    /** A temporary named as a tangent. */
    private static final Pattern TEMP_DOT = Pattern.compile("t\\d+Dot\\d*(?:_\\d+)?");
    /** A program's tangent, named by the passes. */
    private static final Pattern PROGRAM_DOT = Pattern.compile("(?!t\\d)\\w*Dot\\d*(?:_\\d+)?");
    /** Identifiers that read no value: Java's, the runtime's. */
    private static final Set<String> NO_VALUE = Set.of("new", "double", "int", "long", "boolean", "arena", "zeros",
            "Math", "length", "true", "false", "null");

    private static List<SourceFile> programs() {
        List<SourceFile> all = new ArrayList<>(Programs.gradFiles(Programs.examples()));
        all.addAll(Programs.gradFiles(MethodSizeTest.BENCHMARKS));
        List<SourceFile> out = new ArrayList<>();
        for (SourceFile f : all) {
            if (!f.name().endsWith("Cofactor.grad") && !f.name().endsWith("DeepLstm.grad")) {
                out.add(f);
            }
        }
        return out;
    }

    /** The temporaries named as tangents that hold none in generated class text {@code java}. */
    static List<String> wronglyNamed(String java) {
        List<String> wrong = new ArrayList<>();
        Matcher m = METHOD.matcher(java);
        List<int[]> spans = new ArrayList<>();
        List<String> params = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), 0});
            params.add(m.group(1));
        }
        for (int k = 0; k < spans.size(); k++) {
            int end = k + 1 < spans.size() ? spans.get(k + 1)[0] : java.length();
            wrong.addAll(method(java.substring(spans.get(k)[0], end), params.get(k)));
        }
        return wrong;
    }

    private static List<String> method(String body, String params) {
        Set<String> tangents = new HashSet<>();
        Matcher p = IDENT.matcher(params);
        while (p.find()) {
            String name = p.group();
            // a direction: xDot, or V after the parameter's name in a Hessian-vector product
            if (PROGRAM_DOT.matcher(name).matches() || name.endsWith("V") || name.equals("tangents")) {
                tangents.add(name);
            }
        }
        Map<String, List<String>> writes = writes(body);
        for (String name : writes.keySet()) {
            if (PROGRAM_DOT.matcher(name).matches()) {
                tangents.add(name);
            }
        }
        fixpoint(writes, tangents);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : writes.entrySet()) {
            String name = e.getKey();
            if (TEMP_DOT.matcher(name).matches() && !tangents.contains(name)
                    && !e.getValue().stream().allMatch(v -> literal(v, name))) {
                wrong.add(name + " = " + String.join(" | ", e.getValue()));
            }
        }
        return wrong;
    }

    /** The writes of a method's text: per variable written, the expressions written. */
    private static Map<String, List<String>> writes(String body) {
        Map<String, List<String>> writes = new LinkedHashMap<>();
        Matcher w = WRITE.matcher(body);
        while (w.find()) {
            writes.computeIfAbsent(w.group(1), x -> new ArrayList<>()).add(w.group(3));
        }
        return writes;
    }

    /** Adds to {@code holding} every variable written from an expression that reads one of it. */
    private static void fixpoint(Map<String, List<String>> writes, Set<String> holding) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<String, List<String>> e : writes.entrySet()) {
                if (!holding.contains(e.getKey()) && e.getValue().stream().anyMatch(v -> reads(v, holding))) {
                    holding.add(e.getKey());
                    changed = true;
                }
            }
        }
    }

    private static boolean reads(String value, Set<String> tangents) {
        Matcher i = IDENT.matcher(value);
        while (i.find()) {
            if (tangents.contains(i.group())) {
                return true;
            }
        }
        return false;
    }

    /** Whether value reads no variable but its own buffer (a seed, zeros, an array's buffer) and sizes. */
    private static boolean literal(String value, String name) {
        Matcher i = IDENT.matcher(value);
        while (i.find()) {
            String id = i.group();
            if (!NO_VALUE.contains(id) && !id.startsWith(name + "Buffer") && !id.matches("[A-Z]\\w*")
                    && !id.equals("i")) {
                return false;
            }
        }
        return true;
    }

    @Test
    void noForwardValueOfATangentRuleIsNamedAsATangent() {
        List<String> wrong = new ArrayList<>();
        int programs = 0;
        int named = 0;
        for (SourceFile f : programs()) {
            programs++;
            String java = JavaEmitter.emit(Programs.compile(f)).source();
            Matcher d = TEMP_DOT.matcher(java);
            while (d.find()) {
                named++;
            }
            for (String x : wronglyNamed(java)) {
                wrong.add(f.name() + ": " + x);
            }
        }
        assertTrue(programs > 35, programs + " programs");
        assertTrue(named > 100, named + " temporaries named as tangents");
        assertTrue(wrong.isEmpty(), wrong.size() + " named as tangents:\n" + String.join("\n", wrong));
    }

    /**
     * Forward over reverse (Hessian-vector products, Hessians, the rules of inner gradients): within each method,
     * a variable holds an adjoint or the tangent of one when its name says so ({@code hBar}, {@code hBarDot},
     * {@code t7Bar}, {@code t7BarDot}) or it is written from one; a temporary named {@code t7Dot} must hold no
     * such value (the tangent of an adjoint is {@code t7BarDot}), and one named {@code t7BarDot} must (or be
     * written from literals: the zeros it starts from). On the code before the tangent pass kept the roles of what
     * it copies, 76 temporaries fail (6 in {@code RnnHvp}: {@code t20Dot} reads {@code hBar}; 70 in {@code
     * ChargedParticle}'s rules of its inner gradient), and the adjoint sweep of {@code rnnHvp} had no {@code t7Bar}.
     */
    static List<String> adjointTangentsNamedWrongly(String java) {
        List<String> wrong = new ArrayList<>();
        Matcher m = METHOD.matcher(java);
        List<Integer> starts = new ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
        }
        for (int k = 0; k < starts.size(); k++) {
            String body = java.substring(starts.get(k), k + 1 < starts.size() ? starts.get(k + 1) : java.length());
            Map<String, List<String>> writes = writes(body);
            Set<String> ofAdjoints = new HashSet<>();
            for (String name : writes.keySet()) {
                // a program's adjoint or its tangent, or an adjoint temporary (AdjointNamesTest checks those)
                if (name.matches("(?!t\\d)\\w*Bar(?:Dot)?\\d*(?:_\\d+)?|t\\d+Bar\\d*(?:_\\d+)?")) {
                    ofAdjoints.add(name);
                }
            }
            Matcher p = IDENT.matcher(body.substring(0, body.indexOf(')') + 1));
            while (p.find()) {
                if (p.group().matches("\\w*Bar\\w*|seed")) {
                    ofAdjoints.add(p.group());
                }
            }
            fixpoint(writes, ofAdjoints);
            for (Map.Entry<String, List<String>> e : writes.entrySet()) {
                String name = e.getKey();
                boolean barDot = name.matches("t\\d+BarDot\\d*(?:_\\d+)?");
                if (TEMP_DOT.matcher(name).matches() && ofAdjoints.contains(name)) {
                    wrong.add("a tangent of an adjoint named " + name + " = " + String.join(" | ", e.getValue()));
                }
                if (barDot && !ofAdjoints.contains(name) && !e.getValue().stream().allMatch(v -> literal(v, name))) {
                    wrong.add("no tangent of an adjoint but named " + name + " = " + String.join(" | ", e.getValue()));
                }
            }
        }
        return wrong;
    }

    @Test
    void theTangentsOfAdjointsAreNamedBarDot() {
        List<String> wrong = new ArrayList<>();
        int barDots = 0;
        for (SourceFile f : programs()) {
            String java = JavaEmitter.emit(Programs.compile(f)).source();
            Matcher d = Pattern.compile("double(?:\\[\\])? t\\d+BarDot\\d* =").matcher(java);
            while (d.find()) {
                barDots++;
            }
            for (String x : adjointTangentsNamedWrongly(java)) {
                wrong.add(f.name() + ": " + x);
            }
        }
        assertTrue(barDots > 5, barDots + " temporaries named as tangents of adjoints");
        assertTrue(wrong.isEmpty(), wrong.size() + " wrongly named:\n" + String.join("\n", wrong));
        // the Hessian-vector product of the RNN names its adjoint sweep's adjoints as its gradient does
        String hvp = JavaEmitter.emit(Programs.compile(Programs.gradFiles(MethodSizeTest.BENCHMARKS).stream()
                .filter(f -> f.name().endsWith("RnnHvp.grad")).findFirst().orElseThrow())).source();
        assertTrue(Pattern.compile("t\\d+Bar\\[i\\] = hBar\\[i\\] \\* t\\d+\\[i\\];").matcher(hvp).find(), hvp);
        assertTrue(Pattern.compile("t\\d+BarDot\\[i\\] = t\\d+BarDot\\[i\\] \\* t\\d+\\[i\\]").matcher(hvp).find(), hvp);
    }

    @Test
    void theCheckReadsTheJavaItIsGiven() {
        String java = "\n    static double f(double x, double xDot) {\n        double t0Dot = Math.sin(x);\n"
                + "        double t1Dot = xDot * t0Dot;\n        double t2Dot = 0.0;\n        double s0 = 0.0;\n"
                + "        s0 += t1Dot * x;\n        double t3Dot = s0;\n        return t3Dot;\n    }\n";
        assertTrue(wronglyNamed(java).equals(List.of("t0Dot = Math.sin(x)")), wronglyNamed(java).toString());
    }
}
