package dev.gradc.edge;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.engine.TapeEngine;
import dev.gradc.fuzz.Runs;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.ValueStack;
import dev.gradc.passes.Derivatives;
import dev.gradc.runtime.KeptValues;
import dev.gradc.syntax.Ast;
import dev.gradc.syntax.Parser;
import dev.gradc.testing.Programs;
import java.util.Map;

/**
 * The main of the JVM {@link KeptCountsAgreeTest} starts with {@code -Dgradc.keptValues=true} (the compiled code's
 * stacks count only in a JVM started so): runs the gradient of each program {@code f(x: real[16], y: real, n: int)}
 * read from standard input (separated by lines {@value #SEPARATOR}), in the interpreter, compiled and on the tape,
 * for each n and budget given as arguments ({@code n:budget}), and prints per program and run one line {@code program
 * n budget interpreterPeak interpreterOutcome compiledPeak compiledOutcome tapeKept tapeOutcome tapeGradient}, an
 * outcome being {@code ok} or the simple name of the exception that stopped the gradient, tapeKept what the tape's
 * loops kept ({@code TapeEngine.keptOnTape}), tapeGradient {@code same} when the tape's gradient in x is the compiled
 * one (to 1e-12 relative), {@code differs}, or {@code -} when either stopped.
 */
public final class KeptPeaks {

    /** The line between two programs. */
    static final String SEPARATOR = "----";

    private KeptPeaks() {
    }

    /**
     * Runs {@link #main} in a JVM of its own (the compiled stacks counting) on {@code programs} at every trip count
     * and budget, and gives its output lines, each split at spaces; the child must exit with 0.
     */
    static java.util.List<String[]> inChildJvm(java.util.List<String> programs, int[] trips, long[] budgets)
            throws java.io.IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dgradc.keptValues=true", "-Xmx512m", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                KeptPeaks.class.getName()));
        for (int n : trips) {
            for (long budget : budgets) {
                command.add(n + ":" + budget);
            }
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write(String.join("\n" + SEPARATOR + "\n", programs)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertEquals(0, p.waitFor(), out);
        org.junit.jupiter.api.Assertions.assertEquals(programs.size() * trips.length * budgets.length,
                out.strip().split("\n").length, out);
        java.util.List<String[]> lines = new java.util.ArrayList<>();
        for (String line : out.strip().split("\n")) {
            lines.add(line.strip().split(" "));
        }
        return lines;
    }

    public static void main(String[] args) throws java.io.IOException {
        if (!KeptValues.COUNTED) {
            throw new IllegalStateException("run with -Dgradc.keptValues=true");
        }
        String[] texts = new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .split("\n" + SEPARATOR + "\n");
        for (int i = 0; i < texts.length; i++) {
            run(i, texts[i], args);
        }
    }

    /**
     * Whether the tape's gradient is the compiled one to 1e-12 relative: a loop the tape checkpoints sums the adjoints of
     * what it only reads per segment, so its last bits may differ (docs/design.md, "On the tape").
     */
    private static boolean close(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= 1e-12 * (1 + Math.abs(a[i])))) {
                return false;
            }
        }
        return a.length == b.length;
    }

    private static void run(int program, String text, String[] args) {
        SourceFile source = new SourceFile("edge.grad", text);
        Ast.Module module = Parser.parse(source, new Diagnostics());
        ModuleIr m = Programs.compile(text);
        FunctionIr f = m.function("f");
        Graph grad = Derivatives.gradient(f, f.realParams());
        CompiledModule c = CompiledModule.load(m);
        for (String run : args) {
            int n = Integer.parseInt(run.substring(0, run.indexOf(':')));
            long budget = Long.parseLong(run.substring(run.indexOf(':') + 1));
            String interpreted;
            ValueStack.resetPeak();
            try {
                new Interpreter(new EvalContext(Map.of(), budget), 1_000_000).run(grad,
                        new Object[] {new NDArray(Engines.X16.clone(), new int[] {16}), NDArray.scalar(0.7), n});
                interpreted = "ok";
            } catch (RuntimeException e) {
                interpreted = e.getClass().getSimpleName();
            }
            long interpreterPeak = ValueStack.peak();
            String compiled;
            c.setMaxKeptValues(budget);
            KeptValues.reset();
            try {
                c.grad("f", Engines.X16.clone(), 0.7, n);
                compiled = "ok";
            } catch (RuntimeException e) {
                Throwable t = e;
                while (t.getCause() != null) {
                    t = t.getCause();
                }
                compiled = t.getClass().getSimpleName();
            }
            long compiledPeak = KeptValues.peak();
            double[] compiledX = null;
            if (compiled.equals("ok")) {
                compiledX = (double[]) c.grad("f", Engines.X16.clone(), 0.7, n).parts().get("x");
            }
            String taped;
            long tapePeak;
            String tapeSame = "-";
            TapeEngine tape = new TapeEngine(module, source.baseName(), 1_000_000, m, budget);
            try {
                Runs.Result r = Runs.tape(tape, f, Map.of(),
                        new Object[] {new NDArray(Engines.X16.clone(), new int[] {16}), NDArray.scalar(0.7), n});
                taped = "ok";
                if (compiledX != null) {
                    tapeSame = close(compiledX, r.derivatives().get("x").data()) ? "same" : "differs";
                }
            } catch (RuntimeException e) {
                taped = e.getClass().getSimpleName();
            }
            tapePeak = tape.keptOnTape();
            System.out.println(program + " " + n + " " + budget + " " + interpreterPeak + " " + interpreted + " "
                    + compiledPeak + " " + compiled + " " + tapePeak + " " + taped + " " + tapeSame);
        }
    }
}
