package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradc run} on checkpointed loops: {@code --verbose} says which loops are checkpointed and with which
 * schedule, and a loop whose stored states would pass {@code --max-kept-values} is checkpointed automatically and
 * gives the same result.
 */
class CheckpointedRunTest {

    @TempDir
    Path dir;

    private static final String LOOPS = "fn f(x: real[2]) -> real {\n"
            + "  i = 0;\n"
            + "  @checkpoint(8)\n"
            + "  while (i < 5000) { x = sin(x) * 0.9 + 0.1; i = i + 1; }\n"
            + "  @checkpoint(3)\n"
            + "  while (norm(x) < 40) { x = x * 1.01 + 0.01; }\n"
            + "  return sum(x);\n"
            + "}\n";

    @Test
    void verboseSaysWhichLoopsAreCheckpointedAndHow() {
        String f = Cli.write(dir, "loops.grad", LOOPS);
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "x=[0.5, 0.5]", "--grad", "--verbose",
                "--engine", "interpreter");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("---- checkpointed loops of 'f'\n"
                + "loop at loops.grad:3: checkpointed, binomial schedule, at most 8 snapshots (its trip count is known"
                + " when it starts)\n"
                + "loop at loops.grad:5: checkpointed, online schedule, at most 3 snapshots (its trip count is known"
                + " only when it ends)\n"), r::toString);
        assertTrue(r.err().contains("checkpointed: binomial schedule, at most 8 snapshots: first sweep"), r::toString);
    }

    @Test
    void loopsPastTheKeptValuesBudgetAreCheckpointedAutomaticallyWithTheSameResult() {
        String f = Cli.write(dir, "loops.grad", LOOPS);
        String plain = Cli.write(dir, "plain.grad", LOOPS.replaceAll("  @checkpoint\\(\\d\\)\n", ""));
        for (String engine : new String[] {"compiled", "interpreter"}) {
            Cli.Result want = Cli.run("run", plain, "--fn", "f", "--arg", "x=[0.5, 0.5]", "--grad", "--engine", engine,
                    "--json");
            assertEquals(0, want.code(), engine + ": " + want);
            // 5,000 trips of two reals would keep 10,000 values: 1,000 are 500 snapshots
            Cli.Result automatic = Cli.run("run", plain, "--fn", "f", "--arg", "x=[0.5, 0.5]", "--grad",
                    "--max-kept-values", "1000", "--engine", engine, "--json");
            assertEquals(0, automatic.code(), engine + ": " + automatic);
            assertEquals(want.out(), automatic.out(), engine);
            Cli.Result got = Cli.run("run", f, "--fn", "f", "--arg", "x=[0.5, 0.5]", "--grad",
                    "--max-kept-values", "1000", "--engine", engine, "--json");
            assertEquals(0, got.code(), engine + ": " + got);
            assertEquals(want.out(), got.out(), engine);
        }
    }

    @Test
    void verboseSaysWhichLoopsAreKeptWithinTheBudget() {
        String plain = Cli.write(dir, "plain.grad", LOOPS.replaceAll("  @checkpoint\\(\\d\\)\n", ""));
        Cli.Result r = Cli.run("run", plain, "--fn", "f", "--arg", "x=[0.5, 0.5]", "--grad", "--verbose",
                "--max-kept-values", "1000", "--engine", "interpreter");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().contains("---- checkpointed loops of 'f'\n"
                + "loop at plain.grad:3: keeps the state of every trip while they fit in the kept-values budget"
                + " (1000 values); past it, checkpointed automatically instead of failing: binomial schedule,"
                + " automatic within the kept-values budget (its trip count is known when it starts)\n"
                + "loop at plain.grad:4: keeps the state of every trip while they fit in the kept-values budget"
                + " (1000 values); past it, checkpointed automatically instead of failing: online schedule,"
                + " automatic within the kept-values budget (its trip count is known only when it ends)\n"),
                r::toString);
    }

    /** The run-time section of a verbose run's trace: what the loops kept within the budget did. */
    private static String ran(Cli.Result r) {
        String title = "---- checkpointed loops and loops kept within the kept-values budget, as they ran\n";
        int at = r.err().indexOf(title);
        assertTrue(at >= 0, r::toString);
        String rest = r.err().substring(at + title.length());
        int end = rest.indexOf("---- ");
        return end < 0 ? rest : rest.substring(0, end);
    }

    private static Cli.Result verbose(String file, String engine, String budget, String... args) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("run", file, "--fn", "f"));
        all.addAll(java.util.List.of(args));
        all.addAll(java.util.List.of("--grad", "--verbose", "--max-kept-values", budget, "--engine", engine));
        Cli.Result r = Cli.run(all.toArray(new String[0]));
        assertEquals(0, r.code(), r::toString);
        return r;
    }

    @Test
    void everyEngineSaysWhatItsLoopsDidAsTheyRan() {
        String plain = Cli.write(dir, "plain.grad", LOOPS.replaceAll("  @checkpoint\\(\\d\\)\n", ""));
        String interpreter = ran(verbose(plain, "interpreter", "1000", "--arg", "x=[0.5, 0.5]"));
        assertTrue(interpreter.matches("loop at plain.grad:3: 5000 trips reversed; their states would have passed the"
                + " kept-values budget \\(1000 values\\), so the loop was checkpointed automatically and recomputed"
                + " \\d+ trips from its snapshots\nloop at plain.grad:4: \\d+ trips reversed.*\n"), interpreter);
        // generated code runs the same schedule: the same trips reversed and recomputed
        assertEquals(interpreter, ran(verbose(plain, "compiled", "1000", "--arg", "x=[0.5, 0.5]")));
        String tape = ran(verbose(plain, "tape", "1000", "--arg", "x=[0.5, 0.5]"));
        assertTrue(tape.matches("(?s)loop at plain.grad:3: 5000 trips reversed; .* recomputed \\d+ trips from its"
                + " snapshots\n.*"), tape);
        for (String engine : new String[] {"compiled", "tape"}) {
            String roomy = ran(verbose(plain, engine, "100000", "--arg", "x=[0.5, 0.5]"));
            assertTrue(roomy.startsWith("loop at plain.grad:3: 5000 trips reversed, every state kept: they fitted in"
                    + " the kept-values budget (100000 values)\n"), engine + ": " + roomy);
        }
    }

    @Test
    void loopsMarkedCheckpointSayWhatTheyRecomputedInEveryEngine() {
        String f = Cli.write(dir, "loops.grad", LOOPS);
        String interpreter = ran(verbose(f, "interpreter", "100000", "--arg", "x=[0.5, 0.5]"));
        // the binomial schedule's forward steps, counted by running it, less the first sweep's 5,000 trips
        long recomputed = dev.gradc.runtime.checkpoint.Schedule.binomial(5000, 8).count().advances() - 5000;
        String first = "loop at loops.grad:3: @checkpoint(8): 5000 trips reversed, " + recomputed
                + " recomputed from at most 8 snapshots\n";
        assertTrue(interpreter.matches(java.util.regex.Pattern.quote(first) + "loop at loops.grad:5: @checkpoint\\(3\\): \\d+ trips reversed, \\d+"
                + " recomputed from at most 3 snapshots\n"), interpreter);
        assertEquals(interpreter, ran(verbose(f, "compiled", "100000", "--arg", "x=[0.5, 0.5]")));
        // the tape runs its loop once without snapshots (define-by-run: it learns the trip count as it goes),
        // then the whole binomial schedule from the loop's start in the backward pass, first sweep included
        String tape = ran(verbose(f, "tape", "100000", "--arg", "x=[0.5, 0.5]"));
        assertTrue(tape.startsWith(first.replace(", " + recomputed + " recomputed", ", " + (recomputed + 5000)
                + " recomputed")), tape);
    }

    @Test
    void aLoopWritingElementsPastTheBudgetReportsItsRecomputation() {
        String f = Cli.write(dir, "writes.grad", "fn f<N>(x: real[N], a: real) -> real {\n  z = x;\n"
                + "  for i in 1..N { z[i] = sin(z[i - 1]) * a + z[i]; }\n  return sum(z * z);\n}\n");
        String x = "x=" + java.util.Arrays.toString(new double[300]).replace("0.0", "0.1");
        Cli.Result describe = verbose(f, "compiled", "100", "--arg", x, "--arg", "a=0.9");
        assertTrue(describe.err().contains("loop at writes.grad:3: keeps the entries its writes overwrite while they"
                + " fit in half the kept-values budget (100 values); past it, the rest of the loop is checkpointed"
                + " automatically within the other half: binomial schedule"), describe::toString);
        String compiled = ran(describe);
        assertTrue(compiled.matches("loop at writes.grad:3: 299 trips reversed; .* recomputed \\d+ trips from its"
                + " snapshots\n"), compiled);
        assertEquals(compiled, ran(verbose(f, "interpreter", "100", "--arg", x, "--arg", "a=0.9")));
        Cli.Result want = Cli.run("run", f, "--fn", "f", "--arg", x, "--arg", "a=0.9", "--grad", "--json");
        Cli.Result got = Cli.run("run", f, "--fn", "f", "--arg", x, "--arg", "a=0.9", "--grad", "--json",
                "--max-kept-values", "100");
        assertEquals(want.out(), got.out());
    }

    @Test
    void theGraphShowsWhichLoopsAreKeptWithinTheBudget() {
        String plain = Cli.write(dir, "plain.grad", LOOPS.replaceAll("  @checkpoint\\(\\d\\)\n", ""));
        Cli.Result r = Cli.run("graph", plain, "--fn", "f", "--grad");
        assertEquals(0, r.code(), r::toString);
        for (String part : new String[] {
            "checkpointed: binomial schedule, automatic within the kept-values budget: keeps every state while they fit",
            "checkpointed: binomial schedule, automatic within the kept-values budget: first sweep",
            "checkpointed: online schedule, automatic within the kept-values budget: keeps the state of the first trips",
            "checkpointed: online schedule, automatic within the kept-values budget: adjoint sweep",
            "checkpoint_budget"}) {
            assertTrue(r.out().contains(part), part + " in\n" + r.out());
        }
    }
}
