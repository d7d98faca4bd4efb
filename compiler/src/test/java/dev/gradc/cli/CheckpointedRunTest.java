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
