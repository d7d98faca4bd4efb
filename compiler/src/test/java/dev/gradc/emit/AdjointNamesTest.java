package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A temporary of generated code is named {@code t7Bar} only when it holds an adjoint ({@link AdjointValues}): the
 * adjoint sweep also recomputes forward values (the determinant's pivot {@code U[k, k]} read again), pops them,
 * counts trips and checkpoints, and a reader takes {@code t14Bar} for an adjoint. Checked on the generated classes
 * of every example and benchmark program but the two generated ones ({@code Cofactor}, {@code DeepLstm}, large
 * unrolled forms of programs checked here) and those that take a derivative inside (whose inner adjoints are the
 * program's forward values, named either way): no int, boolean or stack is named as an adjoint, and no entry read
 * from an array that is not an adjoint is; the adjoints of temporaries keep the name (the chain rule's
 * {@code t6Bar = t5 + t5}, whose seed of 1 was simplified away, and the determinant's contributions, whose pivot
 * read again is named as a forward value). On the old code (every temporary of the sweep named {@code Bar}) both
 * tests fail: 348 temporaries named as adjoints (such as {@code int t5Bar = held - 1} and
 * {@code double t14Bar = t5[k * N + k]} in the determinant's gradient), and the contribution reads {@code t14Bar}.
 */
class AdjointNamesTest {

    /** A declaration of a temporary named as an adjoint: its type and its value. */
    private static final Pattern TEMP_BAR = Pattern.compile("\\n\\s+([\\w<>\\[\\]]+) (t\\d+Bar\\d*) = ([^;]*);");
    /**
     * A derivative taken inside the program ({@code grad(u, y)(x, y, a, b)}, {@code hvp(...)}): its adjoints are
     * forward values of the program, and the program's own reversal recomputes them.
     */
    private static final Pattern NESTED = Pattern.compile("[^@\\w](grad|vjp|jvp|hvp)\\(");
    /** An entry read from an array: the array's name. */
    private static final Pattern READ = Pattern.compile("^(\\w+)\\[[^\\]]*\\]$");

    private static List<SourceFile> programs() {
        List<SourceFile> all = new ArrayList<>(Programs.gradFiles(Programs.examples()));
        all.addAll(Programs.gradFiles(MethodSizeTest.BENCHMARKS));
        List<SourceFile> out = new ArrayList<>();
        for (SourceFile f : all) {
            if (!f.name().endsWith("Cofactor.grad") && !f.name().endsWith("DeepLstm.grad")
                    && !NESTED.matcher(f.text()).find()) {
                out.add(f);
            }
        }
        return out;
    }

    private static SourceFile read(String path) {
        try {
            return SourceFile.read(Programs.examples().resolve(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String java(SourceFile f) {
        return JavaEmitter.emit(Programs.compile(f)).source();
    }

    @Test
    void noForwardValueOfTheSweepIsNamedAsAnAdjoint() {
        List<String> wrong = new ArrayList<>();
        int programs = 0;
        for (SourceFile f : programs()) {
            programs++;
            Matcher m = TEMP_BAR.matcher(java(f));
            while (m.find()) {
                String type = m.group(1);
                String value = m.group(3).strip();
                Matcher read = READ.matcher(value);
                boolean real = type.equals("double") || type.equals("double[]");
                // a frame or an object array passes a split method's values on; seed is the seed of a vjp; an
                // adjoint held as rows (emit/EntryRows) is read from its rows
                if (!real || read.matches()
                        && !read.group(1).matches("\\w*Bar\\d*(Rows\\d*)?|seed|frame\\d*|results\\d*")) {
                    wrong.add(f.name() + ": " + type + " " + m.group(2) + " = " + value);
                }
            }
        }
        assertTrue(programs > 25, programs + " programs");
        assertTrue(wrong.isEmpty(), wrong.size() + " named as adjoints:\n" + String.join("\n", wrong));
    }

    @Test
    void theAdjointsOfTemporariesKeepTheirNames() {
        String chain = java(Programs.example("chain_rule.grad"));
        assertTrue(Pattern.compile("double t\\d+Bar = (t\\d+) \\+ \\1;").matcher(chain).find(), chain);
        // the example's row elimination reading column 0 at every pivot, so that its row update stays one (else
        // passes/DeadColumns makes it the element loop right of the pivot, whose adjoints are named m's)
        SourceFile example = read("programs/determinant.grad");
        String det = java(new SourceFile(example.name(), example.text().replaceFirst("    d = d \\* U\\[k, k\\];\n",
                "    d = d * U[k, k] * (1 + U[N - 1, 0] * 0.001);\n")));
        assertTrue(det.contains("0.001"), "programs/determinant.grad changed");
        assertTrue(Pattern.compile("double t\\d+Bar\\d* = \\w+ \\? mBar\\d* \\* \\(1\\.0 / t\\d+\\) : 0\\.0;")
                .matcher(det).find(), det);
        // the adjoint's row saved by the reversed swap, and the accumulator of m's adjoint
        assertTrue(Pattern.compile("System\\.arraycopy\\(\\w+Bar\\d*, \\w+, t\\d+Bar\\d*, 0, N\\);").matcher(det)
                .find(), det);
        assertTrue(Pattern.compile("double t\\d+Bar\\d* = 0\\.0;").matcher(det).find(), det);
    }
}
