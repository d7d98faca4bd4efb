package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule may call any function defined before the rule (as any function may), even one defined after the function
 * it is the rule of; and a call binds a callee's size names from int-array and bool arguments as from real ones,
 * for ordinary functions, functions with rules and extern functions.
 */
class RuleLookupAndSizesTest {

    @TempDir
    Path dir;

    private static final List<String> ENGINES = List.of("compiled", "tape", "interpreter");

    /** {@code gradc run FILE ARGS --json MODE --engine ENGINE}, which must succeed, parsed. */
    static Map<?, ?> run(String file, List<String> args, String engine, String... mode) {
        List<String> all = new java.util.ArrayList<>(List.of("run", file));
        all.addAll(args);
        all.addAll(List.of("--json", "--engine", engine));
        all.addAll(List.of(mode));
        Cli.Result r = Cli.run(all.toArray(new String[0]));
        assertEquals(0, r.code(), r::toString);
        return (Map<?, ?>) StrictJson.parse(r.out());
    }

    static double number(Object o) {
        return (Double) o;
    }

    /** twice and square_of are defined after f but before f's rules, which call them (one inside a derivative). */
    private static final String HELPERS_AFTER_F = """
            fn f(x: real) -> real { return x * x; }
            fn twice(z: real) -> real { return 2 * z; }
            fn square_of(z: real) -> real { return z * z; }
            @vjp_rule(f, x)
            fn f_vjp(x: real, y: real, ybar: real) -> real { return ybar * twice(x) * 1.5; }
            @jvp_rule(f, x)
            fn f_jvp(x: real, y: real, dx: real) -> real { return dx * grad(square_of, z)(x) * 1.5; }
            fn g(x: real) -> real { return f(x) + sin(x); }
            """;

    @Test
    void aRuleCallsHelpersDefinedAfterItsFunctionInEveryEngine() {
        String file = Cli.write(dir, "rules.grad", HELPERS_AFTER_F);
        for (double x : new double[] {0.7, -2}) {
            double want = 3 * x + Math.cos(x); // the rules' 1.5 · 2x, not the body's 2x
            List<String> args = List.of("--fn", "g", "--arg", "x=" + x);
            for (String engine : ENGINES) {
                Map<?, ?> g = run(file, args, engine, "--grad");
                assertEquals(x * x + Math.sin(x), number(g.get("value")), 1e-15, engine);
                assertEquals(want, number(((Map<?, ?>) g.get("gradient")).get("x")), 1e-12, engine);
                assertEquals(2 * want, number(run(file, args, engine, "--jvp", "x=2").get("jvp")), 1e-12, engine);
            }
        }
    }

    @Test
    void aRuleCallingAFunctionDefinedAfterTheRuleIsTheOrdinaryPositionedError() {
        String program = """
                fn f(x: real) -> real { return x * x; }
                @vjp_rule(f, x)
                fn f_vjp(x: real, y: real, ybar: real) -> real { return ybar * twice(x); }
                fn twice(z: real) -> real { return 2 * z; }
                fn h(x: real) -> real { return twice(x) + later(x); }
                fn later(x: real) -> real { return x; }
                """;
        String message = "function '%s' is defined later in the file; a function may call only functions before it";
        dev.gradc.diag.BadInput.assertErrors(program, "3:64: " + message.formatted("twice"),
                "5:43: " + message.formatted("later"));
    }

    /**
     * K is bound only by an int[K] argument: in an ordinary function (weights), one with rules (spread) and an
     * extern (scaled, whose result is real[K]). f = 0.5·s·Σidx + s²·K, so ∂f/∂s = 0.5·Σidx + 2sK, ∂²f/∂s² = 2K.
     */
    static final String SIZES_FROM_INT_ARRAYS = """
            extern fn scaled<K>(idx: int[K], s: real) -> real[K] = "dev.gradc.rules.JavaFunctions.scaled";
            @vjp_rule(scaled, s)
            fn scaled_vjp<K>(idx: int[K], s: real, y: real[K], ybar: real[K]) -> real { return sum(ybar * y) / s; }
            @jvp_rule(scaled, s)
            fn scaled_jvp<K>(idx: int[K], s: real, y: real[K], ds: real) -> real[K] { return ds * y / s; }
            fn weights<K>(idx: int[K]) -> real[K] { return 0.5 * ones(K); }
            fn spread<K>(idx: int[K], flags: bool, s: real) -> real { return s * s * sum(ones(K)); }
            @vjp_rule(spread, s)
            fn spread_vjp<K>(idx: int[K], flags: bool, s: real, y: real, ybar: real) -> real {
              return ybar * 2 * s * sum(ones(K));
            }
            @jvp_rule(spread, s)
            fn spread_jvp<K>(idx: int[K], flags: bool, s: real, y: real, ds: real) -> real {
              return ds * 2 * s * sum(ones(K));
            }
            fn f<M>(idx: int[M], s: real) -> real {
              return sum(scaled(idx, s) * weights(idx)) + spread(idx, s > 0, s);
            }
            """;

    @Test
    void sizesBoundOnlyByIntArraysInEveryEngineAndMode() {
        String file = Cli.write(dir, "sizes.grad", SIZES_FROM_INT_ARRAYS);
        double s = 1.5;
        int k = 3;
        double sumIdx = 0 + 2 + 5;
        double value = 0.5 * s * sumIdx + s * s * k;
        double grad = 0.5 * sumIdx + 2 * s * k;
        List<String> args = List.of("--fn", "f", "--arg", "idx=[0,2,5]", "--arg", "s=1.5");
        for (String engine : ENGINES) {
            Map<?, ?> g = run(file, args, engine, "--grad");
            assertEquals(value, number(g.get("value")), 1e-12, engine);
            assertEquals(grad, number(((Map<?, ?>) g.get("gradient")).get("s")), 1e-12, engine);
            assertEquals(2 * grad, number(run(file, args, engine, "--jvp", "s=2").get("jvp")), 1e-12, engine);
        }
        for (String engine : List.of("compiled", "interpreter")) {
            assertEquals(List.of(List.of(2.0 * k)), run(file, args, engine, "--hessian").get("hessian"), engine);
        }
    }
}
