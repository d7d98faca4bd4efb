package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tape's forward mode uses @jvp_rules (and refuses a missing one as the other engines do), and every example
 * with rules gives the same numbers in every engine and mode, or the same refusal.
 */
class TapeForwardModeTest {

    @TempDir
    Path dir;

    private static String example(String name) {
        return dev.gradc.testing.Programs.examples().resolve("programs").resolve(name).toString();
    }

    /** One call of an example: the file, the function and its arguments; then the modes to run it in. */
    private record Call(String file, List<String> args, List<List<String>> modes) {
    }

    private static List<String> args(String file, String fn, String... args) {
        List<String> out = new ArrayList<>(List.of(example(file), "--fn", fn));
        for (String a : args) {
            out.addAll(List.of("--arg", a));
        }
        return out;
    }

    @Test
    void everyExampleWithRulesAgreesInEveryEngineAndMode() {
        List<Call> calls = List.of(
                new Call("log1pexp.grad", args("log1pexp.grad", "f", "x=1.3"),
                        List.of(List.of("--jvp", "x=0.7"), List.of("--hvp", "x=0.7"))),
                new Call("log1pexp.grad", args("log1pexp.grad", "f", "x=800"),
                        List.of(List.of("--jvp", "x=2"), List.of("--hvp", "x=2"))),
                new Call("log1pexp.grad", args("log1pexp.grad", "naive", "x=-0.4"),
                        List.of(List.of("--jvp", "x=1"), List.of("--hvp", "x=1"))),
                new Call("von_mises.grad", args("von_mises.grad", "nll", "mu=0.3", "kappa=2.1", "angles=[0.1,-0.5,1.2]"),
                        List.of(List.of("--jvp", "mu=0.5", "kappa=-1.5"), List.of("--jvp", "angles=[1,2,-1]"),
                                List.of("--hvp", "mu=0.5", "kappa=-1.5", "angles=[1,2,-1]"))),
                new Call("fixed_point.grad", args("fixed_point.grad", "loss", "A=[[0.2,0.1],[-0.1,0.3]]",
                        "theta=[0.5,-0.2]", "target=[0.1,0.1]"), List.of(List.of("--jvp", "theta=[1,0]"),
                        List.of("--hvp", "A=[[1,0],[0,1]]", "theta=[1,0]", "target=[0,1]"))),
                new Call("fixed_point.grad", args("fixed_point.grad", "equilibrium", "A=[[0.2,0.1],[-0.1,0.3]]",
                        "theta=[0.5,-0.2]"), List.of(List.of("--vjp", "[1,-2]"), List.of("--jvp", "A=[[1,0],[0,1]]"),
                        List.of("--jacobian"))),
                new Call("gradient_clipping.grad", args("gradient_clipping.grad", "loss", "w=[1,2,3]", "x=[0.5,-1,2]",
                        "t=0.3"), List.of(List.of("--jvp", "w=[1,0,0]"))),
                new Call("gradient_clipping.grad", args("gradient_clipping.grad", "train", "w0=[1,2,3]",
                        "x=[0.5,-1,2]", "t=0.3", "rate=0.1", "steps=3"), List.of(List.of("--vjp", "[1,1,1]"),
                        List.of("--jvp", "w0=[1,0,0]"))));
        int ran = 0;
        int refused = 0;
        for (Call c : calls) {
            List<List<String>> modes = new ArrayList<>(c.modes());
            if (!c.modes().get(0).get(0).equals("--vjp")) {
                modes.addAll(List.of(List.of("--grad"), List.of("--hessian")));
            }
            for (List<String> mode : modes) {
                List<String> all = new ArrayList<>(c.args());
                all.addAll(mode);
                if (EngineRuns.agree(all, 1e-12) == null) {
                    refused++;
                } else {
                    ran++;
                }
            }
        }
        // the programs whose rules are reverse-mode only refuse forward mode and Hessians in every engine alike
        assertEquals(29, ran + refused);
        assertEquals(22, ran, ran + " ran, " + refused + " refused alike");
    }

    /** f has only a JVP rule, and it is not linear in its tangent: forward mode must run it on the tangent itself. */
    private static final String JVP_ONLY = """
            fn f(x: real) -> real { return x * x; }
            @jvp_rule(f, x)
            fn f_jvp(x: real, y: real, dx: real) -> real { return max(min(dx, 1), -1) * 3 * x; }
            fn g(x: real) -> real {
              y = x;
              k = 0;
              while (k < 2) { y = y + 0.5 * x; k = k + 1; }
              if (x > 0) { z = f(x) + y; } else { z = y; }
              return z;
            }
            """;

    private static final String VJP_ONLY = """
            fn f(x: real) -> real { return x * x; }
            @vjp_rule(f, x)
            fn f_vjp(x: real, y: real, ybar: real) -> real { return 3 * ybar * x; }
            fn g(x: real) -> real { return f(x) + 2 * x; }
            """;

    @Test
    void aJvpOnlyRuleInForwardAndReverseMode() {
        String file = Cli.write(dir, "jvp_only.grad", JVP_ONLY);
        // at x = 2 with tangent 3: the rule clips the tangent to 1, so f contributes 1·3·2 = 6; y = 2x contributes 2·3
        double[] jvp = EngineRuns.agree(List.of(file, "--fn", "g", "--arg", "x=2", "--jvp", "x=3"), 0);
        assertArrayEquals(new double[] {8, 12}, jvp);
        assertArrayEquals(new double[] {-2, 6}, EngineRuns.agree(List.of(file, "--fn", "g", "--arg", "x=-1",
                "--jvp", "x=3"), 0)); // the branch without f
        assertNull(EngineRuns.agree(List.of(file, "--fn", "g", "--arg", "x=2", "--grad"), 0));
        Cli.Result tape = Cli.run("run", file, "--fn", "g", "--arg", "x=2", "--grad", "--engine", "tape");
        assertEquals(2, tape.code(), tape::toString);
        assertEquals("error: --grad is not available with engine 'tape': jvp_only.grad:8:20: this derivative needs the"
                + " derivative of this call of 'f' with respect to 'x', which has no rule; add @vjp_rule(f, x)\n",
                tape.err());
    }

    @Test
    void aVjpOnlyRuleInReverseAndForwardMode() {
        String file = Cli.write(dir, "vjp_only.grad", VJP_ONLY);
        assertArrayEquals(new double[] {8, 8}, EngineRuns.agree(List.of(file, "--fn", "g", "--arg", "x=2", "--grad"), 0));
        assertNull(EngineRuns.agree(List.of(file, "--fn", "g", "--arg", "x=2", "--jvp", "x=1"), 0));
        Cli.Result tape = Cli.run("run", file, "--fn", "g", "--arg", "x=2", "--jvp", "x=1", "--engine", "tape");
        assertEquals(2, tape.code(), tape::toString);
        assertEquals("error: --jvp is not available with engine 'tape': vjp_only.grad:4:32: this derivative needs the"
                + " derivative of this call of 'f' with respect to 'x', which has no rule; add @jvp_rule(f, x)\n",
                tape.err());
        assertNull(EngineRuns.agree(List.of(file, "--fn", "g", "--arg", "x=2", "--hvp", "x=1"), 0));
    }
}
